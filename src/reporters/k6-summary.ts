/**
 * k6Summary is the document `k6 run --summary-export FILE` writes, in k6's legacy shape (spec
 * k6.md 1): `{root_group, metrics}` as JSON indented with 4 spaces, the way k6's own summary
 * wrapper writes it (JSON.stringify, so no trailing newline and no HTML escaping).
 *
 * What each k6 metric is here, for a run of one request per iteration:
 * - `http_req_duration` (`grpc_req_duration` for gRPC runs): service time, a Trend in float ms.
 *   Its percentiles come from the HDR histogram (0.1 % of the value), not from k6's linear
 *   interpolation over every sample (k6.md 10.7).
 * - `http_reqs`, `iterations`: requests sent; rates are per second of the whole run (elapsed zero
 *   to the last response), as k6 divides by the test run duration.
 * - `http_req_failed`: passes = failed requests (k6's Rate counts true samples, and a sample is
 *   true when the request failed). A request fails as loadgen counts it (no response, status
 *   outside 200..399, or a failed response check), the same count a `http_req_failed: rate<X`
 *   threshold is judged on, so value and threshold never disagree.
 * - `checks`: one check over every response when the run checked responses; passes = successes.
 * - `data_sent` / `data_received`: request bytes / response body bytes kept (not headers).
 * - `vus`, `vus_max`: the closed-loop users; `dropped_iterations`: present when any were dropped.
 * A metric also appears when an objective is judged on it. Runs mixing HTTP and gRPC report all
 * calls under the http_ names (the result model keeps one latency population).
 */
import { createHash } from 'node:crypto';
import type { RunResult } from '../core/run-result.js';
import type { SloMetric, SloVerdict } from '../core/slo.js';
import { UsageError } from '../core/errors.js';

/** K6_CHECK_NAME names loadgen's response check in root_group.checks (its id is md5 of `::` + name). */
export const K6_CHECK_NAME = 'response is a valid inference response';

/** K6_DEFAULT_TREND_STATS is k6's default summaryTrendStats. */
export const K6_DEFAULT_TREND_STATS: readonly string[] = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

export interface K6SummaryOptions {
  /** checked says every response was checked (`--check`): the summary then carries the check. */
  readonly checked: boolean;
  /** trendStats is k6's summaryTrendStats: avg, min, med, max, count, p(N); default k6's. */
  readonly trendStats?: readonly string[];
}

type Values = Record<string, number>;
type MetricEntry = Values & { thresholds?: Record<string, boolean> };

export function k6Summary(result: RunResult, verdicts: readonly SloVerdict[], opts: K6SummaryOptions): string {
  const trendStats = opts.trendStats ?? K6_DEFAULT_TREND_STATS;
  const names = new Set(defaultMetrics(result, opts.checked));
  const thresholds = new Map<string, Record<string, boolean>>();
  for (const v of verdicts) {
    const { metric, key } = k6Threshold(v, result);
    names.add(metric);
    const t = thresholds.get(metric) ?? {};
    // k6 writes `!threshold.ok`: true means the threshold FAILED.
    t[key] = !v.pass;
    thresholds.set(metric, t);
  }
  const metrics: Record<string, MetricEntry> = {};
  for (const name of [...names].sort()) {
    const entry: MetricEntry = metricValues(name, result, trendStats);
    const t = thresholds.get(name);
    if (t !== undefined) entry.thresholds = t;
    metrics[name] = entry;
  }
  const checks = names.has('checks') ? { [checkName(result, opts.checked)]: checkOf(result, opts.checked) } : {};
  const doc = { root_group: { name: '', path: '', id: md5(''), groups: {}, checks }, metrics };
  return JSON.stringify(doc, null, 4);
}

/** trendMetric is the k6 Trend a run's service time is reported as. */
function trendMetric(r: RunResult): string {
  return r.meta.protocol === 'grpc' ? 'grpc_req_duration' : 'http_req_duration';
}

/** defaultMetrics lists the metrics k6 would have samples of for this run. */
function defaultMetrics(r: RunResult, checked: boolean): string[] {
  const names = [trendMetric(r), 'iterations', 'data_sent', 'data_received'];
  // k6's gRPC module emits no request counter and no failure Rate.
  if (r.meta.protocol !== 'grpc') names.push('http_reqs', 'http_req_failed');
  if (checked) names.push('checks');
  if (r.dropped > 0) names.push('dropped_iterations');
  if (r.meta.mode === 'closed' && r.meta.vus !== null) names.push('vus', 'vus_max');
  return names;
}

