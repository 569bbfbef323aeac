/**
 * H2GrpcTransport is the lean unary gRPC client: each call is one stream on loadgen's own HTTP/2
 * connection (transports/h2), with the header block and the framed request message prepared once
 * per target and written as they are; the status is read from the trailers. It does none of
 * grpc-js's per-call work (channel state machines, interceptors, (de)serialisation, promises) and
 * none of node:http2's (an object graph and emitters per stream, a trip through nghttp2).
 * Calls are spread round-robin over --connections connections, re-opened when they fail or the
 * server sends GOAWAY.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { decodeGrpcMessage, FRAME_HEADER_BYTES } from './grpc-wire.js';
import type { GrpcStreamOptions } from '../../plan/plan.js';
import type { ExchangeOwner, GrpcTarget, HttpExchange } from '../exchange.js';
import { CANCEL, COMPRESSION_ERROR, FLOW_CONTROL_ERROR, FRAME_SIZE_ERROR, PROTOCOL_ERROR, REFUSED_STREAM } from '../h2/frames.js';
import { H2Connection, H2Stream, type H2Events, type H2StreamError } from '../h2/h2-connection.js';
import { encodeHeaderBlock, type HeaderFields } from '../h2/hpack.js';
import type { Transport } from '../transport.js';
import { errorKindOf, goErrorText, TimeoutError } from '../transport-errors.js';
import type { ErrorKind } from '../../core/outcome.js';

/** gRPC codes this transport produces itself. */
const CANCELLED = 1;
const UNKNOWN = 2;
const DEADLINE_EXCEEDED = 4;
const PERMISSION_DENIED = 7;
const RESOURCE_EXHAUSTED = 8;
const UNIMPLEMENTED = 12;
const INTERNAL = 13;
const UNAVAILABLE = 14;
const UNAUTHENTICATED = 16;
const ENHANCE_YOUR_CALM = 11;
const INADEQUATE_SECURITY = 12;

/** H2GrpcOptions are the connection settings of the lean gRPC client. */
export interface H2GrpcOptions {
  /** authority is `http://host:port` (plaintext) or `https://host:port` (TLS). */
  readonly authority: string;
  readonly connections: number;
  /** tls holds the TLS client options (CA, client certificate, server name), or null for plaintext. */
  readonly tls: ConnectionOptions | null;
  /** maxRecvBytes fails a call whose response message is larger (RESOURCE_EXHAUSTED). */
  readonly maxRecvBytes: number;
  /** stream shapes streaming calls (ghz's --stream-* options), or null. */
  readonly stream: GrpcStreamOptions | null;
}

/** GrpcCall is one unary call's stream and what has been learnt of its outcome so far. */
class GrpcCall extends H2Stream {
  x: HttpExchange | null;
  conn: H2Connection<GrpcCall> | null;
  /** status is the gRPC status once known (-1 before). */
  status: number;
  message: string;
  received: number;
  /** timer paces or ends a shaped stream (StreamCall); null for plain calls. */
  timer: NodeJS.Timeout | null;

  constructor(block: Buffer, body: Buffer, x: HttpExchange) {
    super(block, body);
    this.x = x;
    this.conn = null;
    this.status = -1;
    this.message = '';
    this.received = 0;
    this.timer = null;
  }
}

/**
 * StreamCall is a stream shaped by --stream-* options: the messages it sends over time, or the
 * replies it counts (a small reader of the 5-byte prefixes, without copying messages).
 */
class StreamCall extends GrpcCall {
  /** messages are the call's framed messages, sent in turn, cycling. */
  readonly messages: readonly Buffer[];
  sentMessages: number;
  readonly startedMs: number;
  repliesLeft: number;
  /** prefixLeft/lengthSoFar read the current reply's prefix; bodyLeft is the rest of its message. */
  prefixLeft: number;
  lengthSoFar: number;
  bodyLeft: number;

  constructor(block: Buffer, body: Buffer, x: HttpExchange, messages: readonly Buffer[], replies: number) {
    super(block, body, x);
    this.messages = messages;
    this.sentMessages = 0;
    this.startedMs = performance.now();
    this.repliesLeft = replies;
    this.prefixLeft = FRAME_HEADER_BYTES;
    this.lengthSoFar = 0;
    this.bodyLeft = 0;
  }

