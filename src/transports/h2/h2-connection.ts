/**
 * H2Connection is one HTTP/2 client connection of the lean gRPC transport, speaking the frames
 * itself over a TCP or TLS socket: request streams whose header block and body are prepared once,
 * responses as decoded header blocks and DATA chunks. It does what a request/response client
 * needs and nothing more: SETTINGS, both directions of flow control, stream concurrency limits,
 * PING, RST_STREAM, GOAWAY, CONTINUATION, padding. No server push (disabled in SETTINGS), no
 * priorities, no dynamic-table indexing of requests (see hpack.ts).
 *
 * Why not node:http2: a stream there costs an object graph, several emitters and a trip through
 * nghttp2 per call; a bare node:http2 loop made ~11.7k unary calls per CPU-second on this machine,
 * frames written directly over a socket ~150k (bench/README.md).
 */
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import {
  CANCEL,
  CLIENT_PREFACE,
  COMPRESSION_ERROR,
  CONTINUATION,
  DATA,
  DEFAULT_MAX_FRAME,
  DEFAULT_WINDOW,
  errorName,
  FLAG_ACK,
  FLAG_END_HEADERS,
  FLAG_END_STREAM,
  FLAG_PADDED,
  FLAG_PRIORITY,
  FLOW_CONTROL_ERROR,
  FRAME_HEADER_BYTES,
  FRAME_SIZE_ERROR,
  FrameWriter,
  GOAWAY,
  HEADERS,
  MAX_WINDOW,
  NO_ERROR,
  PING,
  PROTOCOL_ERROR,
  PUSH_PROMISE,
  REFUSED_STREAM,
  RST_STREAM,
  SETTINGS,
  SETTINGS_ENABLE_PUSH,
  SETTINGS_INITIAL_WINDOW_SIZE,
  SETTINGS_MAX_CONCURRENT_STREAMS,
  SETTINGS_MAX_FRAME_SIZE,
  WINDOW_UPDATE,
} from './frames.js';
import { HeaderDecoder, HpackError, type HeaderFields } from './hpack.js';

/**
 * Our receive side: frames up to 16 MiB (large tensors in few frames), a 16 MiB window per stream
 * and 1 GiB for the connection, each topped up once half of it is used.
 */
const LOCAL_MAX_FRAME = (1 << 24) - 1;
const LOCAL_STREAM_WINDOW = 16 << 20;
const LOCAL_CONNECTION_WINDOW = 1 << 30;
/** Client stream ids are odd and end at 2^31 - 1; a connection that runs out goes away. */
const LAST_STREAM_ID = 0x7fffffff;

/**
 * H2Stream is one request: its prepared header block and body, and the state the connection keeps
 * for it. Transports extend it with their own per-call state.
 */
export class H2Stream {
  /** id is 0 until the stream is opened (it may wait for the peer's concurrency limit). */
  id: number;
  block: Buffer;
  body: Buffer;
  /** sent is how much of body has left (flow control may hold the rest). */
  sent: number;
  /** ending: END_STREAM follows the body (false while more is to be written); endSent once it left. */
  ending: boolean;
  endSent: boolean;
  sendWindow: number;
  /** recvUnacked is DATA received since the last stream WINDOW_UPDATE. */
  recvUnacked: number;
  blocked: boolean;

  constructor(block: Buffer, body: Buffer) {
    this.id = 0;
    this.block = block;
    this.body = body;
    this.sent = 0;
    this.ending = true;
    this.endSent = false;
    this.sendWindow = 0;
    this.recvUnacked = 0;
    this.blocked = false;
  }
}

/** H2StreamError ends a stream that did not complete: reset, refused, or its connection failed. */
export class H2StreamError extends Error {
  override readonly name = 'H2StreamError';
  /** rstCode is the RST_STREAM (or GOAWAY) error code, or -1 when the connection failed. */
  readonly rstCode: number;
  /** cause is the socket's error when the connection failed. */
  readonly socketError: (Error & { code?: string }) | null;
  /** priorGoAway is grpc-go's note of a GOAWAY before the connection closed (`code: NO_ERROR, debug data: ""`), or null. */
  readonly priorGoAway: string | null;

