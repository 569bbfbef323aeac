/**
 * H2GrpcTransport is the lean unary gRPC client: it writes gRPC requests straight onto node:http2
 * streams (HTTP/2 headers prepared once, the request message framed once, one DATA write with
 * END_STREAM), and reads the status from the trailers. It measured 2-3x the calls per CPU-second
 * of @grpc/grpc-js here (design.md), which does per-call work loadgen does not need: channel
 * state machines, interceptors, message (de)serialisation, a promise and closures per call.
 * Calls are spread round-robin over --connections HTTP/2 sessions, re-opened when they fail.
 */
import { connect, constants, type ClientHttp2Session, type ClientHttp2Stream, type IncomingHttpHeaders } from 'node:http2';
import type { SecureClientSessionOptions } from 'node:http2';
import { connect as netConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import { decodeGrpcMessage, FRAME_HEADER_BYTES } from '../../grpc/grpc-wire.js';
import type { ExchangeOwner, GrpcTarget, HttpExchange } from '../exchange.js';
import type { Transport } from '../transport.js';
import { TimeoutError } from '../transport-errors.js';

/** GrpcStatus are the gRPC codes this transport produces itself. */
const CANCELLED = 1;
const UNKNOWN = 2;
const DEADLINE_EXCEEDED = 4;
const RESOURCE_EXHAUSTED = 8;
const INTERNAL = 13;
const UNAVAILABLE = 14;

/** H2GrpcOptions are the connection settings of the lean gRPC client. */
export interface H2GrpcOptions {
  /** authority is `http://host:port` (plaintext) or `https://host:port` (TLS). */
  readonly authority: string;
  readonly connections: number;
  readonly tls: SecureClientSessionOptions | null;
  /** maxRecvBytes fails a call whose response message is larger (RESOURCE_EXHAUSTED). */
  readonly maxRecvBytes: number;
}

const EXCHANGE = Symbol('exchange');
type CallStream = ClientHttp2Stream & {
  [EXCHANGE]?: HttpExchange;
  grpcStatus?: number;
  grpcMessage?: string;
  received?: number;
  maxRecv?: number;
};

export class H2GrpcTransport implements Transport, ExchangeOwner {
  private readonly opts: H2GrpcOptions;
  private readonly sessions: Array<ClientHttp2Session | null>;
  private next: number;

  constructor(opts: H2GrpcOptions) {
    this.opts = opts;
    this.sessions = new Array<ClientHttp2Session | null>(Math.max(1, opts.connections)).fill(null);
    this.next = 0;
  }

  /** preconnect opens every session before the run starts. */
  async preconnect(): Promise<void> {
    await Promise.all(
      this.sessions.map(
        (_s, i) =>
          new Promise<void>((resolve) => {
            const s = this.session(i);
            if (s.connecting) s.once('connect', () => resolve()).once('close', () => resolve());
            else resolve();
          }),
      ),
    );
  }

  dispatch(x: HttpExchange): void {
    const target = x.target as GrpcTarget;
    const i = this.next;
    this.next = i + 1 === this.sessions.length ? 0 : i + 1;
    let stream: CallStream;
    try {
      stream = this.session(i).request(target.headers, REQUEST_OPTIONS) as CallStream;
    } catch (err) {
      return finish(x, UNAVAILABLE, `connection error: ${(err as Error).message}`);
    }
    stream[EXCHANGE] = x;
    stream.maxRecv = this.opts.maxRecvBytes;
    x.owner = this;
    x.handle = stream;
    stream.on('response', onResponse);
    stream.on('data', onData);
    stream.on('trailers', onTrailers);
    stream.on('error', onStreamError);
    stream.on('close', onClose);
    stream.end(target.frame);
  }

  /** abortExchange cancels the call's stream (timeout -> DEADLINE_EXCEEDED, stop -> CANCELLED). */
  abortExchange(x: HttpExchange, err: Error): void {
    const stream = x.handle as CallStream | null;
    if (stream === null) return;
    stream.grpcStatus = err instanceof TimeoutError ? DEADLINE_EXCEEDED : CANCELLED;
    stream.grpcMessage = err instanceof TimeoutError ? 'context deadline exceeded' : 'context canceled';
    stream.close(constants.NGHTTP2_CANCEL);
  }

  async close(): Promise<void> {
    await Promise.all(
      this.sessions.map((s) => (s === null || s.destroyed ? undefined : new Promise<void>((r) => s.close(() => r())))),
    );
  }

  /** session returns session i, opening it (again) when it is missing or gone. */
  private session(i: number): ClientHttp2Session {
    const s = this.sessions[i];
    if (s !== null && !s.closed && !s.destroyed) return s;
    const fresh = connect(this.opts.authority, {
      ...(this.opts.tls ?? {}),
      // Small frames must leave at once, not wait for the peer's delayed ACK (Nagle).
      ...(this.opts.tls === null ? { createConnection: plainSocket } : {}),
      // Large tensors: let the peer send big windows and frames without stalling on ours.
      settings: { initialWindowSize: 4 << 20, maxFrameSize: (1 << 24) - 1 },
    });
    fresh.on('error', noop); // each stream reports its own failure
    fresh.once('connect', () => fresh.setLocalWindowSize(16 << 20));
    this.sessions[i] = fresh;
    return fresh;
  }
}

const REQUEST_OPTIONS = { endStream: false } as const;

function onResponse(this: CallStream, headers: IncomingHttpHeaders): void {
  const status = Number(headers[':status']);
  if (status !== 200) {
    this.grpcStatus = httpToGrpc(status);
    this.grpcMessage = `unexpected HTTP status code received from server: ${status}`;
    return;
  }
  // A trailers-only response carries the status in the headers.
  readStatus(this, headers);
}

function onData(this: CallStream, chunk: Buffer): void {
  const received = (this.received ?? 0) + chunk.length;
  this.received = received;
  // The 5-byte prefix is not part of the message, but the message is what the limit bounds.
  if (received - FRAME_HEADER_BYTES > this.maxRecv! && this.grpcStatus === undefined) {
    this.grpcStatus = RESOURCE_EXHAUSTED;
    this.grpcMessage = `grpc: received message larger than max (${received - FRAME_HEADER_BYTES} vs. ${this.maxRecv})`;
    this.close(constants.NGHTTP2_CANCEL);
    return;
  }
  const x = this[EXCHANGE];
  if (x !== undefined) x.onData(chunk);
}

function onTrailers(this: CallStream, trailers: IncomingHttpHeaders): void {
  readStatus(this, trailers);
}

function onStreamError(this: CallStream, err: Error & { code?: string }): void {
  if (this.grpcStatus !== undefined) return;
  this.grpcStatus = UNAVAILABLE;
  this.grpcMessage = `connection error: ${describeH2Error(err)}`;
}

function onClose(this: CallStream): void {
  const x = this[EXCHANGE];
  if (x === undefined) return;
  this[EXCHANGE] = undefined;
  x.handle = null;
  x.owner = null;
  let code = this.grpcStatus;
  let message = this.grpcMessage ?? '';
  if (code === undefined) {
    // Closed without a status: reset by the peer or the connection went away.
    code = this.rstCode === constants.NGHTTP2_REFUSED_STREAM ? UNAVAILABLE : this.rstCode ? INTERNAL : UNAVAILABLE;
    message = this.rstCode ? `stream terminated by RST_STREAM with error code: ${rstName(this.rstCode)}` : 'error reading from server: EOF';
  }
  finish(x, code, message);
}

function finish(x: HttpExchange, code: number, message: string): void {
  x.statusCode = code;
  x.statusText = message;
  x.onComplete();
}

function readStatus(stream: CallStream, headers: IncomingHttpHeaders): void {
  const status = headers['grpc-status'];
  if (status === undefined) return;
  const code = Number(status);
  stream.grpcStatus = Number.isInteger(code) ? code : UNKNOWN;
  const message = headers['grpc-message'];
  // The deadline is the client's (grpc-timeout): whoever notices first, grpc-go's client reports
  // its own context error, and so does ghz; servers word theirs differently.
  stream.grpcMessage = code === DEADLINE_EXCEEDED ? 'context deadline exceeded' : typeof message === 'string' ? decodeGrpcMessage(message) : '';
}

/** httpToGrpc maps a non-200 HTTP status as grpc-go does. */
function httpToGrpc(status: number): number {
  switch (status) {
    case 400:
      return INTERNAL;
    case 401:
      return 16;
    case 403:
      return 7;
    case 404:
      return 12;
    case 429:
    case 502:
    case 503:
    case 504:
      return UNAVAILABLE;
    default:
      return UNKNOWN;
  }
}

function describeH2Error(err: Error & { code?: string; address?: string; port?: number }): string {
  if (err.code === 'ECONNREFUSED') return `dial tcp ${err.address ?? ''}:${err.port ?? ''}: connect: connection refused`;
  if (err.code === 'ECONNRESET') return 'read: connection reset by peer';
  return err.message;
}

function rstName(code: number): string {
  const names: Record<number, string> = { 1: 'PROTOCOL_ERROR', 2: 'INTERNAL_ERROR', 7: 'REFUSED_STREAM', 8: 'CANCEL', 11: 'ENHANCE_YOUR_CALM' };
  return names[code] ?? String(code);
}

function noop(): void {}

function plainSocket(authority: URL): Duplex {
  return netConnect({ host: authority.hostname.replace(/^\[|\]$/g, ''), port: Number(authority.port), noDelay: true });
}
