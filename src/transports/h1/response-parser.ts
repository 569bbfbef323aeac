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
    this.parseHead(buf.toString('latin1', start, end));
    return consumed;
  }

  private parseHead(head: string): void {
    if (!head.startsWith('HTTP/1.')) throw new ProtocolError(`malformed HTTP response: "${head.slice(0, 40)}"`);
    const lineEnd = head.indexOf('\r\n');
    const statusLine = lineEnd < 0 ? head : head.slice(0, lineEnd);
    const status = Number(statusLine.slice(9, 12));
    if (!(status >= 100 && status <= 999)) throw new ProtocolError(`malformed status line: "${statusLine.slice(0, 40)}"`);
    const http10 = head.charCodeAt(7) === 48; // HTTP/1.0
    let keepAlive = !http10;
    let length = -1;
    let chunked = false;
    const raw: string[] | null = this.captureHeaders ? [] : null;
    for (let i = lineEnd; i >= 0 && i < head.length; ) {
      const next = head.indexOf('\r\n', i + 2);
      const line = head.slice(i + 2, next < 0 ? head.length : next);
      i = next;
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon);
      const value = line.slice(colon + 1).trim();
      if (raw !== null) raw.push(name, value);
      const n = name.length;
      if (n === 14 && name.toLowerCase() === 'content-length') length = Number(value);
      else if (n === 17 && name.toLowerCase() === 'transfer-encoding') chunked = value.toLowerCase().endsWith('chunked');
      else if (n === 10 && name.toLowerCase() === 'connection') {
        const v = value.toLowerCase();
        if (v.includes('close')) keepAlive = false;
        else if (v.includes('keep-alive')) keepAlive = true;
      }
    }
    if (status < 200) return; // 1xx: an interim response; the real one follows.
    this.keepAlive = keepAlive;
    this.listener.onResponseHead(status, statusLine.slice(13), raw);
    if (!this.expectBody || status === 204 || status === 304) return this.end();
    if (chunked) this.state = CHUNK_SIZE;
    else if (length >= 0) {
      if (!Number.isSafeInteger(length)) throw new ProtocolError('malformed Content-Length');
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
