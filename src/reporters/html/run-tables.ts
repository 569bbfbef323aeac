/**
 * planTable and summaryTable are the HTML report's "what ran" and "how it went" tables, one
 * column per run so runs compare side by side. Figures use the text report's definitions: rate is
 * requests/s over the sending span, throughput successes/s including the wait for the last
 * responses (vegeta's), durations in Go's notation.
 */
import type { LatencyView } from '../../core/latency-view.js';
import type { RunResult } from '../../core/run-result.js';
import { rfc3339Nano } from '../../core/time-format.js';
import { goDuration, goFixed, vegetaRound } from '../go-format.js';
import { num, type Cell, type TableSpec } from './html-table.js';

/** LabelledResult is a run as the tables see it. */
export interface LabelledResult {
  readonly label: string;
  readonly result: RunResult;
}

type Row = readonly [name: string, value: (r: RunResult) => Cell];

const PLAN_ROWS: readonly Row[] = [
  ['command', (r) => `loadgen ${r.meta.command}`],
  ['target', (r) => r.meta.target],
  ['name', (r) => r.meta.name || '-'],
  ['protocol', (r) => r.meta.protocol],
  ['load', load],
  ['workers', (r) => (r.meta.mode === 'replay' ? '-' : String(r.meta.workers))],
  ['connections', (r) => (r.meta.connections === 0 ? 'opened as needed' : String(r.meta.connections))],
  ['start', (r) => rfc3339Nano(r.startUnixNs)],
  ['duration', (r) => `${d(r.latestNs - r.earliestNs)} sending, ${d(r.endNs - r.latestNs)} waiting for the last responses`],
  ['interrupted', (r) => (r.interrupted ? 'yes, by a signal' : 'no')],
];

export function planTable(runs: readonly LabelledResult[]): TableSpec {
  return byRun('plan', 'Run', runs, PLAN_ROWS);
}

/** SUMMARY_PERCENTILES are the latency rows of the summary (q in 0..1). */
const SUMMARY_PERCENTILES: ReadonlyArray<readonly [string, number]> = [
  ['p50', 0.5],
  ['p90', 0.9],
  ['p99', 0.99],
];

const COUNT_ROWS: readonly Row[] = [
  ['requests', (r) => num(String(r.requests))],
  ['successes', (r) => num(`${r.successes} (${r.requests === 0 ? '0.00' : goFixed((100 * r.successes) / r.requests, 2)}%)`)],
  ['failures', (r) => num(String(r.requests - r.successes))],
  ['dropped', (r) => num(String(r.dropped))],
  ['rate (sent/s)', (r) => num(goFixed(rate(r), 2))],
  ['throughput (ok/s)', (r) => num(goFixed(throughput(r), 2))],
  ['in flight, peak', (r) => num(String(r.inFlightPeak))],
  ['bytes in / out', (r) => num(`${r.bytesIn} / ${r.bytesOut}`)],
];

export function summaryTable(runs: readonly LabelledResult[]): TableSpec {
  const rows: Row[] = [...COUNT_ROWS, ...latencyRows('service time', (r) => r.latency), ...latencyRows('response time', (r) => r.responseTime)];
  return {
    ...byRun('summary', 'Summary', runs, rows),
    note: 'Service time: from the actual send. Response time (open loop): from the intended send, corrected for coordinated omission. Percentiles from HdrHistogram (3 significant digits).',
  };
}

function latencyRows(population: string, view: (r: RunResult) => LatencyView | null): Row[] {
  const stat = (name: string, f: (l: LatencyView) => number): Row => [
    `${population} ${name}`,
    (r) => {
      const l = view(r);
      return l === null ? '-' : num(d(f(l)));
    },
  ];
  return [
    stat('mean', (l) => l.meanNs),
    ...SUMMARY_PERCENTILES.map(([name, q]) => stat(name, (l) => l.quantileNs(q))),
    stat('max', (l) => l.maxNs),
  ];
}

function byRun(id: string, caption: string, runs: readonly LabelledResult[], rows: readonly Row[]): TableSpec {
  return {
    id,
    caption,
    head: ['', ...runs.map((r) => r.label)],
    rows: rows.map(([name, value]) => [name, ...runs.map((r) => value(r.result))]),
  };
}

function load(r: RunResult): string {
  if (r.meta.mode === 'open') return `open loop at ${goFixed(r.meta.rateHz ?? 0, 2)}/s`;
  if (r.meta.mode === 'closed') return `closed loop, ${r.meta.vus} virtual users`;
  return 'replayed from results files';
}

function rate(r: RunResult): number {
  const span = r.latestNs - r.earliestNs;
  return span > 0 ? r.requests / (span / 1e9) : r.requests;
}

function throughput(r: RunResult): number {
  const span = r.endNs - r.earliestNs;
  return span > 0 ? r.successes / (span / 1e9) : r.successes;
}

function d(ns: number): string {
  return goDuration(vegetaRound(ns));
}
