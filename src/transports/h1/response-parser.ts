/**
 * ResponseParser reads HTTP/1.1 responses from a byte stream, one after another (keep-alive and
 * pipelining): status line and headers, then a body framed by Content-Length, chunked encoding or
 * the end of the connection. It tells its listener about each part and keeps no copy of bodies.
 * The common case, a whole small response in one chunk, is parsed without copying.
 */

/** ResponseListener hears the parts of each response in order. */
export interface ResponseListener {
  /** rawHeaders alternate name and value; null unless headers are captured. */
  onResponseHead(status: number, statusText: string, rawHeaders: string[] | null): void;
  onResponseData(chunk: Buffer): void;
  /** keepAlive says whether the connection may carry the next response. */
  onResponseEnd(keepAlive: boolean): void;
}

/** ProtocolError is a response that is not valid HTTP/1.1. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

const HEAD = 0;
const BODY_LENGTH = 1;
const CHUNK_SIZE = 2;
const CHUNK_DATA = 3;
const CHUNK_END = 4;
const TRAILERS = 5;
const BODY_UNTIL_CLOSE = 6;

const CRLF2 = Buffer.from('\r\n\r\n');
const MAX_HEAD_BYTES = 1 << 20;

export class ResponseParser {
  private readonly listener: ResponseListener;
  private state: number;
  private remaining: number;
  /** pending holds an incomplete head or chunk-size/trailer line across reads. */
  private pending: Buffer | null;
  private keepAlive: boolean;
  /** expectBody is false while the response to a HEAD request is being read. */
  expectBody: boolean;
  captureHeaders: boolean;

  constructor(listener: ResponseListener, captureHeaders: boolean) {
    this.listener = listener;
    this.state = HEAD;
    this.remaining = 0;
    this.pending = null;
    this.keepAlive = true;
    this.expectBody = true;
    this.captureHeaders = captureHeaders;
  }

  /** idle is true between responses (nothing half-read). */
  get idle(): boolean {
    return this.state === HEAD && this.pending === null;
  }

  /** execute consumes one chunk from the socket; throws ProtocolError on malformed input. */
  execute(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      switch (this.state) {
        case HEAD:
          at = this.readHead(chunk, at);
          break;
        case BODY_LENGTH: {
          const n = Math.min(this.remaining, chunk.length - at);
          this.listener.onResponseData(at === 0 && n === chunk.length ? chunk : chunk.subarray(at, at + n));
          at += n;
          this.remaining -= n;
          if (this.remaining === 0) this.end();
          break;
        }
        case CHUNK_SIZE:
        case TRAILERS:
          at = this.readLine(chunk, at);
          break;
        case CHUNK_DATA: {
          const n = Math.min(this.remaining, chunk.length - at);
          this.listener.onResponseData(chunk.subarray(at, at + n));
          at += n;
          this.remaining -= n;
          if (this.remaining === 0) {
            this.state = CHUNK_END;
            this.remaining = 2;
          }
          break;
        }
        case CHUNK_END: {
          const n = Math.min(this.remaining, chunk.length - at);
          at += n;
          this.remaining -= n;
          if (this.remaining === 0) this.state = CHUNK_SIZE;
          break;
        }
        case BODY_UNTIL_CLOSE:
          this.listener.onResponseData(at === 0 ? chunk : chunk.subarray(at));
          at = chunk.length;
          break;
      }
    }
  }

  /**
   * finish is called when the connection ends: a body delimited by the close completes, and the
   * result says whether a response was cut short.
   */
  finish(): 'complete' | 'truncated' | 'idle' {
    if (this.state === BODY_UNTIL_CLOSE) {
      this.end();
      return 'complete';
    }
    return this.idle ? 'idle' : 'truncated';
  }

  private readHead(chunk: Buffer, at: number): number {
    let buf = chunk;
    let start = at;
    if (this.pending !== null) {
      buf = Buffer.concat([this.pending, chunk.subarray(at)]);
      start = 0;
    }
    const end = buf.indexOf(CRLF2, start);
    if (end < 0) {
      if (buf.length - start > MAX_HEAD_BYTES) throw new ProtocolError('response head larger than 1 MiB');
      this.pending = this.pending === null ? Buffer.from(chunk.subarray(at)) : buf;
      return chunk.length;
    }
    const consumed = this.pending === null ? end + 4 : chunk.length - (buf.length - (end + 4));
    this.pending = null;
    this.parseHead(buf, start, end);
    return consumed;
  }

  /**
   * parseHead reads the status line and headers in buf[start, end) as bytes: only the status text
   * of a failure and captured headers become strings. A string per head and a few per header line
   * were a quarter of what a worker allocated per request, which filled its old generation with
   * promoted garbage at 5k req/s (bench/README.md, "Where loadgen's memory went").
   */
  private parseHead(buf: Buffer, start: number, end: number): void {
    if (end - start < 7 || !startsWithHttp1(buf, start)) throw new ProtocolError(`malformed HTTP response: "${latin1(buf, start, Math.min(end, start + 40))}"`);
    const lineEnd = crlfAt(buf, start, end);
    const status = start + 12 <= lineEnd ? threeDigits(buf, start + 9) : NaN;
    if (!(status >= 100 && status <= 999)) throw new ProtocolError(`malformed status line: "${latin1(buf, start, Math.min(lineEnd, start + 40))}"`);
    let keepAlive = buf[start + 7] !== 48; // HTTP/1.0 closes unless told otherwise
    let length = -1;
    let chunked = false;
    const raw = this.captureHeaders ? [] as string[] : null;
    for (let i = lineEnd; i < end; ) {
      const from = i + 2;
      const next = crlfAt(buf, from, end);
      i = next;
      const colon = buf.indexOf(58, from);
      if (colon <= from || colon >= next) continue;
      let vs = colon + 1;
      let ve = next;
      while (vs < ve && isSpace(buf[vs])) vs++;
      while (ve > vs && isSpace(buf[ve - 1])) ve--;
      if (raw !== null) raw.push(latin1(buf, from, colon), latin1(buf, vs, ve));
      const n = colon - from;
      if (n === 14 && nameIs(buf, from, 'content-length')) {
        length = decimal(buf, vs, ve);
        // RFC 9112 6.3: an invalid length is unrecoverable (it used to read as "until close").
        if (!Number.isSafeInteger(length)) throw new ProtocolError('malformed Content-Length');
      }
      else if (n === 17 && nameIs(buf, from, 'transfer-encoding')) chunked = latin1(buf, vs, ve).toLowerCase().endsWith('chunked');
      else if (n === 10 && nameIs(buf, from, 'connection')) {
        if (ve - vs === 10 && nameIs(buf, vs, 'keep-alive')) keepAlive = true;
        else {
          const v = latin1(buf, vs, ve).toLowerCase();
          if (v.includes('close')) keepAlive = false;
          else if (v.includes('keep-alive')) keepAlive = true;
        }
      }
    }
    if (status < 200) return;
    this.keepAlive = keepAlive;
    this.listener.onResponseHead(status, reason(buf, Math.min(start + 13, lineEnd), lineEnd), raw);
    if (!this.expectBody || status === 204 || status === 304) return this.end();
    if (chunked) this.state = CHUNK_SIZE;
    else if (length >= 0) {
      if (length === 0) return this.end();
      this.state = BODY_LENGTH;
      this.remaining = length;
    } else {
      this.state = BODY_UNTIL_CLOSE;
      this.keepAlive = false;
    }
  }

  /** readLine reads a chunk-size line or a trailer line. */
  private readLine(chunk: Buffer, at: number): number {
    const nl = chunk.indexOf(10, at);
    if (nl < 0) {
      this.pending = this.pending === null ? Buffer.from(chunk.subarray(at)) : Buffer.concat([this.pending, chunk.subarray(at)]);
      if (this.pending.length > 4096) throw new ProtocolError('chunk-size line too long');
      return chunk.length;
    }
    let line = chunk.toString('latin1', at, nl);
    if (this.pending !== null) {
      line = this.pending.toString('latin1') + line;
      this.pending = null;
    }
    line = line.trimEnd();
    if (this.state === TRAILERS) {
      if (line === '') this.end();
      return nl + 1;
    }
    const semi = line.indexOf(';');
    const size = parseInt(semi < 0 ? line : line.slice(0, semi), 16);
    if (!(size >= 0)) throw new ProtocolError(`malformed chunk size "${line.slice(0, 20)}"`);
    if (size === 0) this.state = TRAILERS;
    else {
      this.state = CHUNK_DATA;
      this.remaining = size;
    }
    return nl + 1;
  }

  private end(): void {
    this.state = HEAD;
    this.remaining = 0;
    this.listener.onResponseEnd(this.keepAlive);
  }
}

