/**
 * The reference LLM server (`loadgen serve --llm`): OpenAI-compatible chat/completions and the
 * OIP generate extension (llm-api.ts), streaming output tokens at configured times, with fault
 * injection. It is the ground truth of the generate tests, so its timing is anchored: token i of
 * a response is due at arrival + TTFT + the sum of i inter-token delays, computed from one anchor
 * and released by one DelayQueue (timer, then polling for the last ~1.5 ms), so timer lateness
 * never accumulates along a stream. It counts what it sent (LlmServerStats).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createH2cServer, type Http2Server, type Http2ServerRequest, type Http2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../core/errors.js';
import { DelayQueue } from './delay-queue.js';
import { BadLlmRequest, TOKEN_WORDS, completeBody, decodeLlmCall, deltaEvent, errorEvent, finalEvents, parseLlmRoute, type LlmCall, type StreamIds } from './llm-api.js';
import { sampleLatencyNs, type LatencyModel } from './latency-model.js';
import { LlmServerStats } from './llm-server-stats.js';
import { h1Out, h2Out, type LlmOut } from './llm-out.js';

/** DEFAULT_LLM_OUTPUT_TOKENS is the output length when a request names no max_tokens. */
export const DEFAULT_LLM_OUTPUT_TOKENS = 16;
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** LlmFaults are injected per response, each with its probability (0..1). */
export interface LlmFaults {
  /** stallRate: the stream pauses stallMs once, half-way through its tokens. */
  readonly stallRate: number;
  readonly stallMs: number;
  /** errorRate: the stream sends an error event half-way through and ends. */
  readonly errorRate: number;
  /** closeRate: the connection is cut half-way through the stream. */
  readonly closeRate: number;
}

/** LlmServerOptions configure startLlmServer; every field is optional. */
export interface LlmServerOptions {
  host?: string;
  port?: number;
  /** ttft is the delay from a request's arrival to its first token (default none). */
  ttft?: LatencyModel;
  /** itl is the delay between consecutive tokens (default none). */
  itl?: LatencyModel;
  /** outputTokens is the output length without max_tokens (default DEFAULT_LLM_OUTPUT_TOKENS). */
  outputTokens?: number;
  /** sseComments sends a `: keep-alive` comment as soon as a stream opens (clients must skip it). */
  sseComments?: boolean;
  faults?: Partial<LlmFaults>;
  /** random draws the delays and faults (default Math.random; seededRandom for reproducible runs). */
  random?: () => number;
  /** h2c serves HTTP/2 over cleartext (prior knowledge) instead of HTTP/1.1. */
  h2c?: boolean;
  /** preciseTimers (default true) polls the clock for each token's last ~1.5 ms (see DelayQueue). */
  preciseTimers?: boolean;
  /** usage (default true) reports token counts (OpenAI usage); false omits them, as some servers do. */
  usage?: boolean;
  /** tokenText, when set, is every output token's text (default: short one-BPE-token words in turn). */
  tokenText?: string;
}

/** LlmServer is a running reference LLM server. */
export interface LlmServer {
  readonly url: string;
  readonly port: number;
  readonly stats: LlmServerStats;
  close(): Promise<void>;
}

/** LlmStream is one response in progress: what it sends and when its next token is due. */
class LlmStream {
  readonly out: LlmOut;
  readonly call: LlmCall;
  readonly ids: StreamIds;
  readonly tokens: number;
  /** sent counts the output tokens written so far. */
  sent: number;
  /** dueMs is the performance.now() time the next token is due. */
  dueMs: number;
  /** faultAt is the token index the fault strikes before (-1 = none). */
  readonly faultAt: number;
  readonly fault: 'stall' | 'error' | 'close' | null;
  constructor(out: LlmOut, call: LlmCall, ids: StreamIds, tokens: number, dueMs: number, fault: LlmStream['fault']) {
    this.out = out;
    this.call = call;
    this.ids = ids;
    this.tokens = tokens;
    this.sent = 0;
    this.dueMs = dueMs;
    this.fault = fault;
    this.faultAt = fault === null ? -1 : Math.floor(tokens / 2);
  }
}