  constructor(message: string, rstCode: number, socketError: (Error & { code?: string }) | null = null, priorGoAway: string | null = null) {
    super(message);
    this.rstCode = rstCode;
    this.socketError = socketError;
    this.priorGoAway = priorGoAway;
  }
}

/** H2Events is what the connection tells its owner about streams and itself. */
export interface H2Events<S extends H2Stream> {
  /** onHeaders: a response header block (headers, or trailers when endStream). */
  onHeaders(s: S, fields: HeaderFields, endStream: boolean): void;
  onData(s: S, chunk: Buffer, endStream: boolean): void;
  /** onStreamError: the stream ended without END_STREAM from the peer. */
  onStreamError(s: S, err: H2StreamError): void;
  /** onUnsent: a stream that never left was handed back (the connection is going away). */
  onUnsent(s: S): void;
  /** onClosed: the connection takes no more streams (GOAWAY received, failed or closed). */
  onClosed(c: H2Connection<S>): void;
}

class ConnectionError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

/** unpaddedEnd is where a frame's payload ends once its padding (flag PADDED) is taken off. */
function unpaddedEnd(flags: number, buf: Buffer, at: number, length: number, frame: string): number {
  if (!(flags & FLAG_PADDED)) return at + length;
  if (length < 1 || buf[at] >= length) throw new ConnectionError(PROTOCOL_ERROR, `${frame} padding exceeds the payload`);
  return at + length - buf[at];
}

export class H2Connection<S extends H2Stream> {
  private readonly socket: Socket | TLSSocket;
  private readonly events: H2Events<S>;
  private readonly out: FrameWriter;
  private readonly decoder: HeaderDecoder;
  private readonly streams: Map<number, S>;
  /** queued streams wait for the peer's concurrency limit; blocked ones for send window. */
  private readonly queued: S[];
  private readonly blockedStreams: S[];
  private nextId: number;
  private peerMaxStreams: number;
  private peerInitialWindow: number;
  private peerMaxFrame: number;
  private sendWindow: number;
  private recvUnacked: number;
  /** held is the start of a frame whose end has not arrived; heldNeed its whole length. */
  private held: Buffer[] | null;
  private heldBytes: number;
  private heldNeed: number;
  /** A header block split over CONTINUATION frames: its stream, parts so far, END_STREAM. */
  private contStream: number;
  private contParts: Buffer[];
  private contEnd: boolean;
  /** acceptsStreams is false once GOAWAY arrived or ids ran out; closed once the socket is gone. */
  acceptsStreams: boolean;
  closed: boolean;
  /** goAway notes the peer's GOAWAY, for the streams the close after it fails. */
  private goAway: string | null;
  /** ready settles once the peer's SETTINGS arrived or the connection failed. */
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private readonly closedPromise: Promise<void>;

  /**
   * socket is connecting or connected; secure sockets must negotiate `h2` by ALPN. The preface and
   * SETTINGS are queued at once.
   */
  constructor(socket: Socket | TLSSocket, events: H2Events<S>, secure: boolean) {
    this.socket = socket;
    this.events = events;
    this.out = new FrameWriter((parts) => this.writeParts(parts));
    this.decoder = new HeaderDecoder();
    this.streams = new Map();
    this.queued = [];
    this.blockedStreams = [];
    this.nextId = 1;
    this.peerMaxStreams = Infinity;
    this.peerInitialWindow = DEFAULT_WINDOW;
    this.peerMaxFrame = DEFAULT_MAX_FRAME;
    this.sendWindow = DEFAULT_WINDOW;
    this.recvUnacked = 0;
    this.held = null;
    this.heldBytes = 0;
    this.heldNeed = 0;
    this.contStream = 0;
    this.contParts = [];
    this.contEnd = false;
    this.acceptsStreams = true;
    this.closed = false;
    this.goAway = null;
    this.ready = new Promise<void>((resolve) => (this.markReady = resolve));
    this.closedPromise = new Promise<void>((resolve) => socket.once('close', () => resolve()));

    socket.on('data', (chunk: Buffer) => this.onSocketData(chunk));
    socket.on('error', (err: Error) => this.fail(new H2StreamError(err.message, -1, err)));
    socket.on('close', () => this.fail(new H2StreamError('EOF', -1, null, this.goAway)));
    if (secure) {
      socket.once('secureConnect', () => {
        const alpn = (socket as TLSSocket).alpnProtocol;
        if (alpn === 'h2') return;
        const err = new Error(`the server did not agree to HTTP/2 by ALPN (it chose ${alpn || 'nothing'})`);
        this.fail(new H2StreamError(err.message, -1, err));
      });
    }
    this.writeParts([CLIENT_PREFACE]); // before any frame: the frames below leave on the next tick
    const settings = Buffer.alloc(18);
    settings.writeUInt16BE(SETTINGS_ENABLE_PUSH, 0);
    settings.writeUInt32BE(0, 2);
    settings.writeUInt16BE(SETTINGS_INITIAL_WINDOW_SIZE, 6);
    settings.writeUInt32BE(LOCAL_STREAM_WINDOW, 8);
    settings.writeUInt16BE(SETTINGS_MAX_FRAME_SIZE, 12);
    settings.writeUInt32BE(LOCAL_MAX_FRAME, 14);
    this.out.frame(SETTINGS, 0, 0, settings);
    this.out.frameU32(WINDOW_UPDATE, 0, 0, LOCAL_CONNECTION_WINDOW - DEFAULT_WINDOW);
  }