  /** countReplies reads chunk's message boundaries and tells whether the reply limit is reached. */
  countReplies(chunk: Buffer): boolean {
    for (let i = 0; i < chunk.length; ) {
      if (this.bodyLeft > 0) {
        const n = Math.min(this.bodyLeft, chunk.length - i);
        this.bodyLeft -= n;
        i += n;
        if (this.bodyLeft === 0 && --this.repliesLeft === 0) return true;
        continue;
      }
      // Prefix: 1 flag byte, then the 4-byte big-endian length.
      if (this.prefixLeft < FRAME_HEADER_BYTES) this.lengthSoFar = this.lengthSoFar * 256 + chunk[i];
      i++;
      if (--this.prefixLeft === 0) {
        this.bodyLeft = this.lengthSoFar;
        this.prefixLeft = FRAME_HEADER_BYTES;
        this.lengthSoFar = 0;
        if (this.bodyLeft === 0 && --this.repliesLeft === 0) return true;
      }
    }
    return false;
  }
}

const NO_BYTES = Buffer.alloc(0);

export class H2GrpcTransport implements Transport, ExchangeOwner, H2Events<GrpcCall> {
  private readonly opts: H2GrpcOptions;
  private readonly origin: URL;
  private readonly connections: Array<H2Connection<GrpcCall> | null>;
  private next: number;
  /** blocks are the targets' encoded header blocks. */
  private readonly blocks: WeakMap<GrpcTarget, Buffer>;
  /** messages are the targets' framed messages, one by one, for shaped streams. */
  private readonly messages: WeakMap<GrpcTarget, Buffer[]>;

  constructor(opts: H2GrpcOptions) {
    this.opts = opts;
    this.origin = new URL(opts.authority);
    this.connections = new Array<H2Connection<GrpcCall> | null>(Math.max(1, opts.connections)).fill(null);
    this.next = 0;
    this.blocks = new WeakMap();
    this.messages = new WeakMap();
  }

  /** preconnect opens every connection and waits for each to be ready (or to have failed). */
  async preconnect(): Promise<void> {
    await Promise.all(this.connections.map((_c, i) => this.connection(i).ready));
  }

  dispatch(x: HttpExchange): void {
    const target = x.target as GrpcTarget;
    let block = this.blocks.get(target);
    if (block === undefined) {
      block = this.headerBlock(target);
      this.blocks.set(target, block);
    }
    const call = this.opts.stream === null ? new GrpcCall(block, target.frame, x) : this.streamCall(block, target, x, this.opts.stream);
    x.owner = this;
    x.handle = call;
    this.send(call);
  }

  /**
   * streamCall shapes a streaming call. Sending streams start with their first message and
   * write the next ones from a timer (every --stream-interval) until --stream-call-count messages
   * or --stream-call-duration, then close their side; server streams are cut (Canceled) after
   * count replies or the duration.
   */
  private streamCall(block: Buffer, target: GrpcTarget, x: HttpExchange, o: GrpcStreamOptions): GrpcCall {
    const durationMs = o.callDurationNs / 1e6;
    if (!o.sends) {
      const call = new StreamCall(block, target.frame, x, [], o.callCount);
      if (durationMs > 0) call.timer = setTimeout(cut, durationMs, call);
      return call;
    }
    let messages = this.messages.get(target);
    if (messages === undefined) {
      messages = splitMessages(target.frame);
      this.messages.set(target, messages);
    }
    const call = new StreamCall(block, messages[0], x, messages, 0);
    call.sentMessages = 1;
    call.ending = this.sentAll(call, o);
    if (!call.ending) call.timer = setTimeout(this.stepBound, o.intervalNs / 1e6, call);
    return call;
  }

  private readonly stepBound = (call: StreamCall): void => this.step(call);

  /** step writes a shaped stream's next message, or closes its side once it has sent enough. */
  private step(call: StreamCall): void {
    call.timer = null;
    const c = call.conn;
    if (call.x === null || c === null) return;
    const o = this.opts.stream!;
    if (this.sentAll(call, o)) return c.write(call, NO_BYTES, true);
    const next = call.messages[call.sentMessages % call.messages.length];
    call.sentMessages++;
    const end = this.sentAll(call, o);
    c.write(call, next, end);
    if (!end) call.timer = setTimeout(this.stepBound, o.intervalNs / 1e6, call);
  }

  /** sentAll: the count is reached, the duration is over, or (with neither) every message left once. */
  private sentAll(call: StreamCall, o: GrpcStreamOptions): boolean {
    if (o.callCount > 0 && call.sentMessages >= o.callCount) return true;
    if (o.callDurationNs > 0) return performance.now() - call.startedMs >= o.callDurationNs / 1e6;
    return o.callCount === 0 && call.sentMessages >= call.messages.length;
  }

