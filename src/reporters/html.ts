/**
 * htmlReport is the run (or several runs, to compare) as one self-contained HTML page: what ran,
 * the summary, throughput and errors per second, latency over time (per-second percentiles and,
 * when given, every request as a point), the HDR percentile curve, status codes, errors and SLO
 * verdicts; for generate runs also TTFT, ITL and tokens per second, TTFT and ITL by percentile
 * and the generative figures. Several runs overlay in the same charts and sit side by side in the tables. The file
 * needs no network: uPlot and the data are inline (see html/page.ts).
 */
import type { RunResult } from '../core/run-result.js';
import type { SloVerdict } from '../core/slo.js';
import { chartData, MAX_SCATTER_POINTS } from './html/chart-data.js';
import { CHARTS_SCRIPT } from './html/charts-script.js';
import type { RequestPoints } from './html/downsample.js';
import { htmlTable, type TableSpec } from './html/html-table.js';
import { LLM_CHART_SLOTS, LLM_CHARTS_SCRIPT } from './html/llm-charts-script.js';
import { llmTable } from './html/llm-table.js';
import { errorsTable, sloVerdictTable, statusTable } from './html/outcome-tables.js';
import { page, type ChartSlot } from './html/page.js';
import { planTable, summaryTable } from './html/run-tables.js';
import { serverTable } from './html/server-table.js';
import { uplotAssets } from './html/uplot-assets.js';

export type { RequestPoints } from './html/downsample.js';

/** HtmlRun is one run of the report: its label (legends, table columns) and what it measured. */
export interface HtmlRun {
  readonly label: string;
  readonly result: RunResult;
  /** verdicts are the run's judged SLOs; the SLO table appears when any run has them. */
  readonly verdicts?: readonly SloVerdict[];
  /** points are per-request columns for the latency scatter; downsampled to MAX_SCATTER_POINTS. */
  readonly points?: RequestPoints;
}

const CHARTS: readonly ChartSlot[] = [
  {
    id: 'chart-throughput',
    title: 'Throughput and errors',
    note: 'Requests and errors per second, by the second each request was sent, over the part of that second the run was sending.',
  },
  {
    id: 'chart-latency',
    title: 'Latency over time',
    note: `Service time p50, p90 and p99 of the requests sent in each second; points are single requests (at most ${MAX_SCATTER_POINTS} per chart: the fastest and slowest of each time slice).`,
  },
  {
    id: 'chart-percentiles',
    title: 'Latency by percentile',
    note: 'From the HdrHistogram, on a log axis of 1/(1-percentile). Response time starts at the intended send, so it includes queueing (coordinated-omission corrected).',
  },
];

/** htmlReport renders the runs; `lead` tables (e.g. `loadgen compare`'s) come first, above the run's own. */
export function htmlReport(runs: readonly HtmlRun[], lead: readonly TableSpec[] = []): string {
  if (runs.length === 0) throw new Error('htmlReport: no runs to report');
  const title = runs.length === 1 ? `loadgen ${runs[0].result.meta.command}: ${runs[0].label}` : `loadgen: ${runs.map((r) => r.label).join(' vs ')}`;
  const slos = sloVerdictTable(runs);
  const server = serverTable(runs);
  const llm = llmTable(runs);
  const tables = [
    ...lead,
    planTable(runs),
    summaryTable(runs),
    ...(llm === null ? [] : [llm]),
    ...(slos === null ? [] : [slos]),
    ...(server === null ? [] : [server]),
    statusTable(runs),
    errorsTable(runs),
  ];
  return page({
    title,
    sections: tables.map(htmlTable),
    charts: llm === null ? CHARTS : [...CHARTS, ...LLM_CHART_SLOTS],
    data: chartData(runs),
    script: CHARTS_SCRIPT,
    scripts: llm === null ? [] : [LLM_CHARTS_SCRIPT],
    uplot: uplotAssets(),
  });
}