  /** activeStreams is how many streams are open or waiting on this connection. */
  get activeStreams(): number {
    return this.streams.size + this.queued.length;
  }

  /** request opens a stream for s (or queues it under the peer's concurrency limit). */
  request(s: S): void {
    if (this.streams.size >= this.peerMaxStreams) this.queued.push(s);
    else this.open(s);
  }

  /**
   * write adds chunk to s's body, after whatever flow control still holds back; end closes our
   * side after it. For streams whose messages leave over time (ghz's --stream-interval).
   */
  write(s: S, chunk: Buffer, end: boolean): void {
    if (s.id !== 0 && this.streams.get(s.id) !== s) return; // already ended
    const rest = s.body.subarray(s.sent);
    s.body = rest.length === 0 ? chunk : Buffer.concat([rest, chunk]);
    s.sent = 0;
    s.ending = end;
    if (s.id !== 0) this.sendBody(s);
  }

  /** cancel ends s from our side (RST_STREAM CANCEL); the owner finishes the call itself. */
  cancel(s: S): void {
    if (s.id === 0) {
      const i = this.queued.indexOf(s);
      if (i >= 0) this.queued.splice(i, 1);
      return;
    }
    if (this.streams.get(s.id) !== s) return;
    this.streams.delete(s.id);
    this.unblock(s);
    this.out.frameU32(RST_STREAM, 0, s.id, CANCEL);
    this.afterStreamEnd();
  }

  /** close says goodbye (GOAWAY) and ends the socket; streams still open end as failed. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.out.frameU32(GOAWAY, 0, 0, 0, NO_ERROR);
      this.out.flush();
      this.socket.destroySoon();
      this.fail(new H2StreamError('client closed the connection', -1));
    }
    await this.closedPromise;
  }

  private open(s: S): void {
    const id = this.nextId;
    this.nextId += 2;
    if (this.nextId > LAST_STREAM_ID) this.stopAccepting();
    s.id = id;
    s.sent = 0;
    s.endSent = false;
    s.sendWindow = this.peerInitialWindow;
    s.recvUnacked = 0;
    this.streams.set(id, s);
    const block = s.block;
    const max = this.peerMaxFrame;
    if (block.length <= max) this.out.frame(HEADERS, FLAG_END_HEADERS, id, block);
    else {
      this.out.frame(HEADERS, 0, id, block, 0, max);
      for (let at = max; at < block.length; at += max) {
        const n = Math.min(max, block.length - at);
        this.out.frame(CONTINUATION, at + n === block.length ? FLAG_END_HEADERS : 0, id, block, at, n);
      }
    }
    this.sendBody(s);
  }

  /** sendBody writes as much of s's body as the windows allow; the rest waits for WINDOW_UPDATE. */
  private sendBody(s: S): void {
    const body = s.body;
    while (s.sent < body.length) {
      const n = Math.min(body.length - s.sent, this.sendWindow, s.sendWindow, this.peerMaxFrame);
      if (n <= 0) {
        if (!s.blocked) {
          s.blocked = true;
          this.blockedStreams.push(s);
        }
        return;
      }
      const last = s.ending && s.sent + n === body.length;
      this.out.frame(DATA, last ? FLAG_END_STREAM : 0, s.id, body, s.sent, n);
      s.sent += n;
      s.sendWindow -= n;
      this.sendWindow -= n;
      if (last) s.endSent = true;
    }
    if (s.ending && !s.endSent) {
      this.out.frame(DATA, FLAG_END_STREAM, s.id, null);
      s.endSent = true;
    }
    this.unblock(s);
  }