  /** abortExchange cancels the call's stream (timeout -> DEADLINE_EXCEEDED, stop -> CANCELLED). */
  abortExchange(x: HttpExchange, err: Error): void {
    const call = x.handle as GrpcCall | null;
    if (call === null) return;
    call.conn?.cancel(call);
    if (err instanceof TimeoutError) finish(call, DEADLINE_EXCEEDED, 'timeout', 'context deadline exceeded');
    else finish(call, CANCELLED, 'canceled', 'context canceled');
  }

  async close(): Promise<void> {
    await Promise.all(this.connections.map((c) => c?.close()));
  }

  onHeaders(call: GrpcCall, fields: HeaderFields, endStream: boolean): void {
    for (let i = 0; i < fields.length; i += 2) {
      const name = fields[i];
      if (name === ':status') {
        const http = Number(fields[i + 1]);
        if (http !== 200 && call.status === -1) {
          call.status = httpToGrpc(http);
          call.message = `unexpected HTTP status code received from server: ${http}`;
          break;
        }
      } else if (name === 'grpc-status') {
        const code = Number(fields[i + 1]);
        call.status = Number.isInteger(code) ? code : UNKNOWN;
      } else if (name === 'grpc-message') call.message = decodeGrpcMessage(fields[i + 1]);
    }
    if (endStream) this.end(call);
  }

  onData(call: GrpcCall, chunk: Buffer, endStream: boolean): void {
    const received = call.received + chunk.length;
    call.received = received;
    // The 5-byte prefix is not part of the message, but the message is what the limit bounds.
    if (received - FRAME_HEADER_BYTES > this.opts.maxRecvBytes) {
      call.conn?.cancel(call);
      finish(call, RESOURCE_EXHAUSTED, 'other', `grpc: received message larger than max (${received - FRAME_HEADER_BYTES} vs. ${this.opts.maxRecvBytes})`);
      return;
    }
    if (chunk.length > 0) call.x?.onData(chunk);
    if (endStream) this.end(call);
    else if (call instanceof StreamCall && call.repliesLeft > 0 && call.countReplies(chunk)) cut(call);
  }

  onStreamError(call: GrpcCall, err: H2StreamError): void {
    if (call.status !== -1) return this.end(call);
    const code = err.rstCode;
    if (code === -1) {
      const cause = err.socketError;
      if (cause === null) finish(call, UNAVAILABLE, 'closed', closedText(err));
      else finish(call, UNAVAILABLE, socketErrorKind(cause), `connection error: ${describeSocketError(cause, this.opts.authority)}`);
    } else finish(call, rstToGrpc(code), rstKind(code), err.message);
  }

  onUnsent(call: GrpcCall): void {
    this.send(call);
  }

  onClosed(c: H2Connection<GrpcCall>): void {
    const i = this.connections.indexOf(c);
    if (i >= 0) this.connections[i] = null;
  }

  private send(call: GrpcCall): void {
    const i = this.next;
    this.next = i + 1 === this.connections.length ? 0 : i + 1;
    const c = this.connection(i);
    call.conn = c;
    c.request(call);
  }

  /** end finishes a call the server ended: with the status it sent, or as grpc-go words its absence. */
  private end(call: GrpcCall): void {
    if (call.status === -1) finish(call, INTERNAL, 'protocol', 'server closed the stream without sending trailers');
    else if (call.status === DEADLINE_EXCEEDED) finish(call, DEADLINE_EXCEEDED, 'timeout', 'context deadline exceeded');
    else finish(call, call.status, 'status', call.message);
  }

  /** connection returns connection i, opening it (again) when it is missing, gone or going away. */
  private connection(i: number): H2Connection<GrpcCall> {
    const c = this.connections[i];
    if (c !== null && c.acceptsStreams) return c;
    const { hostname, port } = this.origin;
    const host = hostname.replace(/^\[|\]$/g, '');
    const tls = this.opts.tls;
    let socket: Socket;
    if (tls === null) socket = netConnect({ host, port: Number(port), noDelay: true });
    else {
      // SNI names a host, never an IP address (RFC 6066; Node warns DEP0123 for one).
      const sni = isIP(host) === 0 ? { servername: host } : {};
      socket = tlsConnect({ ...sni, ...tls, host, port: Number(port), ALPNProtocols: ['h2'] });
      // Small frames must leave at once, not wait for the peer's delayed ACK (Nagle).
      socket.setNoDelay(true);
    }
    const fresh = new H2Connection<GrpcCall>(socket, this, tls !== null);
    this.connections[i] = fresh;
    return fresh;
  }

