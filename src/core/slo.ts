/**
 * Slo is one service-level objective a run is judged on: a measurable metric of the result, a
 * comparison and a limit, with the text the user wrote (for the verdict table). Metrics are a
 * closed set so a typo is refused before the run, as k6 refuses a threshold on an unknown metric.
 * Latency limits are held in ns, rates as fractions (0.001 = 0.1 %), throughput in 1/s.
 */

/** LatencyStat is an aggregate of a latency population; `q` is set for percentiles (0..1). */
export type LatencyStat = 'mean' | 'min' | 'max' | 'stddev' | 'percentile';

/** SloMetric is what an objective measures. */
export type SloMetric =
  | {
      readonly kind: 'latency';
      /** population: service time (send to end) or CO-corrected response time (intended send to end). */
      readonly population: 'service' | 'response';
      readonly stat: LatencyStat;
      readonly q: number;
    }
  | { readonly kind: 'error-rate' | 'success-rate' | 'error-count' | 'request-count' | 'rps' | 'throughput' | 'dropped' | 'dropped-rate' };

/** SloOp is the comparison; Iter8's upper SLO is `<=`, its lower SLO `>=`. */
export type SloOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface Slo {
  /** text is the objective as the user wrote it, e.g. `p99<=250ms` or `http_req_duration: p(95)<500`. */
  readonly text: string;
  /** name is how the metric is shown: `p99`, `error-rate`, `http/latency-mean`, ... */
  readonly name: string;
  readonly metric: SloMetric;
  readonly op: SloOp;
  /** limit is in the metric's unit: ns for latency, a fraction for rates, 1/s for rps, a count otherwise. */
  readonly limit: number;
  /** abortOnFail stops the run as soon as a live snapshot fails the objective (k6's abortOnFail). */
  readonly abortOnFail: boolean;
  /** delayAbortNs is how long into the run abortOnFail waits before judging (k6's delayAbortEval). */
  readonly delayAbortNs: number;
}

/** SloVerdict is one objective judged: measured is null when the run has no value for it (fails, as in Iter8). */
export interface SloVerdict {
  readonly slo: Slo;
  readonly measured: number | null;
  readonly pass: boolean;
}

/** compareSlo applies an objective's comparison; a missing value never passes. */
export function compareSlo(op: SloOp, value: number | null, limit: number): boolean {
  if (value === null || Number.isNaN(value)) return false;
  switch (op) {
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
    case '>':
      return value > limit;
    case '>=':
      return value >= limit;
    case '==':
      return value === limit;
    case '!=':
      return value !== limit;
  }
}

/** isLatencyMetric says whether an objective's values are durations (ns). */
export function isLatencyMetric(m: SloMetric): m is Extract<SloMetric, { kind: 'latency' }> {
  return m.kind === 'latency';
}

/** isRateMetric says whether an objective's values are fractions (shown as percentages). */
export function isRateMetric(m: SloMetric): boolean {
  return m.kind === 'error-rate' || m.kind === 'success-rate' || m.kind === 'dropped-rate';
}
