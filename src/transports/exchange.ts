/**
 * HttpExchange is one request in flight and the handler its transport reports to (undici's
 * dispatch-handler shape, which the lean HTTP/1.1 transport speaks too). DispatchTarget is a
 * prepared request bound to the transport that sends it.
 *
 * An exchange ends with its outcome (core/outcome.ts) set in its own fields: protocol, code,
 * errorKind and errorText. HTTP transports end it through undici's onComplete/onError, gRPC
 * transports through endGrpc; the response check (runCheck) is the engine's to apply after it
 * has read the clock, so the check's time stays out of the latency.
 */
import { STATUS_CODES } from 'node:http';
import type { Dispatcher } from 'undici';
import type { ErrorKind, Outcome, Protocol } from '../core/outcome.js';
import type { Transport } from './transport.js';
import { describeError, errorKindOf } from './transport-errors.js';
import { grpcErrorText } from './grpc/grpc-wire.js';

/**
 * Checker decides whether a response counts as a success: null for a good one, else a short
 * stable reason (`check: ...`). Protocols provide them (protocols/checks); transports run them.
 */
export type Checker = (status: number, headers: Readonly<Record<string, string>>, body: Buffer) => string | null;

/** ExchangeSink is told when an exchange has ended, successfully or not. */
export interface ExchangeSink {
  onExchangeEnd(x: HttpExchange): void;
}

/** TargetBase is what every prepared request has, whatever its protocol. */
interface TargetBase {
  /** transport sends this target; chosen per origin when the target is built. */
  readonly transport: Transport;
  readonly method: string;
  readonly url: string;
  readonly bytesOut: number;
}

/** HttpTarget is one prepared HTTP request, built once and reused for every send. */
export interface HttpTarget extends TargetBase {
  readonly kind: 'http';
  /** options are undici's dispatch options (used by the undici transport). */
  readonly options: Dispatcher.DispatchOptions & { headers: string[] };
  /** wire is the request's HTTP/1.1 bytes around the X-Vegeta-Seq value (lean transport). */
  readonly wire: WireRequest;
  /**
   * perRequest is the one header whose value changes with every request (X-Vegeta-Seq, or
   * x-request-id): its value's index in options.headers, and how to make the value. The wire
   * bytes are split around it.
   */
  readonly perRequest: PerRequestHeader | null;
  /** check, when set, decides whether a 2xx/3xx response counts as a success. */
  readonly check: Checker | null;
}

/** GrpcTarget is one prepared unary gRPC call: its HTTP/2 headers and its framed request message. */
export interface GrpcTarget extends TargetBase {
  readonly kind: 'grpc';
  /** headers are the request's HTTP/2 headers (:path, content-type, te, grpc-timeout, metadata). */
  readonly headers: Readonly<Record<string, string | string[]>>;
  /** frame is the request message with its 5-byte gRPC prefix. */
  readonly frame: Buffer;
  /** check, when set, decides whether an OK call counts as a success. */
  readonly check: Checker | null;
}

/** PerRequestHeader makes the value of a header that differs for every request. */
export interface PerRequestHeader {
  readonly slot: number;
  readonly value: (seq: number) => string;
  /**
   * seq says the value is the hit's sequence number in decimal (vegeta's X-Vegeta-Seq): the lean
   * HTTP/1.1 client writes its digits into the request bytes, and no string is made. V8 keeps
   * each number's string in its number-string cache, which carried them into the old generation:
   * half of what a worker promoted at 5k req/s, the RSS that grew over a run's first minute.
   */
  readonly seq: boolean;
}

/** DispatchTarget is a prepared request of either protocol. */
export type DispatchTarget = HttpTarget | GrpcTarget;

/**
 * HttpExchange is one request in flight (HTTP or gRPC); it is undici's handler for it. Instances
 * are reused from a free list, so every field is set in the constructor and reset() restores the
 * shape. Once it has ended it is its own Outcome.
 */
export class HttpExchange implements Dispatcher.DispatchHandler, Outcome {
  readonly sink: ExchangeSink;
  target: DispatchTarget | null;
  seq: number;
  /** headerValue is this request's per-request header value (see HttpTarget.perRequest). */
  headerValue: string;
  intendedNs: number;
  sentNs: number;
  /** statusCode and statusText are the status as received: HTTP's status line, or gRPC's status and message. */
  statusCode: number;
  statusText: string;
  /** protocol, code, errorKind and errorText are the outcome, set when the exchange ends. */
  protocol: Protocol;
  code: number;
  errorKind: ErrorKind | null;
  errorText: string;
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
  /** owner is the lean transport's connection or queue holding this exchange, if any. */
  owner: ExchangeOwner | null;
  /** waitSlot is the exchange's position in the lean transport's WaitingQueue (-1: not waiting). */
  waitSlot: number;
  /** handle is the transport's own object for this exchange (the gRPC client's stream), for aborts. */
  handle: unknown;
  /** pendingAbort is an error to abort with as soon as undici hands over its abort function. */
  pendingAbort: Error | null;
  prev: HttpExchange | null;
  next: HttpExchange | null;

