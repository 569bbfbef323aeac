/**
 * LatencyView is one latency population as reporters read it; LatencySnapshot is its serialisable
 * form (worker to main thread, and the run record). results/latency.ts implements both over an
 * HdrHistogram.
 */
import type { Nanos } from './units.js';

/** LatencySnapshot is the serialisable form of a LatencyDistribution (worker to main, JSON). */
export interface LatencySnapshot {
  count: number;
  minNs: number;
  maxNs: number;
  totalNs: number;
  /** histogram is the HdrHistogram in its standard compressed base64 encoding. */
  histogram: string;
}

/**
 * LatencyView is what reporters read of a latency population; quantileNs takes q in 0..1.
 * countBelowNs(x) is the number of values strictly below x (to bucket precision).
 */
export interface LatencyView {
  readonly count: number;
  readonly minNs: Nanos;
  readonly maxNs: Nanos;
  readonly totalNs: Nanos;
  readonly meanNs: Nanos;
  readonly stdevNs: Nanos;
  quantileNs(q: number): Nanos;
  countBelowNs(limitNs: number): number;
}