  private unblock(s: S): void {
    if (!s.blocked) return;
    s.blocked = false;
    const i = this.blockedStreams.indexOf(s);
    if (i >= 0) this.blockedStreams.splice(i, 1);
  }

  private drainBlocked(): void {
    for (const s of this.blockedStreams.slice()) {
      if (this.sendWindow <= 0) return;
      this.sendBody(s);
    }
  }

  /** afterStreamEnd starts queued streams in the freed slot, or ends a draining connection. */
  private afterStreamEnd(): void {
    while (this.queued.length > 0 && this.streams.size < this.peerMaxStreams && !this.closed) this.open(this.queued.shift()!);
    if (!this.acceptsStreams && this.streams.size === 0 && this.queued.length === 0 && !this.closed) {
      this.out.frameU32(GOAWAY, 0, 0, 0, NO_ERROR);
      this.out.flush();
      this.socket.destroySoon();
    }
  }

  private stopAccepting(): void {
    if (!this.acceptsStreams) return;
    this.acceptsStreams = false;
    this.events.onClosed(this);
  }

  private writeParts(parts: Buffer[]): void {
    if (this.socket.destroyed) return;
    if (parts.length === 1) {
      this.socket.write(parts[0]);
      return;
    }
    this.socket.cork();
    for (const p of parts) this.socket.write(p);
    this.socket.uncork();
  }

  private onSocketData(chunk: Buffer): void {
    let buf: Buffer;
    if (this.held === null) buf = chunk;
    else {
      this.held.push(chunk);
      this.heldBytes += chunk.length;
      if (this.heldBytes < this.heldNeed) return;
      buf = Buffer.concat(this.held, this.heldBytes);
      this.held = null;
    }
    const end = buf.length;
    let off = 0;
    try {
      while (end - off >= FRAME_HEADER_BYTES) {
        const length = (buf[off] << 16) | (buf[off + 1] << 8) | buf[off + 2];
        if (length > LOCAL_MAX_FRAME) throw new ConnectionError(FRAME_SIZE_ERROR, `frame of ${length} bytes exceeds SETTINGS_MAX_FRAME_SIZE`);
        if (end - off < FRAME_HEADER_BYTES + length) break;
        const type = buf[off + 3];
        const flags = buf[off + 4];
        const id = buf.readUInt32BE(off + 5) & 0x7fffffff;
        const at = off + FRAME_HEADER_BYTES;
        off = at + length;
        this.onFrame(type, flags, id, buf, at, length);
        if (this.closed) return;
      }
    } catch (err) {
      if (!(err instanceof ConnectionError)) throw err;
      this.out.frameU32(GOAWAY, 0, 0, 0, err.code); // last stream id 0: the server opens none to us
      this.out.flush();
      this.socket.destroySoon();
      this.fail(new H2StreamError(`connection error: ${errorName(err.code)}: ${err.message}`, err.code));
      return;
    }
    if (off < end) {
      const rest = buf.subarray(off);
      this.held = [rest];
      this.heldBytes = rest.length;
      this.heldNeed = rest.length >= FRAME_HEADER_BYTES ? FRAME_HEADER_BYTES + ((rest[0] << 16) | (rest[1] << 8) | rest[2]) : FRAME_HEADER_BYTES;
    }
  }

