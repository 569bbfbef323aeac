/**
 * The generative-inference part of the result model (`generate` runs): per-request LLM metrics
 * as HDR distributions, token counts and goodput, defined once (README "Generative inference"):
 * TTFT = first content token - request sent; ITL = gaps between consecutive tokens, pooled over
 * requests; TPOT = (E2E - TTFT) / (tokens - 1) per request; E2E = response end - request sent.
 * A worker's part (LlmShard) carries encoded histograms; the merged LlmResult, LatencyViews.
 */
import type { LatencySnapshot, LatencyView } from './latency-view.js';

/** LlmApiName is the generative API a run spoke. */
export type LlmApiName = 'openai-chat' | 'openai-completions' | 'oip-generate';

/** LlmSloMetric is a per-request quantity a goodput objective bounds. */
export type LlmSloMetric = 'ttft' | 'tpot' | 'e2e';

/** LlmSlo is one per-request objective: metric <= limitNs (or < with strict). */
export interface LlmSlo {
  readonly text: string;
  readonly metric: LlmSloMetric;
  readonly limitNs: number;
  readonly strict: boolean;
}

/** LlmCounts are the counts of an LLM run (or a worker's part of one). */
export interface LlmCounts {
  /** requests counts every recorded request; successes, those that ended without error. */
  readonly requests: number;
  readonly successes: number;
  /** outputTokens counts the output tokens received, failed streams' included. */
  readonly outputTokens: number;
  /** inputTokens counts the prompt tokens sent (the server's usage where reported, else the planned count). */
  readonly inputTokens: number;
  /** usageReported counts requests whose token count came from the server's usage. */
  readonly usageReported: number;
  /** usageMismatches counts requests whose usage disagreed with the number of content deltas. */
  readonly usageMismatches: number;
  /** clientCounted counts requests without usage whose output the client's tokenizer counted. */
  readonly clientCounted: number;
  /** tokenCount compares the tokenizer's count with the server's usage, where there were both. */
  readonly tokenCount: TokenCountCheck;
  /** goodput counts successful requests that met every objective (all of them without objectives). */
  readonly goodput: number;
  /** sloMet counts, per objective (in order), the successful requests that met it. */
  readonly sloMet: readonly number[];
}

/**
 * TokenCountCheck is how the client's token counts (its tokenizer's, of the streamed text) agree
 * with the server's usage: over the requests with both (compared), those that differ, and the
 * relative difference |client - server| / server (summed, for the mean over compared, and its max).
 */
export interface TokenCountCheck {
  readonly compared: number;
  readonly mismatches: number;
  readonly relDiffSum: number;
  readonly relDiffMax: number;
}

/**
 * LlmSecondShard is one second of a worker's LLM series, each event in the second it happened:
 * a request's TTFT in its first token's second, an ITL gap and its tokens in the later token's
 * second, requests (and goodput) in the second they ended. Histograms are 2-digit, as the HTTP
 * series' are.
 */
export interface LlmSecondShard {
  readonly second: number;
  readonly requests: number;
  readonly goodput: number;
  readonly outputTokens: number;
  readonly ttft: LatencySnapshot;
  readonly itl: LatencySnapshot;
}

/** LlmSecond is one second of the run's merged LLM series, with its TTFT and ITL p50/p99 (ns; NaN without samples). */
export interface LlmSecond extends LlmSecondShard {
  readonly ttftP50Ns: number;
  readonly ttftP99Ns: number;
  readonly itlP50Ns: number;
  readonly itlP99Ns: number;
}

/** LlmShard is one worker's LLM metrics, in serialisable form. */
export interface LlmShard extends LlmCounts {
  readonly api: LlmApiName;
  readonly stream: boolean;
  /** tokenizer names the client's tokenizer ('none': one token per content delta). */
  readonly tokenizer: string;
  readonly slos: readonly LlmSlo[];
  readonly ttft: LatencySnapshot;
  /** ttftResponse is TTFT from the intended send (open loop, coordinated-omission corrected); null in closed loop. */
  readonly ttftResponse: LatencySnapshot | null;
  readonly itl: LatencySnapshot;
  readonly tpot: LatencySnapshot;
  readonly e2e: LatencySnapshot;
  /** series is the per-second series, by second; absent in records written before it was kept. */
  readonly series?: readonly LlmSecondShard[];
}

/** LlmResult is a run's merged LLM metrics. */
export interface LlmResult extends LlmCounts {
  readonly api: LlmApiName;
  readonly stream: boolean;
  readonly tokenizer: string;
  readonly slos: readonly LlmSlo[];
  readonly ttft: LatencyView & { snapshot(): LatencySnapshot };
  readonly ttftResponse: (LatencyView & { snapshot(): LatencySnapshot }) | null;
  readonly itl: LatencyView & { snapshot(): LatencySnapshot };
  readonly tpot: LatencyView & { snapshot(): LatencySnapshot };
  readonly e2e: LatencyView & { snapshot(): LatencySnapshot };
  /** series is the per-second series, every second that had an event, by second (empty for old records). */
  readonly series: readonly LlmSecond[];
}