/** metricValues is one metric's values object: Trend, Counter, Rate or Gauge keys (k6.md 1.3). */
function metricValues(name: string, r: RunResult, trendStats: readonly string[]): Values {
  const seconds = r.endNs / 1e9;
  const counter = (count: number): Values => ({ count, rate: seconds > 0 ? count / seconds : 0 });
  const failed = r.requests - r.successes;
  switch (name) {
    case 'http_req_duration':
    case 'grpc_req_duration':
      return trendValues(r, trendStats);
    case 'http_reqs':
    case 'iterations':
      return counter(r.requests);
    case 'data_sent':
      return counter(r.bytesOut);
    case 'data_received':
      return counter(r.bytesIn);
    case 'dropped_iterations':
      return counter(r.dropped);
    case 'http_req_failed':
      return { passes: failed, fails: r.successes, value: r.requests === 0 ? 0 : failed / r.requests };
    case 'checks':
      return { passes: r.successes, fails: failed, value: r.requests === 0 ? 0 : r.successes / r.requests };
    case 'vus':
    case 'vus_max': {
      const vus = r.meta.vus ?? 0;
      return { value: vus, min: vus, max: vus };
    }
    default:
      throw new Error(`k6Summary: no values for metric ${name}`);
  }
}

/** trendValues gives each summaryTrendStats entry in float milliseconds (count as is). */
function trendValues(r: RunResult, trendStats: readonly string[]): Values {
  const l = r.latency;
  const out: Values = {};
  for (const s of trendStats) {
    const stat = trendStat(s);
    if (stat === 'count') out[s] = l.count;
    else if (l.count === 0) out[s] = 0;
    else if (stat === 'avg') out[s] = l.meanNs / 1e6;
    else if (stat === 'min') out[s] = l.minNs / 1e6;
    else if (stat === 'max') out[s] = l.maxNs / 1e6;
    else out[s] = l.quantileNs(stat) / 1e6;
  }
  return out;
}

/** trendStat reads one summaryTrendStats entry: a name, or the quantile (0..1) of med / p(N). */
function trendStat(s: string): 'avg' | 'min' | 'max' | 'count' | number {
  if (s === 'avg' || s === 'min' || s === 'max' || s === 'count') return s;
  if (s === 'med') return 0.5;
  const p = /^p\((\d+(?:\.\d+)?)\)$/.exec(s);
  const q = p === null ? NaN : Number((Number(p[1]) / 100).toPrecision(12));
  if (!(q >= 0 && q <= 1)) throw new UsageError(`summaryTrendStats: "${s}" is not one of avg, min, med, max, count, p(N)`);
  return q;
}

/** K6_FORM reads the text parseK6Threshold gives a k6 threshold: `<metric>: <expression>`. */
const K6_FORM = /^([a-z_]+): (.+)$/;

/**
 * k6Threshold places a verdict on the k6 metric it measures, keyed by the user's text: a k6
 * threshold keeps its metric and expression; loadgen's and Iter8's objectives go where k6 would
 * measure the same thing (latency on the Trend, error rate on http_req_failed, ...).
 */
function k6Threshold(v: SloVerdict, r: RunResult): { metric: string; key: string } {
  const k6 = K6_FORM.exec(v.slo.text);
  if (k6 === null) return { metric: byKind(v.slo.metric, r), key: v.slo.text };
  // Either Trend name means the run's Trend; a gRPC run has no http_ counters to put one on.
  if (k6[1].endsWith('_req_duration')) return { metric: trendMetric(r), key: k6[2] };
  if (r.meta.protocol === 'grpc' && k6[1].startsWith('http_')) return { metric: byKind(v.slo.metric, r), key: k6[2] };
  return { metric: k6[1], key: k6[2] };
}

function byKind(m: SloMetric, r: RunResult): string {
  const grpc = r.meta.protocol === 'grpc';
  switch (m.kind) {
    case 'latency':
      return trendMetric(r);
    case 'error-rate':
    case 'error-count':
      // gRPC runs have no http_req_failed; the check Rate carries the same successes.
      return grpc ? 'checks' : 'http_req_failed';
    case 'success-rate':
      return 'checks';
    case 'request-count':
    case 'rps':
    case 'throughput':
      return grpc ? 'iterations' : 'http_reqs';
    case 'dropped':
    case 'dropped-rate':
      return 'dropped_iterations';
  }
}

/** checkName names the check: loadgen's response check, or what success means without one. */
function checkName(r: RunResult, checked: boolean): string {
  if (checked) return K6_CHECK_NAME;
  return r.meta.protocol === 'grpc' ? 'status is OK' : 'status is 2xx or 3xx';
}

function checkOf(r: RunResult, checked: boolean) {
  const name = checkName(r, checked);
  const path = `::${name}`;
  return { name, path, id: md5(path), passes: r.successes, fails: r.requests - r.successes };
}

/** md5 is the lowercase hex MD5 k6 uses as group and check ids (of their paths). */
function md5(s: string): string {
  return createHash('md5').update(s).digest('hex');
}
