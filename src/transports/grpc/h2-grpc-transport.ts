/**
 * H2GrpcTransport is the lean unary gRPC client: each call is one stream on loadgen's own HTTP/2
 * connection (transports/h2), with the header block and the framed request message prepared once
 * per target and written as they are; the status is read from the trailers. It does none of
 * grpc-js's per-call work (channel state machines, interceptors, (de)serialisation, promises) and
 * none of node:http2's (an object graph and emitters per stream, a trip through nghttp2).
 * Calls are spread round-robin over --connections connections, re-opened when they fail or the
 * server sends GOAWAY.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { decodeGrpcMessage, FRAME_HEADER_BYTES } from '../../grpc/grpc-wire.js';
import type { ExchangeOwner, GrpcTarget, HttpExchange } from '../exchange.js';
import { CANCEL, REFUSED_STREAM } from '../h2/frames.js';
import { H2Connection, H2Stream, type H2Events, type H2StreamError } from '../h2/h2-connection.js';
import { encodeHeaderBlock, type HeaderFields } from '../h2/hpack.js';
import type { Transport } from '../transport.js';
import { TimeoutError } from '../transport-errors.js';

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
}

/** GrpcCall is one unary call's stream and what has been learnt of its outcome so far. */
class GrpcCall extends H2Stream {
  x: HttpExchange | null;
  conn: H2Connection<GrpcCall> | null;
  /** status is the gRPC status once known (-1 before). */
  status: number;
  message: string;
  received: number;

  constructor(block: Buffer, body: Buffer, x: HttpExchange) {
    super(block, body);
    this.x = x;
    this.conn = null;
    this.status = -1;
    this.message = '';
    this.received = 0;
  }
}

export class H2GrpcTransport implements Transport, ExchangeOwner, H2Events<GrpcCall> {
  private readonly opts: H2GrpcOptions;
  private readonly origin: URL;
  private readonly connections: Array<H2Connection<GrpcCall> | null>;
  private next: number;
  /** blocks are the targets' encoded header blocks. */
  private readonly blocks: WeakMap<GrpcTarget, Buffer>;

  constructor(opts: H2GrpcOptions) {
    this.opts = opts;
    this.origin = new URL(opts.authority);
    this.connections = new Array<H2Connection<GrpcCall> | null>(Math.max(1, opts.connections)).fill(null);
    this.next = 0;
    this.blocks = new WeakMap();
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
    const call = new GrpcCall(block, target.frame, x);
    x.owner = this;
    x.handle = call;
    this.send(call);
  }

  /** abortExchange cancels the call's stream (timeout -> DEADLINE_EXCEEDED, stop -> CANCELLED). */
  abortExchange(x: HttpExchange, err: Error): void {
    const call = x.handle as GrpcCall | null;
    if (call === null) return;
    call.conn?.cancel(call);
    if (err instanceof TimeoutError) finish(call, DEADLINE_EXCEEDED, 'context deadline exceeded');
    else finish(call, CANCELLED, 'context canceled');
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
      finish(call, RESOURCE_EXHAUSTED, `grpc: received message larger than max (${received - FRAME_HEADER_BYTES} vs. ${this.opts.maxRecvBytes})`);
      return;
    }
    if (chunk.length > 0) call.x?.onData(chunk);
    if (endStream) this.end(call);
  }

  onStreamError(call: GrpcCall, err: H2StreamError): void {
    if (call.status !== -1) return this.end(call);
    const code = err.rstCode;
    if (code === -1) {
      const cause = err.socketError;
      finish(call, UNAVAILABLE, cause === null ? `error reading from server: ${err.message}` : `connection error: ${describeSocketError(cause)}`);
    } else finish(call, rstToGrpc(code), err.message);
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
    if (call.status === -1) finish(call, INTERNAL, 'server closed the stream without sending trailers');
    else finish(call, call.status, call.status === DEADLINE_EXCEEDED ? 'context deadline exceeded' : call.message);
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
      socket = tlsConnect({ servername: host, ...tls, host, port: Number(port), ALPNProtocols: ['h2'] });
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

function finish(call: GrpcCall, code: number, message: string): void {
  const x = call.x;
  if (x === null) return;
  call.x = null;
  x.handle = null;
  x.owner = null;
  x.statusCode = code;
  x.statusText = message;
  x.onComplete();
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

function describeSocketError(err: Error & { code?: string; address?: string; port?: number }): string {
  if (err.code === 'ECONNREFUSED') return `dial tcp ${err.address ?? ''}:${err.port ?? ''}: connect: connection refused`;
  if (err.code === 'ECONNRESET') return 'read: connection reset by peer';
  // A TLS server refusing every offered ALPN protocol answers with this alert instead.
  if (err.message.includes('no application protocol')) return 'the server did not agree to HTTP/2 by ALPN (TLS alert no_application_protocol)';
  return err.message.trim().split('\n')[0];
}
