/**
 * LlmServerStats are the reference LLM server's own counts of what it sent: requests begun and
 * ended (by how), output tokens written, and each response's drawn TTFT, so tests compare the
 * load generator's figures with the server's exact ones.
 */
import type { LlmApi, LlmCall } from './llm-api.js';

/** MAX_SERVED_KEPT bounds the per-response log (the oldest entries are dropped first). */
const MAX_SERVED_KEPT = 100_000;

/** ServedResponse is one response as the server drew it. */
export interface ServedResponse {
  readonly api: LlmApi;
  readonly stream: boolean;
  /** ttftNs is the TTFT the server drew for it. */
  readonly ttftNs: number;
  readonly promptTokens: number;
}

/** LlmEnding is how a response ended. */
export type LlmEnding = 'ok' | 'error' | 'closed' | 'cancelled';

export class LlmServerStats {
  requests = 0;
  /** tokensSent counts every output token written (faulted streams' included). */
  tokensSent = 0;
  promptTokens = 0;
  /** endings counts responses by how they ended. */
  readonly endings: Record<LlmEnding, number> = { ok: 0, error: 0, closed: 0, cancelled: 0 };
  served: ServedResponse[] = [];
  /**
   * lateNs are how late each token left after its due time (ns; the server's own timing error,
   * from the event loop and the OS scheduler): first tokens apart from the rest.
   */
  readonly lateNs = { first: { count: 0, total: 0, max: 0 }, rest: { count: 0, total: 0, max: 0 } };

  ended(how: LlmEnding): void {
    this.endings[how]++;
  }

  began(call: LlmCall, ttftNs: number): void {
    this.requests++;
    this.promptTokens += call.promptTokens;
    if (this.served.length >= MAX_SERVED_KEPT) this.served.shift();
    this.served.push({ api: call.api, stream: call.stream, ttftNs, promptTokens: call.promptTokens });
  }

  sentTokens(n: number): void {
    this.tokensSent += n;
  }

  /** late records how late token index i left (ns). */
  late(i: number, ns: number): void {
    const s = i === 0 ? this.lateNs.first : this.lateNs.rest;
    s.count++;
    s.total += ns;
    if (ns > s.max) s.max = ns;
  }

  /** reset zeroes every count (between phases of a test). */
  reset(): void {
    this.requests = 0;
    this.tokensSent = 0;
    this.promptTokens = 0;
    for (const k of Object.keys(this.endings) as LlmEnding[]) this.endings[k] = 0;
    this.served = [];
    for (const s of [this.lateNs.first, this.lateNs.rest]) s.count = s.total = s.max = 0;
  }
}
