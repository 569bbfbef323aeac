/**
 * llmFigures derives a generate run's rates once, for every reporter: requests, goodput and
 * tokens per second over the run's whole span (first send to last response end, as vLLM's
 * benchmark duration), and output tokens per second per user, 1 / TPOT (AIPerf's "output token
 * throughput per user"), whose quantiles are TPOT's inverted (p50 of 1/x = 1/p50 of x).
 */
import type { LlmResult } from './llm-result.js';
import type { RunResult } from './run-result.js';

/** LlmFigures are the derived rates (per second) and ratios. */
export interface LlmFigures {
  readonly spanNs: number;
  readonly requestsPerSec: number;
  readonly goodputPerSec: number;
  /** goodputRatio is goodput / requests (0 without requests). */
  readonly goodputRatio: number;
  readonly outputTokensPerSec: number;
  readonly inputTokensPerSec: number;
  /** perUserTokensPerSec are 1e9 / TPOT at its p50, p90 and p99 (tokens/s of one stream; p90 of TPOT is p10 of this). */
  readonly perUserTokensPerSec: { readonly p50: number; readonly p90: number; readonly p99: number } | null;
}

export function llmFigures(r: Pick<RunResult, 'earliestNs' | 'endNs' | 'activeNs'>, l: LlmResult): LlmFigures {
  const spanNs = r.activeNs?.total ?? r.endNs - r.earliestNs;
  const per = (n: number) => (spanNs > 0 ? n / (spanNs / 1e9) : 0);
  const inv = (q: number) => 1e9 / l.tpot.quantileNs(q);
  return {
    spanNs,
    requestsPerSec: per(l.requests),
    goodputPerSec: per(l.goodput),
    goodputRatio: l.requests === 0 ? 0 : l.goodput / l.requests,
    outputTokensPerSec: per(l.outputTokens),
    inputTokensPerSec: per(l.inputTokens),
    perUserTokensPerSec: l.tpot.count === 0 ? null : { p50: inv(0.5), p90: inv(0.9), p99: inv(0.99) },
  };
}
