/**
 * LiveSnapshot is the run as it stands, built about once a second on the main thread from the
 * workers' snapshots: what the live panel, the Prometheus endpoint, remote write and abortOnFail
 * SLOs read while the run goes. Counters are cumulative since the run's elapsed zero; `recent`
 * covers the last few seconds. Building it costs the workers nothing per request: they derive
 * their part from the recorder once a second.
 */
import type { LatencyView } from './latency-view.js';
import type { StatusCount } from './outcome.js';

/** LIVE_BUCKETS_NS are the latency bucket bounds exported live: 1 ms to 10 s, cumulative `le` buckets. */
export const LIVE_BUCKETS_NS: readonly number[] = [
  1e6, 2.5e6, 5e6, 10e6, 25e6, 50e6, 100e6, 250e6, 500e6, 1e9, 2.5e9, 5e9, 10e9,
];

/**
 * LLM_TTFT_BUCKETS_NS and LLM_ITL_BUCKETS_NS are the generative histograms' bounds exported live:
 * TTFT 10 ms to 60 s, ITL 1 ms to 5 s (a token gap is tens of ms, a first token up to seconds).
 */
export const LLM_TTFT_BUCKETS_NS: readonly number[] = [
  10e6, 25e6, 50e6, 75e6, 100e6, 150e6, 200e6, 300e6, 500e6, 750e6, 1e9, 2e9, 5e9, 10e9, 20e9, 60e9,
];
export const LLM_ITL_BUCKETS_NS: readonly number[] = [
  1e6, 2.5e6, 5e6, 7.5e6, 10e6, 15e6, 20e6, 30e6, 40e6, 50e6, 75e6, 100e6, 200e6, 500e6, 1e9, 5e9,
];

/** LiveBuckets is one histogram exported live: cumulative counts at its bounds, sum and count. */
export interface LiveBuckets {
  readonly buckets: readonly number[];
  readonly sumNs: number;
  readonly count: number;
}

/** LlmLive is a generate run's cumulative generative counts and TTFT / ITL buckets so far. */
export interface LlmLive {
  readonly requests: number;
  readonly successes: number;
  readonly outputTokens: number;
  readonly inputTokens: number;
  readonly goodput: number;
  readonly ttft: LiveBuckets;
  readonly itl: LiveBuckets;
}

export interface LiveSnapshot {
  readonly elapsedNs: number;
  /** totalNs is the run's planned length; 0 when bounded by count or a signal only. */
  readonly totalNs: number;
  readonly requests: number;
  readonly successes: number;
  readonly dropped: number;
  readonly inFlight: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly statuses: readonly StatusCount[];
  /** errorKinds counts failed results by the stable kind of their error (refused, timeout, status, check, ...). */
  readonly errorKinds: ReadonlyArray<readonly [kind: string, count: number]>;
  /** buckets[i] counts service times <= LIVE_BUCKETS_NS[i] (cumulative, Prometheus' le). */
  readonly buckets: readonly number[];
  /** latencySumNs is the sum of every recorded service time, for the histogram's _sum. */
  readonly latencySumNs: number;
  /** targetRateHz is the open-loop rate the pacer aims at now; null in closed loop. */
  readonly targetRateHz: number | null;
  /** vus is the number of closed-loop users now; null in open loop. */
  readonly vus: number | null;
  /** overall are service-time statistics over the whole run so far (k6's trend stats); null before any result. */
  readonly overall: { readonly meanNs: number; readonly p50Ns: number; readonly p90Ns: number; readonly p95Ns: number; readonly p99Ns: number; readonly maxNs: number } | null;
  readonly recent: {
    /** seconds is how much of the run the recent figures cover. */
    readonly seconds: number;
    readonly rps: number;
    readonly p50Ns: number | null;
    readonly p99Ns: number | null;
  };
  /** workers holds each worker's own load: event-loop busy share (0..1) and its worst send lateness. */
  readonly workers: ReadonlyArray<{ readonly busy: number; readonly latenessP99Ns: number }>;
  /** cpuSeconds is the generator process's user + system CPU so far. */
  readonly cpuSeconds: number;
  /**
   * views are the whole run's latency distributions, present (with `overall`) only when a consumer
   * needs exact quantiles (remote write, abortOnFail objectives): merging them costs a few ms.
   * In-process only; not part of any serialised form.
   */
  readonly views?: { readonly service: LatencyView; readonly response: LatencyView | null } | null;
  /** llm is the generative part (generate runs); absent or null otherwise. */
  readonly llm?: LlmLive | null;
}

/** addLlmLive sums the workers' generative parts (null when none has one). */
export function addLlmLive(parts: ReadonlyArray<LlmLive | null | undefined>): LlmLive | null {
  const all = parts.filter((p): p is LlmLive => p != null);
  if (all.length === 0) return null;
  const sum = (f: (p: LlmLive) => number) => all.reduce((n, p) => n + f(p), 0);
  const buckets = (f: (p: LlmLive) => LiveBuckets): LiveBuckets => ({
    buckets: f(all[0]).buckets.map((_, i) => sum((p) => f(p).buckets[i])),
    sumNs: sum((p) => f(p).sumNs),
    count: sum((p) => f(p).count),
  });
  return {
    requests: sum((p) => p.requests),
    successes: sum((p) => p.successes),
    outputTokens: sum((p) => p.outputTokens),
    inputTokens: sum((p) => p.inputTokens),
    goodput: sum((p) => p.goodput),
    ttft: buckets((p) => p.ttft),
    itl: buckets((p) => p.itl),
  };
}
