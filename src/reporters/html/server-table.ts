/**
 * serverTable is the HTML report's table of the model server's own account of each run
 * (--server-metrics): inferences it answered, its mean time per request and Triton's phases, and
 * what is left of the client's mean latency (network and client overhead); null when no run has it.
 */
import type { ServerView } from '../../core/server-view.js';
import { goDuration, vegetaRound } from '../go-format.js';
import { num, type Cell, type TableSpec } from './html-table.js';
import type { LabelledResult } from './run-tables.js';

type Row = readonly [label: string, value: (v: ServerView, clientMeanNs: number | null) => string];

const dur = (x: number | null) => (x === null ? '-' : goDuration(vegetaRound(x)));

const ROWS: readonly Row[] = [
  ['metrics', (v) => `${v.family} (${v.url})`],
  ['inferences ok', (v) => (v.successes === null ? '-' : String(v.successes))],
  ['inferences failed', (v) => (v.failures === null ? '-' : String(v.failures))],
  ['server time (mean)', (v) => dur(v.requestNs)],
  ['queue (mean)', (v) => dur(v.queueNs)],
  ['compute input (mean)', (v) => dur(v.computeInputNs)],
  ['compute infer (mean)', (v) => dur(v.computeInferNs)],
  ['compute output (mean)', (v) => dur(v.computeOutputNs)],
  ['client latency (mean)', (_, c) => dur(c)],
  ['network and overhead', (v, c) => (c === null || v.requestNs === null ? '-' : dur(c - v.requestNs))],
];

export function serverTable(runs: readonly LabelledResult[]): TableSpec | null {
  if (runs.every((r) => r.result.server === undefined || r.result.server === null)) return null;
  const rows = ROWS.map(([label, value]): Cell[] => [
    label,
    ...runs.map((r) => {
      const v = r.result.server;
      const mean = r.result.latency.count === 0 ? null : r.result.latency.meanNs;
      const text = v === undefined || v === null ? '-' : value(v, mean);
      return label === 'metrics' ? text : num(text);
    }),
  ]);
  return { id: 'server-view', caption: "The server's view", head: ['', ...runs.map((r) => r.label)], rows, note: "From the server's Prometheus metrics, scraped before and after the load (means per request)." };
}
