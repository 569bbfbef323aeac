/**
 * isStable is perf_analyzer's stability rule over measurement windows: the last `count` windows
 * (3) are stable when each one's throughput and each one's chosen latency lie within tolerance
 * (0.1 = ±10 %) of the mean of those windows. A window without results is never stable: it has
 * no latency to agree on. A pure function of the windows' figures, table-tested.
 */
import type { StabilityMetric } from '../plan/range-plan.js';

/** STABLE_WINDOWS is how many consecutive windows must agree (perf_analyzer: 3). */
export const STABLE_WINDOWS = 3;

/** StabilityPoint is what the rule reads of one window: its throughput (1/s) and latencies (ns). */
export interface StabilityPoint {
  readonly requests: number;
  readonly throughputRps: number;
  readonly meanNs: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
}

export function isStable(windows: readonly StabilityPoint[], tolerance: number, metric: StabilityMetric, count = STABLE_WINDOWS): boolean {
  if (windows.length < count) return false;
  const tail = windows.slice(windows.length - count);
  if (tail.some((w) => w.requests === 0)) return false;
  return withinMean(tail.map((w) => w.throughputRps), tolerance) && withinMean(tail.map((w) => latencyOf(w, metric)), tolerance);
}

/** latencyOf is the window's latency the rule compares (ns). */
export function latencyOf(w: StabilityPoint, metric: StabilityMetric): number {
  return metric === 'mean' ? w.meanNs : metric === 'p50' ? w.p50Ns : w.p99Ns;
}

/** withinMean says every value is within tolerance (a fraction) of the values' mean. */
function withinMean(values: readonly number[], tolerance: number): boolean {
  const mean = values.reduce((a, v) => a + v, 0) / values.length;
  return values.every((v) => Math.abs(v - mean) <= tolerance * mean);
}
