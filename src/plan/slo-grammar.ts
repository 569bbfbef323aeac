/**
 * The objective grammars, read before any load is sent:
 * - loadgen's `--slo METRIC OP VALUE`: `p99<=250ms`, `p(99.9)<1s`, `mean<=100ms`,
 *   `response.p99<=300ms` (CO-corrected response time), `error-rate<0.1%`, `errors==0`,
 *   `rps>=450`, `throughput>=400`, `success-rate>=99.9%`, `dropped==0`;
 * - Iter8's metric names as they are (iter8-howitzer.md 3.2, 4.2, 5): `http/latency-mean<=50`,
 *   `http/latency-p99.9<=100`, `http/error-count<=0`, `http/error-rate<0.01`,
 *   `grpc/latency/p95<=20`, ... (latency numbers in msec, as Iter8's);
 * - k6's threshold expressions for a metric (k6.md 5): `http_req_duration: p(95)<500` (ms),
 *   `http_req_failed: rate<0.01`, `http_reqs: rate>100`, `checks: rate>0.99`, ...
 * A bare latency number means milliseconds in all three, as in Iter8 and k6.
 */
import { UsageError } from '../core/errors.js';
import type { LatencyStat, Slo, SloMetric, SloOp } from '../core/slo.js';
import { parseDuration } from '../core/units.js';

const EXPRESSION = /^\s*([A-Za-z_][\w./()-]*?)\s*(===|==|!=|<=|>=|<|>)\s*(\S+)\s*$/;
const PERCENTILE = /^p(?:\((\d+(?:\.\d+)?)\)|(\d+(?:\.\d+)?))$/;

const STATS: Readonly<Record<string, LatencyStat>> = { mean: 'mean', avg: 'mean', min: 'min', max: 'max', stddev: 'stddev' };

const COUNTS: Readonly<Record<string, SloMetric['kind']>> = {
  'error-rate': 'error-rate',
  'success-rate': 'success-rate',
  errors: 'error-count',
  'error-count': 'error-count',
  requests: 'request-count',
  'request-count': 'request-count',
  rps: 'rps',
  rate: 'rps',
  throughput: 'throughput',
  dropped: 'dropped',
};

const HELP = 'e.g. p99<=250ms, mean<=100ms, response.p99<=300ms, error-rate<0.1%, rps>=450, http/latency-p90<=50';

/** parseSlo reads one `--slo` objective (loadgen's or Iter8's metric names). */
export function parseSlo(text: string, flag = '--slo'): Slo {
  const m = EXPRESSION.exec(text);
  if (m === null) throw new UsageError(`${flag}: cannot read objective "${text}"; write METRIC OP VALUE, ${HELP}`);
  const [, name, rawOp, value] = m;
  const metric = sloMetric(name) ?? iter8Metric(name);
  if (metric === null) throw new UsageError(`${flag}: unknown metric "${name}" in "${text}"; ${HELP}`);
  return build(text, name, metric, op(rawOp), value, flag);
}

/** sloMetric reads loadgen's own metric names; null when the name is not one. */
function sloMetric(name: string): SloMetric | null {
  const lower = name.toLowerCase();
  const kind = COUNTS[lower];
  if (kind !== undefined) return { kind } as SloMetric;
  for (const [prefix, population] of [['response.', 'response'], ['response-', 'response'], ['latency.', 'service'], ['', 'service']] as const) {
    if (!lower.startsWith(prefix)) continue;
    const stat = latencyStat(lower.slice(prefix.length));
    if (stat !== null) return { kind: 'latency', population, ...stat };
  }
  return null;
}

/** latencyStat reads `p99`, `p(99.9)`, `mean`, `avg`, `med`, `median`, `min`, `max`, `stddev`. */
function latencyStat(s: string): { stat: LatencyStat; q: number } | null {
  if (s === 'med' || s === 'median') return { stat: 'percentile', q: 0.5 };
  const stat = STATS[s];
  if (stat !== undefined) return { stat, q: 0 };
  const p = PERCENTILE.exec(s);
  if (p === null) return null;
  // toPrecision drops the binary noise of /100 (99.9 / 100 = 0.9990000000000001).
  const q = Number((Number(p[1] ?? p[2]) / 100).toPrecision(12));
  return q > 0 && q <= 1 ? { stat: 'percentile', q } : null;
}

