/**
 * LifecycleHttp sends a lifecycle run's requests (repository load and unload, model-ready polls,
 * inferences) with undici's fetch through one keep-alive Agent, each bounded by a timeout and by
 * the run's cancel signal. Any answer is returned (with its body read, so the connection is
 * reused); a request that gets no answer throws, and callers turn that into a reason with
 * noAnswerReason.
 */
import { Agent, fetch } from 'undici';
import { goDuration } from '../reporters/go-format.js';

/** HttpAnswer is a response with its body. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** HttpCall is one request to send. */
export interface HttpCall {
  readonly method: string;
  readonly url: string;
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly body?: Buffer | null;
}

/** KEEP_ALIVE_MS keeps idle connections between a model's phases and across models (ms). */
const KEEP_ALIVE_MS = 30_000;
/** MAX_REASON_CHARS bounds the server text quoted in a failure reason. */
const MAX_REASON_CHARS = 200;

export class LifecycleHttp {
  private readonly agent = new Agent({ keepAliveTimeout: KEEP_ALIVE_MS });
  private readonly cancel: AbortSignal;

  /** cancel aborts every request in flight (a second SIGINT). */
  constructor(cancel: AbortSignal) {
    this.cancel = cancel;
  }

  /** send sends one request and reads its answer; it throws when no answer came within timeoutMs. */
  async send(call: HttpCall, timeoutMs: number): Promise<HttpAnswer> {
    const signal = AbortSignal.any([this.cancel, AbortSignal.timeout(Math.max(1, Math.round(timeoutMs)))]);
    const res = await fetch(call.url, {
      method: call.method,
      headers: call.headers === undefined ? undefined : call.headers.map(([k, v]) => [k, v]),
      body: call.body == null ? undefined : call.body,
      dispatcher: this.agent,
      signal,
    });
    const body = Buffer.from(await res.arrayBuffer());
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => (headers[name] = value));
    return { status: res.status, headers, body };
  }

  /** close closes the idle connections. */
  close(): Promise<void> {
    return this.agent.close();
  }
}

/** isOk is a 2xx status. */
export function isOk(status: number): boolean {
  return status >= 200 && status < 300;
}

/**
 * httpErrorReason describes an error answer: `HTTP 400: <the server's "error" text or body>`, the
 * body shortened to one line of at most MAX_REASON_CHARS.
 */
export function httpErrorReason(a: HttpAnswer): string {
  let text = a.body.toString('utf8').trim();
  try {
    const parsed = JSON.parse(text) as { error?: unknown } | null;
    if (parsed !== null && typeof parsed === 'object' && typeof parsed.error === 'string') text = parsed.error;
  } catch {
    // not JSON: quote the body as is
  }
  text = text.replace(/\s+/g, ' ');
  if (text.length > MAX_REASON_CHARS) text = `${text.slice(0, MAX_REASON_CHARS)}...`;
  return text === '' ? `HTTP ${a.status}` : `HTTP ${a.status}: ${text}`;
}

/** isTimeout is true for the error of a request that hit its timeout. */
export function isTimeout(err: unknown): boolean {
  return (err as { name?: string } | null)?.name === 'TimeoutError';
}

/** noAnswerReason describes a request that got no answer: a timeout, a cancel or a network error. */
export function noAnswerReason(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (isTimeout(err)) return `no answer within ${goDuration(timeoutMs * 1e6)}`;
  if (e?.name === 'AbortError') return 'cancelled';
  const cause = e?.cause;
  return cause?.code ?? cause?.message ?? e?.message ?? String(err);
}
