/**
 * HttpTransport is one worker's HTTP client: an undici Agent (a keep-alive pool per origin) driven
 * through its lowest seam, dispatch(options, handler), with reusable handler objects (HttpExchange)
 * instead of promises and streams, the fastest undici path measured on this machine. A whole-request
 * timeout is enforced by one periodic sweep over the in-flight list rather than a timer per request.
 */
import { Agent, type Dispatcher } from 'undici';
import type { HttpOptions } from '../plan/plan.js';
import { TimeoutError } from './transport-errors.js';

/** ExchangeSink is told when an exchange has ended, successfully or not. */
export interface ExchangeSink {
  onExchangeEnd(x: HttpExchange): void;
}

/** DispatchTarget is one prepared request: undici options built once, reused for every send. */
export interface DispatchTarget {
  readonly options: Dispatcher.DispatchOptions & { headers: string[] };
  readonly method: string;
  readonly url: string;
  readonly bytesOut: number;
  /** seqSlot is the index in options.headers of the X-Vegeta-Seq value, -1 when not sent. */
  readonly seqSlot: number;
}

/**
 * HttpExchange is one request in flight; it is undici's handler for it. Instances are reused from
 * a free list, so every field is set in the constructor and reset() restores the shape.
 */
export class HttpExchange implements Dispatcher.DispatchHandler {
  readonly sink: ExchangeSink;
  target: DispatchTarget | null;
  seq: number;
  intendedNs: number;
  sentNs: number;
  statusCode: number;
  statusText: string;
  bodyBytes: number;
  /** maxBody caps bodyBytes and the captured chunks; -1 = all. */
  maxBody: number;
  /** capture keeps the body chunks and raw headers for the results stream. */
  capture: boolean;
  chunks: Buffer[] | null;
  rawHeaders: Buffer[] | null;
  error: Error | null;
  done: boolean;
  abortFn: ((err?: Error) => void) | null;
  /** pendingAbort is an error to abort with as soon as undici hands over its abort function. */
  pendingAbort: Error | null;
  prev: HttpExchange | null;
  next: HttpExchange | null;

  constructor(sink: ExchangeSink) {
    this.sink = sink;
    this.target = null;
    this.seq = 0;
    this.intendedNs = 0;
    this.sentNs = 0;
    this.statusCode = 0;
    this.statusText = '';
    this.bodyBytes = 0;
    this.maxBody = -1;
    this.capture = false;
    this.chunks = null;
    this.rawHeaders = null;
    this.error = null;
    this.done = false;
    this.abortFn = null;
    this.pendingAbort = null;
    this.prev = null;
    this.next = null;
  }

  reset(): void {
    this.target = null;
    this.statusCode = 0;
    this.statusText = '';
    this.bodyBytes = 0;
    this.chunks = null;
    this.rawHeaders = null;
    this.error = null;
    this.done = false;
    this.abortFn = null;
    this.pendingAbort = null;
  }

  /** abort ends the exchange with err (timeout or cancel); undici then calls onError. */
  abort(err: Error): void {
    if (this.done) return;
    if (this.abortFn !== null) this.abortFn(err);
    else this.pendingAbort = err;
  }

  onConnect(abort: (err?: Error) => void): void {
    this.abortFn = abort;
    if (this.pendingAbort !== null) abort(this.pendingAbort);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], _resume: () => void, statusText: string): boolean {
    this.statusCode = statusCode;
    this.statusText = statusText;
    if (this.capture) this.rawHeaders = rawHeaders;
    return true;
  }

  onData(chunk: Buffer): boolean {
    const before = this.bodyBytes;
    const cap = this.maxBody;
    if (cap < 0 || before < cap) {
      const keep = cap < 0 ? chunk.length : Math.min(chunk.length, cap - before);
      this.bodyBytes = before + keep;
      if (this.capture) (this.chunks ??= []).push(keep === chunk.length ? chunk : chunk.subarray(0, keep));
    }
    return true;
  }

  onComplete(): void {
    if (this.done) return;
    this.done = true;
    this.sink.onExchangeEnd(this);
  }

  onError(err: Error): void {
    if (this.done) return;
    this.done = true;
    this.error = err;
    this.sink.onExchangeEnd(this);
  }
}

/** HttpTransport owns the connection pools and the timeout sweep of one worker. */
export class HttpTransport {
  private readonly agent: Agent;
  private readonly timeoutNs: number;
  private readonly clock: () => number;
  private head: HttpExchange | null;
  private tail: HttpExchange | null;
  private sweepTimer: NodeJS.Timeout | null;

  /** connections is this worker's cap per origin (0 = as needed); clock returns elapsed ns. */
  constructor(http: HttpOptions, connections: number, clock: () => number) {
    const tls = http.tls;
    this.agent = new Agent({
      connections: connections > 0 ? connections : null,
      pipelining: http.pipelining,
      allowH2: http.http2 || http.h2c,
      keepAliveTimeout: 30_000,
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: {
        // undici's Pool does not pass useH2c on to its connector; inside connect it arrives.
        useH2c: http.h2c,
        rejectUnauthorized: !tls.insecure,
        ...(tls.cert !== null ? { cert: tls.cert } : {}),
        ...(tls.key !== null ? { key: tls.key } : {}),
        ...(tls.ca !== null ? { ca: [...tls.ca] } : {}),
      },
    } as Agent.Options);
    this.timeoutNs = http.timeoutNs;
    this.clock = clock;
    this.head = null;
    this.tail = null;
    this.sweepTimer = null;
    if (this.timeoutNs > 0) {
      const everyMs = Math.min(250, Math.max(5, this.timeoutNs / 1e6 / 20));
      this.sweepTimer = setInterval(sweep, everyMs, this);
      this.sweepTimer.unref();
    }
  }

  /** dispatch sends one exchange; its sink hears the end whatever happens. */
  dispatch(x: HttpExchange): void {
    this.link(x);
    this.agent.dispatch((x.target as DispatchTarget).options, x);
  }

  /** unlink removes a finished exchange from the in-flight list. */
  unlink(x: HttpExchange): void {
    if (x.prev !== null) x.prev.next = x.next;
    else if (this.head === x) this.head = x.next;
    if (x.next !== null) x.next.prev = x.prev;
    else if (this.tail === x) this.tail = x.prev;
    x.prev = null;
    x.next = null;
  }

  /** abortAll ends every exchange still in flight with err. */
  abortAll(err: Error): void {
    for (let x = this.head; x !== null; ) {
      const next = x.next;
      x.abort(err);
      x = next;
    }
  }

  /** expire aborts the exchanges older than the timeout; they were linked in send order. */
  expire(): void {
    const limit = this.clock() - this.timeoutNs;
    for (let x = this.head; x !== null && x.sentNs <= limit; ) {
      const next = x.next;
      x.abort(new TimeoutError('request timeout'));
      x = next;
    }
  }

  async close(): Promise<void> {
    if (this.sweepTimer !== null) clearInterval(this.sweepTimer);
    await this.agent.destroy();
  }

  private link(x: HttpExchange): void {
    x.prev = this.tail;
    x.next = null;
    if (this.tail !== null) this.tail.next = x;
    else this.head = x;
    this.tail = x;
  }
}

function sweep(t: HttpTransport): void {
  t.expire();
}