  constructor(sink: ExchangeSink) {
    this.sink = sink;
    this.target = null;
    this.seq = 0;
    this.headerValue = '';
    this.intendedNs = 0;
    this.sentNs = 0;
    this.statusCode = 0;
    this.statusText = '';
    this.protocol = 'http';
    this.code = 0;
    this.errorKind = null;
    this.errorText = '';
    this.bodyBytes = 0;
    this.maxBody = -1;
    this.capture = false;
    this.chunks = null;
    this.rawHeaders = null;
    this.error = null;
    this.done = false;
    this.abortFn = null;
    this.owner = null;
    this.waitSlot = -1;
    this.handle = null;
    this.pendingAbort = null;
    this.prev = null;
    this.next = null;
  }

  reset(): void {
    this.target = null;
    this.statusCode = 0;
    this.statusText = '';
    this.protocol = 'http';
    this.code = 0;
    this.errorKind = null;
    this.errorText = '';
    this.bodyBytes = 0;
    this.chunks = null;
    this.rawHeaders = null;
    this.error = null;
    this.done = false;
    this.abortFn = null;
    this.owner = null;
    this.handle = null;
    this.pendingAbort = null;
  }

  /** abort ends the exchange with err (timeout or cancel); undici then calls onError. */
  abort(err: Error): void {
    if (this.done) return;
    if (this.owner !== null) this.owner.abortExchange(this, err);
    else if (this.abortFn !== null) this.abortFn(err);
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
      // A copy: the lean HTTP/1.1 client reads every socket into one reused buffer.
      if (this.capture) (this.chunks ??= []).push(Buffer.from(chunk.subarray(0, keep)));
    }
    return true;
  }

  /** onComplete ends an HTTP exchange with its response: a failure when the status is outside 200..399. */
  onComplete(): void {
    if (this.done) return;
    this.done = true;
    const code = this.statusCode;
    this.protocol = 'http';
    this.code = code;
    if (code < 200 || code >= 400) {
      this.errorKind = 'status';
      this.errorText = `${code} ${this.statusText || STATUS_CODES[code] || ''}`.trimEnd();
    }
    this.sink.onExchangeEnd(this);
  }

  /** onError ends an HTTP exchange that got no (complete) response: code 0 and the Go-worded failure. */
  onError(err: Error): void {
    if (this.done) return;
    this.done = true;
    this.error = err;
    const target = this.target!;
    this.protocol = 'http';
    this.code = 0;
    this.errorKind = errorKindOf(err);
    this.errorText = describeError(err, target.method, target.url);
    this.sink.onExchangeEnd(this);
  }

  /**
   * endGrpc ends a gRPC call with its status: OK (0), or a code with its message and the kind of
   * failure (`status` when the server sent it; the transport's own kind, e.g. `timeout` or
   * `refused`, when the call failed on the client's side).
   */
  endGrpc(code: number, kind: ErrorKind, message: string): void {
    if (this.done) return;
    this.done = true;
    this.statusCode = code;
    this.statusText = message;
    this.protocol = 'grpc';
    this.code = code;
    if (code !== 0) {
      this.errorKind = kind;
      this.errorText = grpcErrorText(code, message);
    }
    this.sink.onExchangeEnd(this);
  }

  /**
   * runCheck applies the target's response check to a successful outcome: a failed check makes it
   * a `check` failure with the checker's reason. A no-op without a check or after a failure.
   */
  runCheck(): void {
    const check = this.target!.check;
    if (check === null || this.errorKind !== null) return;
    const reason = check(this.code, this.protocol === 'http' ? headerRecord(this.rawHeaders) : NO_HEADERS, bodyOf(this.chunks));
    if (reason !== null) {
      this.errorKind = 'check';
      this.errorText = reason;
    }
  }
}

const EMPTY = Buffer.alloc(0);
const NO_HEADERS: Readonly<Record<string, string>> = {};

/** bodyOf joins a captured body. */
export function bodyOf(chunks: Buffer[] | null): Buffer {
  if (chunks === null) return EMPTY;
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

/** headerRecord turns captured raw headers into lower-case name -> value (joined with ", "). */
function headerRecord(raw: Buffer[] | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw === null) return out;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = String(raw[i]).toLowerCase();
    const value = String(raw[i + 1]);
    out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`;
  }
  return out;
}


/** ExchangeOwner can end an exchange it holds with an error (timeout or cancel). */
export interface ExchangeOwner {
  abortExchange(x: HttpExchange, err: Error): void;
}

/**
 * WireRequest is a request as HTTP/1.1 bytes: `head` up to the X-Vegeta-Seq value (the whole head
 * when there is none), `tail` the rest of the head and the body. Built once per target.
 */
export interface WireRequest {
  readonly head: Buffer;
  readonly tail: Buffer | null;
  /** expectsBody is false for HEAD, whose responses have none whatever their headers say. */
  readonly expectsBody: boolean;
}