  private onFrame(type: number, flags: number, id: number, buf: Buffer, at: number, length: number): void {
    if (this.contStream !== 0 && type !== CONTINUATION) throw new ConnectionError(PROTOCOL_ERROR, 'header block interrupted by another frame');
    switch (type) {
      case DATA:
        return this.onDataFrame(flags, id, buf, at, length);
      case HEADERS:
        return this.onHeadersFrame(flags, id, buf, at, length);
      case CONTINUATION:
        if (id === 0 || id !== this.contStream) throw new ConnectionError(PROTOCOL_ERROR, 'unexpected CONTINUATION');
        this.contParts.push(buf.subarray(at, at + length));
        if (flags & FLAG_END_HEADERS) {
          const block = Buffer.concat(this.contParts);
          this.contStream = 0;
          this.contParts = [];
          this.onHeaderBlock(id, block, this.contEnd);
        }
        return;
      case RST_STREAM: {
        if (length !== 4) throw new ConnectionError(FRAME_SIZE_ERROR, 'RST_STREAM of the wrong size');
        const s = this.streams.get(id);
        if (s === undefined) return;
        const code = buf.readUInt32BE(at);
        this.endStream(s);
        this.events.onStreamError(s, new H2StreamError(`stream terminated by RST_STREAM with error code: ${errorName(code)}`, code));
        return;
      }
      case SETTINGS:
        return this.onSettings(flags, buf, at, length);
      case PING:
        if (length !== 8) throw new ConnectionError(FRAME_SIZE_ERROR, 'PING of the wrong size');
        if (!(flags & FLAG_ACK)) this.out.frame(PING, FLAG_ACK, 0, buf, at, 8);
        return;
      case GOAWAY:
        return this.onGoAway(buf, at, length);
      case WINDOW_UPDATE:
        return this.onWindowUpdate(id, buf, at, length);
      case PUSH_PROMISE:
        throw new ConnectionError(PROTOCOL_ERROR, 'PUSH_PROMISE after SETTINGS_ENABLE_PUSH = 0');
      default:
        return; // PRIORITY and unknown types are ignored (RFC 9113 4.1, 5.5)
    }
  }

  private onDataFrame(flags: number, id: number, buf: Buffer, at: number, length: number): void {
    // Flow control counts the whole payload, padding included, whether or not the stream is still open.
    this.recvUnacked += length;
    if (this.recvUnacked >= LOCAL_CONNECTION_WINDOW / 2) {
      this.out.frameU32(WINDOW_UPDATE, 0, 0, this.recvUnacked);
      this.recvUnacked = 0;
    }
    const s = this.streams.get(id);
    if (s === undefined) return;
    const end = (flags & FLAG_END_STREAM) !== 0;
    if (!end) {
      s.recvUnacked += length;
      if (s.recvUnacked >= LOCAL_STREAM_WINDOW / 2) {
        this.out.frameU32(WINDOW_UPDATE, 0, id, s.recvUnacked);
        s.recvUnacked = 0;
      }
    }
    const from = flags & FLAG_PADDED ? at + 1 : at;
    const to = unpaddedEnd(flags, buf, at, length, 'DATA');
    if (end) this.endStream(s);
    if (to > from || end) this.events.onData(s, buf.subarray(from, to), end);
  }

  private onHeadersFrame(flags: number, id: number, buf: Buffer, at: number, length: number): void {
    if (id === 0) throw new ConnectionError(PROTOCOL_ERROR, 'HEADERS on stream 0');
    let from = flags & FLAG_PADDED ? at + 1 : at;
    const to = unpaddedEnd(flags, buf, at, length, 'HEADERS');
    if (flags & FLAG_PRIORITY) from += 5;
    if (from > to) throw new ConnectionError(FRAME_SIZE_ERROR, 'HEADERS too short');
    const end = (flags & FLAG_END_STREAM) !== 0;
    if (flags & FLAG_END_HEADERS) this.onHeaderBlock(id, buf.subarray(from, to), end);
    else {
      this.contStream = id;
      this.contParts = [buf.subarray(from, to)];
      this.contEnd = end;
    }
  }

  /** onHeaderBlock decodes every block, even a closed stream's: the HPACK table depends on it. */
  private onHeaderBlock(id: number, block: Buffer, end: boolean): void {
    let fields: HeaderFields;
    try {
      fields = this.decoder.decode(block);
    } catch (err) {
      if (err instanceof HpackError) throw new ConnectionError(COMPRESSION_ERROR, err.message);
      throw err;
    }
    const s = this.streams.get(id);
    if (s === undefined) return;
    if (end) this.endStream(s);
    this.events.onHeaders(s, fields, end);
  }