/** LlmHandler answers requests and releases tokens; one per server. */
class LlmHandler {
  readonly stats: LlmServerStats;
  private readonly o: Required<Omit<LlmServerOptions, 'host' | 'port' | 'faults' | 'h2c' | 'tokenText'>> & { faults: LlmFaults };
  private readonly words: readonly string[];
  private readonly queue: DelayQueue<LlmStream>;
  private nextId: number;

  constructor(o: LlmServerOptions) {
    this.stats = new LlmServerStats();
    this.o = {
      ttft: o.ttft ?? { kind: 'none' },
      itl: o.itl ?? { kind: 'none' },
      outputTokens: o.outputTokens ?? DEFAULT_LLM_OUTPUT_TOKENS,
      sseComments: o.sseComments ?? false,
      random: o.random ?? Math.random,
      preciseTimers: o.preciseTimers ?? true,
      usage: o.usage ?? true,
      faults: { stallRate: 0, stallMs: 0, errorRate: 0, closeRate: 0, ...o.faults },
    };
    this.words = o.tokenText === undefined ? TOKEN_WORDS : [o.tokenText];
    this.queue = new DelayQueue<LlmStream>((s) => this.release(s), this.o.preciseTimers);
    this.nextId = 0;
  }

  handle(req: IncomingMessage | Http2ServerRequest, res: LlmOut): void {
    const path = (req.url ?? '/').split('?')[0];
    const route = parseLlmRoute(path);
    if (route.kind === 'health') return answer(res, 200, '{"ready":true}');
    if (route.kind === 'models') return answer(res, 200, '{"object":"list","data":[]}');
    if (route.kind === 'unknown' || req.method !== 'POST') return answerError(res, 404, `no route for ${req.method} ${path}`);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => {
      // The anchor of every token time: the request as a whole has arrived.
      const arrivedMs = performance.now();
      if (size > MAX_BODY_BYTES) return answerError(res, 413, 'request body too large');
      let call: LlmCall;
      try {
        call = decodeLlmCall(route, Buffer.concat(chunks));
      } catch (err) {
        if (err instanceof BadLlmRequest) return answerError(res, 400, err.message);
        throw err;
      }
      this.start(res, this.o.usage || !call.includeUsage ? call : { ...call, includeUsage: false }, arrivedMs);
    });
  }

  private start(res: LlmOut, call: LlmCall, arrivedMs: number): void {
    const tokens = call.maxTokens ?? this.o.outputTokens;
    const ttftNs = sampleLatencyNs(this.o.ttft, this.o.random);
    const ids: StreamIds = { id: `gen-${++this.nextId}`, created: Math.floor(Date.now() / 1000), model: call.model || 'reference-llm' };
    this.stats.began(call, ttftNs);
    if (!call.stream) {
      let dueMs = arrivedMs + ttftNs / 1e6;
      for (let i = 1; i < tokens; i++) dueMs += sampleLatencyNs(this.o.itl, this.o.random) / 1e6;
      this.queue.push(dueMs, new LlmStream(res, call, ids, tokens, dueMs, null));
      return;
    }
    res.head(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    if (this.o.sseComments) res.write(': keep-alive\n\n');
    const s = new LlmStream(res, call, ids, tokens, arrivedMs + ttftNs / 1e6, this.pickFault());
    this.queue.push(s.dueMs, s);
  }

  private pickFault(): LlmStream['fault'] {
    const f = this.o.faults;
    const r = this.o.random;
    if (f.closeRate > 0 && r() < f.closeRate) return 'close';
    if (f.errorRate > 0 && r() < f.errorRate) return 'error';
    if (f.stallRate > 0 && r() < f.stallRate) return 'stall';
    return null;
  }

  /** release writes the token that is due (or the whole answer), then schedules the next. */
  private release(s: LlmStream): void {
    if (s.out.gone()) return this.stats.ended('cancelled');
    if (!s.call.stream) {
      answer(s.out, 200, completeBody(s.call, s.ids, s.tokens, 'length', this.words, this.o.usage));
      this.stats.sentTokens(s.tokens);
      return this.stats.ended('ok');
    }
    if (s.sent === s.faultAt && s.fault !== 'stall' && s.fault !== null) return this.fail(s);
    const i = s.sent++;
    this.stats.sentTokens(1);
    this.stats.late(i, (performance.now() - s.dueMs) * 1e6);
    if (s.sent === s.tokens) {
      s.out.end(deltaEvent(s.call, s.ids, i, this.words) + finalEvents(s.call, s.ids, s.tokens, 'length'));
      return this.stats.ended('ok');
    }
    s.out.write(deltaEvent(s.call, s.ids, i, this.words));
    s.dueMs += sampleLatencyNs(this.o.itl, this.o.random) / 1e6;
    if (s.sent === s.faultAt && s.fault === 'stall') s.dueMs += this.o.faults.stallMs;
    this.queue.push(s.dueMs, s);
  }

  private fail(s: LlmStream): void {
    if (s.fault === 'close') {
      s.out.cut();
      return this.stats.ended('closed');
    }
    s.out.end(errorEvent(s.call));
    this.stats.ended('error');
  }

  close(): void {
    this.queue.clear();
  }
}

