/**
 * H1Connection is one keep-alive TCP connection of the lean HTTP/1.1 transport: it writes
 * prepared request bytes, queues the exchanges in flight on it (several with pipelining) and
 * hands each the response the parser reads, in order. A timeout or cancel destroys the
 * connection, since a half-read response cannot be skipped on a kept-alive one.
 */
import { connect, type Socket } from 'node:net';
import type { ExchangeOwner, HttpExchange, HttpTarget } from '../exchange.js';
import { SocketClosedError } from '../transport-errors.js';
import { ResponseParser, type ResponseListener } from './response-parser.js';

/** ConnectionHost is the pool a connection reports to. */
export interface ConnectionHost {
  /** released: a response completed and the connection can take another request. */
  released(c: H1Connection): void;
  /** closed: the connection is gone for good. */
  closed(c: H1Connection): void;
}

export class H1Connection implements ExchangeOwner, ResponseListener {
  private readonly socket: Socket;
  private readonly host: ConnectionHost;
  private readonly parser: ResponseParser;
  /** queue holds the exchanges written and not yet answered, oldest first. */
  readonly queue: HttpExchange[];
  isClosed: boolean;
  /** inIdle marks membership of the pool's idle stack. */
  inIdle: boolean;
  /** idleSweeps counts the pool's idle sweeps since this connection last took a request. */
  idleSweeps: number;
  /** settled resolves once the connection is established or has failed. */
  readonly settled: Promise<void>;

  constructor(hostname: string, port: number, host: ConnectionHost, captureHeaders: boolean) {
    this.host = host;
    this.queue = [];
    this.isClosed = false;
    this.inIdle = false;
    this.idleSweeps = 0;
    this.parser = new ResponseParser(this, captureHeaders);
    this.socket = connect({
      host: hostname,
      port,
      noDelay: true,
      keepAlive: true,
      onread: { buffer: READ_BUFFER, callback: (n: number, buf: Uint8Array) => this.onRead(n, buf as Buffer) },
    });
    this.settled = new Promise<void>((resolve) => {
      this.socket.once('connect', resolve);
      this.socket.once('close', resolve);
    });
    this.socket.on('error', (err: Error) => this.fail(err));
    this.socket.on('close', () => this.onClose());
  }

  /** send writes x's request; the seq value goes between the head and tail bytes when present. */
  send(x: HttpExchange): void {
    const wire = (x.target as HttpTarget).wire;
    x.owner = this;
    this.idleSweeps = 0;
    if (this.queue.length === 0) this.parser.expectBody = wire.expectsBody;
    this.queue.push(x);
    const s = this.socket;
    const tail = wire.tail;
    if (tail === null) {
      s.write(wire.head);
      return;
    }
    const perRequest = (x.target as HttpTarget).perRequest;
    const seq = perRequest !== null && perRequest.seq ? perRequest : null;
    if (tail.length <= SPLICE_MAX_BYTES) s.write(seq !== null ? spliceSeq(wire.head, x.seq, tail) : splice(wire.head, x.headerValue, tail));
    else {
      s.cork();
      s.write(wire.head);
      s.write(seq !== null ? seq.value(x.seq) : x.headerValue, 'latin1');
      s.write(tail);
      s.uncork();
    }
  }

  abortExchange(_x: HttpExchange, err: Error): void {
    this.fail(err);
  }

  onResponseHead(status: number, statusText: string, rawHeaders: string[] | null): void {
    this.queue[0].onHeaders(status, rawHeaders as unknown as Buffer[], noop, statusText);
  }

  onResponseData(chunk: Buffer): void {
    this.queue[0].onData(chunk);
  }

  onResponseEnd(keepAlive: boolean): void {
    const x = this.queue.shift()!;
    x.owner = null;
    if (this.queue.length > 0) this.parser.expectBody = (this.queue[0].target as HttpTarget).wire.expectsBody;
    if (!keepAlive) this.close(new SocketClosedError('server closed the connection'));
    else this.host.released(this);
    x.onComplete();
  }

  /** close ends the connection; exchanges still queued on it end with err. */
  close(err: Error): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.socket.destroy();
    this.host.closed(this);
    const pending = this.queue.splice(0);
    for (const x of pending) {
      x.owner = null;
      x.onError(err);
    }
  }

  private onRead(n: number, buf: Buffer): boolean {
    this.onData(buf.subarray(0, n));
    return true;
  }

  private onData(chunk: Buffer): void {
    try {
      this.parser.execute(chunk);
    } catch (err) {
      this.fail(err as Error);
    }
  }

  private fail(err: Error): void {
    this.close(err);
  }

  private onClose(): void {
    if (this.isClosed) return;
    // A body delimited by the end of the connection completes here; anything else still
    // queued was cut off.
    if (this.queue.length > 0) this.parser.finish();
    this.close(new SocketClosedError('server closed the connection'));
  }
}

function noop(): void {}

/**
 * READ_BUFFER takes every read of every connection of a thread (net's `onread`): no Buffer and no
 * stream 'data' event per read, which measured ~25 % of the client's CPU per request at 64
 * connections. Reads are handled synchronously, so one buffer serves them all; what outlives a
 * read (a partial head, captured bodies) is copied out of it.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/**
 * SPLICE_MAX_BYTES: up to this size the request is copied into one buffer with its sequence
 * number, because one write costs less than a corked three-part writev (measured: writev was 41 %
 * of the worker's time at 64 connections); bigger bodies are not copied per request.
 */
const SPLICE_MAX_BYTES = 16 * 1024;

/** spliceSeq is the request with the decimal digits of seq between head and tail, made without a string. */
function spliceSeq(head: Buffer, seq: number, tail: Buffer): Buffer {
  let digits = 1;
  for (let p = 10; p <= seq; p *= 10) digits++;
  const buf = Buffer.allocUnsafe(head.length + digits + tail.length);
  head.copy(buf, 0);
  let at = head.length + digits;
  tail.copy(buf, at);
  let v = seq;
  do {
    buf[--at] = 48 + (v % 10);
    v = Math.floor(v / 10);
  } while (v > 0);
  return buf;
}

function splice(head: Buffer, seq: string, tail: Buffer): Buffer {
  const buf = Buffer.allocUnsafe(head.length + seq.length + tail.length);
  head.copy(buf, 0);
  buf.write(seq, head.length, 'latin1');
  tail.copy(buf, head.length + seq.length);
  return buf;
}