  /** endStream forgets s once the peer ended it; a body still held back or to come is abandoned. */
  private endStream(s: S): void {
    this.streams.delete(s.id);
    if (!s.endSent) {
      this.unblock(s);
      this.out.frameU32(RST_STREAM, 0, s.id, CANCEL);
    }
    this.afterStreamEnd();
  }

  private onSettings(flags: number, buf: Buffer, at: number, length: number): void {
    if (flags & FLAG_ACK) return;
    if (length % 6 !== 0) throw new ConnectionError(FRAME_SIZE_ERROR, 'SETTINGS of the wrong size');
    for (let p = at; p < at + length; p += 6) {
      const key = buf.readUInt16BE(p);
      const value = buf.readUInt32BE(p + 2);
      if (key === SETTINGS_MAX_CONCURRENT_STREAMS) this.peerMaxStreams = value;
      else if (key === SETTINGS_MAX_FRAME_SIZE) {
        if (value < DEFAULT_MAX_FRAME || value > LOCAL_MAX_FRAME) throw new ConnectionError(PROTOCOL_ERROR, `SETTINGS_MAX_FRAME_SIZE ${value} out of range`);
        this.peerMaxFrame = value;
      } else if (key === SETTINGS_INITIAL_WINDOW_SIZE) {
        if (value > MAX_WINDOW) throw new ConnectionError(FLOW_CONTROL_ERROR, 'SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1');
        const delta = value - this.peerInitialWindow;
        this.peerInitialWindow = value;
        for (const s of this.streams.values()) s.sendWindow += delta;
      }
    }
    this.out.frame(SETTINGS, FLAG_ACK, 0, null);
    this.drainBlocked();
    this.afterStreamEnd();
    this.markReady();
  }

  private onGoAway(buf: Buffer, at: number, length: number): void {
    if (length < 8) throw new ConnectionError(FRAME_SIZE_ERROR, 'GOAWAY too short');
    const lastId = buf.readUInt32BE(at) & 0x7fffffff;
    const code = buf.readUInt32BE(at + 4);
    this.goAway = `code: ${errorName(code)}, debug data: ${JSON.stringify(buf.toString('latin1', at + 8, at + length))}`;
    this.stopAccepting();
    // Streams above lastId were never processed; queued ones never left.
    for (const [id, s] of [...this.streams]) {
      if (id <= lastId) continue;
      this.streams.delete(id);
      this.unblock(s);
      this.events.onStreamError(s, new H2StreamError(`the server went away (GOAWAY ${errorName(code)}) before handling the stream`, REFUSED_STREAM));
    }
    for (const s of this.queued.splice(0)) this.events.onUnsent(s);
    this.afterStreamEnd();
  }

  private onWindowUpdate(id: number, buf: Buffer, at: number, length: number): void {
    if (length !== 4) throw new ConnectionError(FRAME_SIZE_ERROR, 'WINDOW_UPDATE of the wrong size');
    const increment = buf.readUInt32BE(at) & 0x7fffffff;
    if (id === 0) {
      this.sendWindow += increment;
      if (this.sendWindow > MAX_WINDOW) throw new ConnectionError(FLOW_CONTROL_ERROR, 'connection window above 2^31-1');
      this.drainBlocked();
      return;
    }
    const s = this.streams.get(id);
    if (s === undefined) return;
    s.sendWindow += increment;
    if (s.blocked && this.sendWindow > 0) this.sendBody(s);
  }

  /** fail ends the connection: every open or waiting stream ends with err. */
  private fail(err: H2StreamError): void {
    if (this.closed) return;
    this.closed = true;
    this.markReady();
    if (err.socketError !== null) this.socket.destroy();
    this.stopAccepting();
    const open = [...this.streams.values(), ...this.queued.splice(0)];
    this.streams.clear();
    this.blockedStreams.length = 0;
    for (const s of open) this.events.onStreamError(s, err);
  }
}