function answer(out: LlmOut, status: number, body: string): void {
  out.head(status, { 'content-type': 'application/json' });
  out.end(body);
}

function answerError(out: LlmOut, status: number, message: string): void {
  answer(out, status, JSON.stringify({ error: { message, type: 'invalid_request_error', code: status } }));
}

/** startLlmServer starts the reference LLM server and resolves once it listens. */
export async function startLlmServer(options: LlmServerOptions = {}): Promise<LlmServer> {
  checkOptions(options);
  const host = options.host ?? '127.0.0.1';
  const handler = new LlmHandler(options);
  const server: Server | Http2Server = options.h2c === true
    ? createH2cServer((req, res) => handler.handle(req, h2Out(res)))
    : createServer({ keepAlive: true, noDelay: true }, (req, res) => handler.handle(req, h1Out(res)));
  if ('keepAliveTimeout' in server) server.keepAliveTimeout = 65_000;
  // HTTP/2 sessions outlive server.close(); they are closed by hand.
  const sessions = new Set<Http2Session>();
  if (!('closeAllConnections' in server)) {
    server.on('session', (s: Http2Session) => {
      sessions.add(s);
      s.once('close', () => sessions.delete(s));
    });
  }
  await listen(server, host, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    stats: handler.stats,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        handler.close();
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
        else for (const s of sessions) s.destroy();
      })),
  };
}

function checkOptions(o: LlmServerOptions): void {
  const port = o.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: must be 0..65535, got ${port}`);
  if (o.tokenText === '') throw new UsageError('--token-text: must not be empty (a token has some text)');
  const tokens = o.outputTokens ?? DEFAULT_LLM_OUTPUT_TOKENS;
  if (!Number.isInteger(tokens) || tokens < 1) throw new UsageError(`--output-tokens: must be a whole number >= 1, got ${tokens}`);
  for (const [flag, p] of [
    ['--stall-rate', o.faults?.stallRate],
    ['--stream-error-rate', o.faults?.errorRate],
    ['--close-rate', o.faults?.closeRate],
  ] as const) {
    if (p !== undefined && !(p >= 0 && p <= 1)) throw new UsageError(`${flag}: must be between 0 and 1, got ${p}`);
  }
}

function listen(server: Server | Http2Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(new UsageError(`--port: cannot listen on ${host}:${port}: ${err.code ?? err.message}`)));
    server.listen(port, host, () => resolve());
  });
}
