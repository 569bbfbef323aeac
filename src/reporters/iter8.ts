/**
 * iter8Report is the text `iter8 k report` prints for an experiment of one load task (`http`, or
 * `grpc` for gRPC runs) and, when objectives were given, an `assess` task (spec
 * iter8-howitzer.md 3.2, 4.2, 5, 6): the experiment summary, the SLO table and the latest
 * observed metric values, in Iter8's names and units (latencies in msec, two decimals).
 *
 * Differences on purpose: gRPC latencies are float ms, not Iter8's truncated whole ms (8.1);
 * an error is what loadgen counts as one (no response, status outside 200..399, failed check).
 * Runs mixing HTTP and gRPC are reported under the http/ names.
 */
import type { RunResult } from '../core/run-result.js';
import { isLatencyMetric, type SloMetric, type SloVerdict } from '../core/slo.js';

/** ITER8_PERCENTILES are the percentiles Iter8 always collects (Go %v of the float). */
const ITER8_PERCENTILES: ReadonlyArray<readonly [name: string, q: number]> = [
  ['p50', 0.5],
  ['p75', 0.75],
  ['p90', 0.9],
  ['p95', 0.95],
  ['p99', 0.99],
  ['p99.9', 0.999],
];

export function iter8Report(result: RunResult, verdicts: readonly SloVerdict[]): string {
  const backend = result.meta.protocol === 'grpc' ? 'grpc' : 'http';
  let out = experimentSummary(result, verdicts.length > 0);
  if (verdicts.length > 0) {
    out += '\nWhether or not service level objectives (SLOs) are satisfied:\n';
    out += '*************************************************************\n\n';
    const rows = verdicts.map((v): [string, string] => [sloCondition(v, backend), String(v.pass)]);
    // Iter8 indents the table text, its final newline included, so a line of two spaces follows.
    out += table(['SLO Conditions', 'Satisfied'], ['--------------', '---------'], rows) + '  \n';
  }
  out += '\nLatest observed values for metrics:\n';
  out += '***********************************\n\n';
  const values = observedValues(result, backend).map(([name, v]): [string, string] => [name, v.toFixed(2)]);
  return out + table(['Metric', 'value'], ['-------', '-----'], values);
}

/**
 * experimentSummary counts the load task and the assess task. An interrupted run did not complete
 * its load task; its results are still assessed and reported.
 */
function experimentSummary(r: RunResult, assessed: boolean): string {
  const tasks = assessed ? 2 : 1;
  return (
    'Experiment summary:\n' +
    '*******************\n\n' +
    `  Experiment completed: ${!r.interrupted}\n` +
    '  No task failures: true\n' +
    `  Total number of tasks: ${tasks}\n` +
    `  Number of completed tasks: ${r.interrupted ? tasks - 1 : tasks}\n`
  );
}

/**
 * observedValues lists Iter8's metrics of the load task, sorted by name as Iter8 prints them.
 * error-rate is absent without requests, latencies without latency samples (no value, not 0).
 */
function observedValues(r: RunResult, backend: 'http' | 'grpc'): Array<[string, number]> {
  const errors = r.requests - r.successes;
  const rows: Array<[string, number]> = [
    [`${backend}/request-count`, r.requests],
    [`${backend}/error-count`, errors],
  ];
  if (r.requests > 0) rows.push([`${backend}/error-rate`, errors / r.requests]);
  const l = r.latency;
  if (l.count > 0) {
    const stats: Array<[string, number]> = [
      ['mean', l.meanNs],
      ['stddev', l.stdevNs],
      ['min', l.minNs],
      ['max', l.maxNs],
      ...ITER8_PERCENTILES.map(([name, q]): [string, number] => [name, l.quantileNs(q)]),
    ];
    for (const [stat, valueNs] of stats) rows.push([`${latencyName(backend, stat)} (msec)`, valueNs / 1e6]);
  }
  return rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** latencyName is Iter8's name of a latency aggregate: `http/latency-p95`, `grpc/latency/p95`. */
function latencyName(backend: 'http' | 'grpc', stat: string): string {
  return backend === 'grpc' ? `grpc/latency/${stat}` : `http/latency-${stat}`;
}

/**
 * sloCondition writes one objective as Iter8 does (`http/latency-mean (msec) <= 50`): the user's
 * metric name when it is an Iter8 name, else Iter8's name for what it measures (or loadgen's
 * name when Iter8 has none, such as rps), the limit in the metric's Iter8 unit.
 */
function sloCondition(v: SloVerdict, backend: 'http' | 'grpc'): string {
  const { slo } = v;
  const iter8Named = /^(http|grpc)(-[\w.-]+)?\//.test(slo.name);
  const name = iter8Named ? slo.name : (iter8Name(slo.metric, backend) ?? slo.name);
  const latency = isLatencyMetric(slo.metric);
  const limit = latency ? slo.limit / 1e6 : slo.limit;
  return `${name}${latency ? ' (msec)' : ''} ${slo.op} ${goFloat(limit)}`;
}

function iter8Name(m: SloMetric, backend: 'http' | 'grpc'): string | null {
  switch (m.kind) {
    case 'latency': {
      if (m.population !== 'service') return null;
      const stat = m.stat === 'percentile' ? `p${goFloat(Number((m.q * 100).toPrecision(12)))}` : m.stat;
      return latencyName(backend, stat);
    }
    case 'error-rate':
    case 'error-count':
    case 'request-count':
      return `${backend}/${m.kind}`;
    default:
      return null;
  }
}

/**
 * goFloat is Go's %v of a float64: the shortest representation, in exponent form below 1e-4 or
 * from 1e21 on, with at least two exponent digits (`1e-05`).
 */
function goFloat(n: number): string {
  const abs = Math.abs(n);
  if (abs === 0 || (abs >= 1e-4 && abs < 1e21)) return String(n);
  return n.toExponential().replace(/e([+-])(\d)$/, (_m, sign: string, digit: string) => `e${sign}0${digit}`);
}

type Row = readonly [string, string];

/**
 * table lays out two columns as Go's tabwriter (padding 1) with Iter8's `| ` separator: the first
 * column padded to its widest cell plus one space; each line indented by two spaces. The rules
 * under the headings are Iter8's literal strings (`-------` under `Metric` is one dash longer).
 */
function table(head: Row, rule: Row, rows: readonly Row[]): string {
  const all: Row[] = [head, rule, ...rows];
  const width = Math.max(...all.map(([a]) => a.length));
  return all.map(([a, b]) => `  ${a.padEnd(width + 1)}| ${b}\n`).join('');
}