  /** headerBlock encodes a target's request headers, pseudo-headers first, once. */
  private headerBlock(target: GrpcTarget): Buffer {
    const fields: Array<[string, string]> = [
      [':method', 'POST'],
      [':scheme', this.opts.tls === null ? 'http' : 'https'],
      [':path', String(target.headers[':path'])],
      [':authority', this.origin.host],
    ];
    for (const [name, value] of Object.entries(target.headers)) {
      if (name.startsWith(':')) continue;
      for (const v of Array.isArray(value) ? value : [value]) fields.push([name, v]);
    }
    return encodeHeaderBlock(fields);
  }
}

/** cut cancels a server stream at its --stream-call-count or --stream-call-duration. */
function cut(call: GrpcCall): void {
  call.timer = null;
  call.conn?.cancel(call);
  finish(call, CANCELLED, 'canceled', 'context canceled');
}

/** splitMessages splits a stream's framed messages (each 5-byte prefix + message) apart. */
function splitMessages(frames: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at + FRAME_HEADER_BYTES <= frames.length; ) {
    const end = at + FRAME_HEADER_BYTES + frames.readUInt32BE(at + 1);
    out.push(frames.subarray(at, end));
    at = end;
  }
  return out.length > 0 ? out : [frames];
}

/** finish ends the call's exchange with a status, the kind of failure (for a code but OK) and the message. */
function finish(call: GrpcCall, code: number, kind: ErrorKind, message: string): void {
  const x = call.x;
  if (x === null) return;
  if (call.timer !== null) {
    clearTimeout(call.timer);
    call.timer = null;
  }
  call.x = null;
  x.handle = null;
  x.owner = null;
  x.endGrpc(code, kind, message);
}

/** httpToGrpc maps a non-200 HTTP status as grpc-go does. */
function httpToGrpc(status: number): number {
  switch (status) {
    case 400:
      return INTERNAL;
    case 401:
      return UNAUTHENTICATED;
    case 403:
      return PERMISSION_DENIED;
    case 404:
      return UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return UNAVAILABLE;
    default:
      return UNKNOWN;
  }
}

/** closedText words a connection the server closed as grpc-go does, naming a GOAWAY sent before. */
function closedText(err: H2StreamError): string {
  if (err.priorGoAway === null) return `error reading from server: ${err.message}`;
  return `closing transport due to: connection error: desc = "error reading from server: ${err.message}", received prior goaway: ${err.priorGoAway}`;
}

/** rstToGrpc maps an RST_STREAM (or GOAWAY) error code as grpc-go does. */
function rstToGrpc(code: number): number {
  switch (code) {
    case CANCEL:
      return CANCELLED;
    case REFUSED_STREAM:
      return UNAVAILABLE;
    case ENHANCE_YOUR_CALM:
      return RESOURCE_EXHAUSTED;
    case INADEQUATE_SECURITY:
      return PERMISSION_DENIED;
    default:
      return INTERNAL;
  }
}

/** rstKind is the kind of a stream ended by RST_STREAM or GOAWAY: a broken protocol, or a reset. */
function rstKind(code: number): ErrorKind {
  return code === PROTOCOL_ERROR || code === FLOW_CONTROL_ERROR || code === FRAME_SIZE_ERROR || code === COMPRESSION_ERROR ? 'protocol' : 'reset';
}

/** socketErrorKind is the kind of a connection failure (a refused ALPN is a TLS failure). */
function socketErrorKind(err: Error): ErrorKind {
  return err.message.includes('no application protocol') || err.message.includes('did not agree to HTTP/2') ? 'tls' : errorKindOf(err);
}

/** describeSocketError words a connection failure as grpc-go does, after `connection error: `. */
function describeSocketError(err: Error, authority: string): string {
  // A TLS server refusing every offered ALPN protocol answers with this alert instead.
  if (err.message.includes('no application protocol')) return 'the server did not agree to HTTP/2 by ALPN (TLS alert no_application_protocol)';
  // A plaintext server answering the TLS handshake: one stable text (OpenSSL's carries a
  // per-process address, which made one failure several entries), worded as grpc-go's.
  if ((err as NodeJS.ErrnoException).code === 'ERR_SSL_WRONG_VERSION_NUMBER' || err.message.includes('wrong version number')) {
    return 'authentication handshake failed: tls: first record does not look like a TLS handshake (a plaintext server? use --insecure)';
  }
  return goErrorText(err, authority);
}
