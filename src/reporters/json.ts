/**
 * json is loadgen's own complete result document (schema "loadgen.result/v1", documented in
 * docs/result-json.md). It carries everything the text report shows plus the encoded
 * HdrHistograms, so `loadgen report` can re-report and merge runs from it exactly.
 */
import type { LatencySnapshot, LatencyView } from '../core/latency-view.js';
import { unixNsAt, type RunResult } from '../core/run-result.js';
import { statusKey } from '../core/outcome.js';
import { GO_ZERO_TIME, rfc3339Nano } from '../core/time-format.js';
import { TOOL_VERSION } from '../core/version.js';

/** RESULT_SCHEMA names the version of the document's shape. */
export const RESULT_SCHEMA = 'loadgen.result/v1';

/** REPORTED_PERCENTILES are the percentiles written for each latency kind (q in 0..1). */
export const REPORTED_PERCENTILES: ReadonlyArray<readonly [key: string, q: number]> = [
  ['p50', 0.5],
  ['p75', 0.75],
  ['p90', 0.9],
  ['p95', 0.95],
  ['p99', 0.99],
  ['p99_9', 0.999],
  ['p99_99', 0.9999],
];

/** LatencyWithSnapshot is a latency view that can also give its encoded histogram. */
type Encodable = LatencyView & { snapshot?: () => LatencySnapshot };

export function jsonReport(r: RunResult): string {
  const durationNs = r.latestNs - r.earliestNs;
  const waitNs = r.endNs - r.latestNs;
  const time = (offset: number) => (r.requests === 0 ? GO_ZERO_TIME : rfc3339Nano(unixNsAt(r, offset)));
  const doc = {
    schema: RESULT_SCHEMA,
    tool: { name: 'loadgen', version: TOOL_VERSION },
    command: r.meta.command,
    protocol: r.meta.protocol,
    name: r.meta.name,
    target: r.meta.target,
    mode: r.meta.mode,
    rate_hz: r.meta.rateHz,
    vus: r.meta.vus,
    workers: r.meta.workers,
    connections: r.meta.connections,
    start: rfc3339Nano(r.startUnixNs),
    start_unix_ns: r.startUnixNs.toString(),
    interrupted: r.interrupted,
    requests: r.requests,
    successes: r.successes,
    failures: r.requests - r.successes,
    success_ratio: r.requests === 0 ? 0 : r.successes / r.requests,
    dropped: r.dropped,
    skipped: r.skipped,
    in_flight_peak: r.inFlightPeak,
    earliest: time(r.earliestNs),
    latest: time(r.latestNs),
    end: time(r.endNs),
    earliest_ns: r.earliestNs,
    latest_ns: r.latestNs,
    end_ns: r.endNs,
    duration_ns: durationNs,
    wait_ns: waitNs,
    rate: durationNs > 0 ? r.requests / (durationNs / 1e9) : r.requests,
    throughput: durationNs + waitNs > 0 ? r.successes / ((durationNs + waitNs) / 1e9) : r.successes,
    bytes_in: { total: r.bytesIn, mean: r.requests === 0 ? 0 : r.bytesIn / r.requests },
    bytes_out: { total: r.bytesOut, mean: r.requests === 0 ? 0 : r.bytesOut / r.requests },
    status_codes: Object.fromEntries(r.statusCodes.map((s) => [statusKey(r.meta.protocol, s), s.count])),
    errors: r.errors.map((e) => ({ text: e.text, count: e.count })),
    latency: {
      service: latencyJson(r.latency),
      response: r.responseTime === null ? null : latencyJson(r.responseTime),
    },
    series: r.series.map((s) => ({
      second: s.second,
      requests: s.requests,
      errors: s.errors,
      p50_ns: Math.round(s.p50Ns),
      p99_ns: Math.round(s.p99Ns),
    })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** latencyJson is one latency population as the JSON reports write it (ns, percentiles, HDR encoding). */
export function latencyJson(l: Encodable): Record<string, number | string | null> {
  const out: Record<string, number | string | null> = {
    count: l.count,
    min_ns: Math.round(l.minNs),
    mean_ns: Math.round(l.meanNs),
    stdev_ns: Math.round(l.stdevNs),
    max_ns: Math.round(l.maxNs),
    total_ns: Math.round(l.totalNs),
  };
  for (const [key, q] of REPORTED_PERCENTILES) out[`${key}_ns`] = Math.round(l.quantileNs(q));
  out.hdr_histogram = l.snapshot === undefined ? null : l.snapshot().histogram;
  return out;
}