/** iter8Metric reads `http/latency-p90`, `http/error-rate`, `grpc/latency/mean`, ... (any endpoint suffix). */
function iter8Metric(name: string): SloMetric | null {
  const m = /^(http|grpc)(?:-[\w.-]+)?\/(.+)$/.exec(name);
  if (m === null) return null;
  const rest = m[2];
  if (rest === 'request-count') return { kind: 'request-count' };
  if (rest === 'error-count') return { kind: 'error-count' };
  if (rest === 'error-rate') return { kind: 'error-rate' };
  const latency = /^latency[-/](.+)$/.exec(rest);
  if (latency === null) return null;
  const stat = latencyStat(latency[1].replace(/^p(\d+(?:\.\d+)?)$/, (_, n: string) => `p${Number(n)}`));
  return stat === null ? null : { kind: 'latency', population: 'service', ...stat };
}

/** K6_METRICS maps k6's built-in metric names to what each of its aggregations measures. */
const K6_METRICS: Readonly<Record<string, Readonly<Record<string, SloMetric | 'trend'>>>> = {
  http_req_duration: { trend: 'trend' },
  grpc_req_duration: { trend: 'trend' },
  http_req_failed: { rate: { kind: 'error-rate' } },
  checks: { rate: { kind: 'success-rate' } },
  http_reqs: { count: { kind: 'request-count' }, rate: { kind: 'rps' } },
  iterations: { count: { kind: 'request-count' }, rate: { kind: 'rps' } },
  dropped_iterations: { count: { kind: 'dropped' }, rate: { kind: 'dropped-rate' } },
};

/** k6TrendStat reads a k6 Trend aggregation: avg, min, max, med, p(N). */
function k6TrendStat(agg: string): { stat: LatencyStat; q: number } | null {
  if (agg === 'med') return { stat: 'percentile', q: 0.5 };
  if (agg === 'avg' || agg === 'min' || agg === 'max') return latencyStat(agg);
  return /^p\(\d+(?:\.\d+)?\)$/.test(agg) ? latencyStat(agg) : null;
}

/** parseK6Threshold reads one k6 threshold expression (`p(95)<500`) of a built-in metric. */
export function parseK6Threshold(metricName: string, expression: string, source: string, abort?: { abortOnFail: boolean; delayAbortNs: number }): Slo {
  const text = `${metricName}: ${expression}`;
  const aggs = K6_METRICS[metricName];
  if (aggs === undefined) {
    throw new UsageError(`${source}: threshold on unknown metric "${metricName}"; use one of ${Object.keys(K6_METRICS).join(', ')}`);
  }
  const m = /^\s*([\w()./]+)\s*(===|==|!=|<=|>=|<|>)\s*(\S+)\s*$/.exec(expression);
  if (m === null) throw new UsageError(`${source}: cannot read threshold "${expression}" of ${metricName}; write AGG OP NUMBER, e.g. p(95)<500`);
  const [, agg, rawOp, value] = m;
  let metric: SloMetric | null = null;
  if (aggs.trend === 'trend') {
    const stat = k6TrendStat(agg);
    if (stat !== null) metric = { kind: 'latency', population: 'service', ...stat };
  } else {
    const a = aggs[agg];
    if (a !== undefined && a !== 'trend') metric = a;
  }
  if (metric === null) {
    const allowed = aggs.trend === 'trend' ? 'avg, min, max, med, p(N)' : Object.keys(aggs).join(', ');
    throw new UsageError(`${source}: ${metricName} has no aggregation "${agg}"; use ${allowed}`);
  }
  if (!/^-?\d+(\.\d+)?$/.test(value)) throw new UsageError(`${source}: threshold "${expression}" of ${metricName} needs a number, e.g. p(95)<500`);
  const slo = build(text, `${metricName} ${agg}`, metric, op(rawOp), value, source);
  return abort === undefined ? slo : { ...slo, ...abort };
}

function op(raw: string): SloOp {
  return raw === '===' ? '==' : (raw as SloOp);
}

/** build reads the limit in the metric's unit: a duration or ms for latency, % or a fraction for rates. */
function build(text: string, name: string, metric: SloMetric, o: SloOp, value: string, flag: string): Slo {
  return { text, name, metric, op: o, limit: limitOf(metric, value, text, flag), abortOnFail: false, delayAbortNs: 0 };
}

function limitOf(metric: SloMetric, value: string, text: string, flag: string): number {
  const bad = (what: string) => new UsageError(`${flag}: "${value}" in "${text}" is not ${what}`);
  if (metric.kind === 'latency') {
    if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1e6;
    return parseDuration(value, `${flag} ${text}:`);
  }
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(value);
  const isRate = metric.kind === 'error-rate' || metric.kind === 'success-rate' || metric.kind === 'dropped-rate';
  if (percent !== null) {
    if (!isRate) throw bad('a number (percentages are for rates)');
    return Number(percent[1]) / 100;
  }
  if (!/^\d+(\.\d+)?$/.test(value)) throw bad(isRate ? 'a rate such as 0.1% or 0.001' : 'a number');
  return Number(value);
}
