/**
 * vegeta's JSON report (`report -type=json`, spec: vegeta.md section 4) and VegetaMetrics, the
 * numbers vegeta's `Metrics.Close()` derives, which the text report prints too.
 */
import type { Nanos } from '../core/units.js';
import type { RunResult } from '../core/run-result.js';
import { statusKey } from '../core/outcome.js';
import { GO_ZERO_TIME, rfc3339Nano } from '../core/time-format.js';
import { goJson, type GoJsonValue } from './go-format.js';
import { summarize } from '../core/summary.js';
import { histogramCounts } from './vegeta-hist.js';

/** VegetaMetrics are vegeta's report numbers; durations are integer ns, times Unix ns. */
export interface VegetaMetrics {
  readonly totalNs: number;
  /** meanNs is total / requests in float64, truncated, as vegeta computes it. */
  readonly meanNs: number;
  readonly p50Ns: number;
  readonly p90Ns: number;
  readonly p95Ns: number;
  readonly p99Ns: number;
  readonly maxNs: number;
  readonly minNs: number;
  readonly bytesInTotal: number;
  /** bytesInMean is bytes per result (float). */
  readonly bytesInMean: number;
  readonly bytesOutTotal: number;
  readonly bytesOutMean: number;
  /** earliestUnixNs, latestUnixNs, endUnixNs are null when there are no results (Go zero time). */
  readonly earliestUnixNs: bigint | null;
  readonly latestUnixNs: bigint | null;
  readonly endUnixNs: bigint | null;
  /** durationNs is latest - earliest (the attack); waitNs is end - latest. */
  readonly durationNs: number;
  readonly waitNs: number;
  readonly requests: number;
  /** rate is requests per second over durationNs; the request count when durationNs is 0. */
  readonly rate: number;
  /** throughput is 2xx/3xx results per second over duration + wait; their count when durationNs is 0. */
  readonly throughput: number;
  /** success is the 0..1 share of results with a code in 200..399. */
  readonly success: number;
  /**
   * statusCodes are [decimal code, count] sorted as strings ("0" < "200" < "404"); in a run of both
   * protocols the gRPC codes are keyed by name (`grpc:OK`), as in loadgen's json report.
   */
  readonly statusCodes: ReadonlyArray<readonly [code: string, count: number]>;
  /** errors are the distinct error texts in first-seen order. */
  readonly errors: readonly string[];
}

/**
 * vegetaMetrics derives vegeta's report numbers from a RunResult, with vegeta's arithmetic (float
 * seconds as Go's Duration.Seconds(), truncated mean and percentiles). With no results every
 * number is 0, as vegeta's Close() leaves them.
 */
export function vegetaMetrics(result: RunResult): VegetaMetrics {
  const requests = result.requests;
  const empty = requests === 0;
  const { bytesInMean, bytesOutMean, wall } = summarize(result);
  const lat = result.latency;
  const quantile = (q: number): number => (empty ? 0 : Math.trunc(lat.quantileNs(q)));
  return {
    totalNs: empty ? 0 : Math.round(lat.totalNs),
    meanNs: empty ? 0 : Math.trunc(lat.totalNs / requests),
    p50Ns: quantile(0.5),
    p90Ns: quantile(0.9),
    p95Ns: quantile(0.95),
    p99Ns: quantile(0.99),
    maxNs: empty ? 0 : Math.round(lat.maxNs),
    minNs: empty ? 0 : Math.round(lat.minNs),
    bytesInTotal: result.bytesIn,
    bytesInMean,
    bytesOutTotal: result.bytesOut,
    bytesOutMean,
    earliestUnixNs: wall.earliestUnixNs,
    latestUnixNs: wall.latestUnixNs,
    endUnixNs: wall.endUnixNs,
    durationNs: wall.durationNs,
    waitNs: wall.waitNs,
    requests,
    rate: wall.rate,
    throughput: wall.throughput,
    success: empty ? 0 : wall.statusSuccesses / requests,
    statusCodes: sortedStatusCodes(result),
    errors: result.errors.map((e) => e.text),
  };
}

/** sortedStatusCodes orders the codes as Go sorts map[string]int keys: as strings. */
function sortedStatusCodes(result: RunResult): Array<readonly [string, number]> {
  const codes = result.statusCodes.map((s) => [statusKey(result.meta.protocol, s), s.count] as const);
  return codes.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/**
 * vegetaJson renders vegeta's JSON report: one compact line of Go-encoded JSON plus `\n`, keys in
 * vegeta's order (`max` before `min`). `buckets` (ascending lower bounds in ns, e.g. from
 * parseHistBuckets) adds the `"buckets":{"<ns>":count,...}` object after `latencies`.
 */
export function vegetaJson(result: RunResult, buckets?: readonly Nanos[]): string {
  const m = vegetaMetrics(result);
  const report: GoJsonValue = {
    latencies: {
      total: m.totalNs,
      mean: m.meanNs,
      '50th': m.p50Ns,
      '90th': m.p90Ns,
      '95th': m.p95Ns,
      '99th': m.p99Ns,
      max: m.maxNs,
      min: m.minNs,
    },
    ...(buckets === undefined ? {} : { buckets: bucketsObject(result, buckets) }),
    bytes_in: { total: m.bytesInTotal, mean: m.bytesInMean },
    bytes_out: { total: m.bytesOutTotal, mean: m.bytesOutMean },
    earliest: goTime(m.earliestUnixNs),
    latest: goTime(m.latestUnixNs),
    end: goTime(m.endUnixNs),
    duration: m.durationNs,
    wait: m.waitNs,
    requests: m.requests,
    rate: m.rate,
    throughput: m.throughput,
    success: m.success,
    status_codes: new Map(m.statusCodes),
    errors: m.errors,
  };
  return `${goJson(report)}\n`;
}

/** bucketsObject maps each bucket's lower bound (integer ns as a string) to its count, in order. */
function bucketsObject(result: RunResult, buckets: readonly Nanos[]): Map<string, number> {
  const counts = histogramCounts(result.latency, buckets);
  return new Map(buckets.map((b, i) => [String(Math.round(b)), counts[i]] as const));
}

/** goTime is a time as Go's JSON encoder writes it; null is Go's zero time. */
function goTime(unixNs: bigint | null): string {
  return unixNs === null ? GO_ZERO_TIME : rfc3339Nano(unixNs);
}