const HTTP1 = Buffer.from('HTTP/1.', 'latin1');

function startsWithHttp1(buf: Buffer, at: number): boolean {
  for (let k = 0; k < HTTP1.length; k++) if (buf[at + k] !== HTTP1[k]) return false;
  return true;
}

function latin1(buf: Buffer, from: number, to: number): string {
  return buf.toString('latin1', from, to);
}

/** reason is the status line's reason phrase; "OK", by far the most common, without a new string. */
function reason(buf: Buffer, from: number, to: number): string {
  return to - from === 2 && buf[from] === 79 && buf[from + 1] === 75 ? 'OK' : latin1(buf, from, to);
}

/** crlfAt is the index of the first CR LF in buf[from, end), or end. */
function crlfAt(buf: Buffer, from: number, end: number): number {
  for (let j = from; j < end - 1; j++) if (buf[j] === 13 && buf[j + 1] === 10) return j;
  return end;
}

/** threeDigits reads a status code's three decimal digits, NaN unless all three are digits. */
function threeDigits(buf: Buffer, at: number): number {
  const a = buf[at] - 48;
  const b = buf[at + 1] - 48;
  const c = buf[at + 2] - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 && c >= 0 && c <= 9 ? a * 100 + b * 10 + c : NaN;
}

/** decimal reads a Content-Length value: decimal digits only, else NaN. */
function decimal(buf: Buffer, from: number, to: number): number {
  if (from === to) return NaN;
  let v = 0;
  for (let j = from; j < to; j++) {
    const d = buf[j] - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

/** nameIs compares buf at `at` with a lower-case ASCII name, ignoring the case of buf's letters. */
function nameIs(buf: Buffer, at: number, lower: string): boolean {
  for (let k = 0; k < lower.length; k++) {
    let c = buf[at + k];
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(k)) return false;
  }
  return true;
}

/** isSpace is what String.prototype.trim removes from a latin1 header value. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 160;
}
