/**
 * The browser code of a generate run's charts: TTFT and ITL per second, output tokens per
 * second, and TTFT and ITL by percentile on the nines axis of the latency percentile chart.
 * Written typed and embedded as source text, as charts-script.ts is (each function
 * self-contained); runs without generative metrics add no series. LLM_CHART_SLOTS are the
 * containers, which htmlReport adds only when a run has them.
 */
import type uPlotClass from 'uplot';
import type { ChartData } from './chart-data.js';
import type { LlmCharts } from './llm-chart-data.js';
import type { ChartSlot } from './page.js';
import { seriesStyle, type SeriesStyle } from './charts-script.js';

type UPlot = typeof uPlotClass;
type Chart = [uPlotClass.Options, uPlotClass.AlignedData];

export const LLM_CHART_SLOTS: readonly ChartSlot[] = [
  { id: 'chart-llm-ttft', title: 'Time to first token over time', note: 'TTFT p50 and p99 of the requests whose first token arrived in each second.' },
  { id: 'chart-llm-itl', title: 'Inter-token latency over time', note: 'ITL p50 and p99 of the token gaps that ended in each second (pooled over requests).' },
  { id: 'chart-llm-tokens', title: 'Output tokens per second', note: 'Output tokens that arrived in each second, and the requests that finished in it.' },
  {
    id: 'chart-llm-percentiles',
    title: 'TTFT and ITL by percentile',
    note: 'From the HdrHistograms, on a log axis of 1/(1-percentile). TTFT from the intended send includes queueing (coordinated-omission corrected).',
  },
];

/** llmTimeChart plots one per-second table of every run with generative metrics. */
export function llmTimeChart(uPlot: UPlot, data: ChartData, st: SeriesStyle, pick: 'ttft' | 'itl' | 'tokens'): Chart {
  const series: uPlotClass.Series[] = [{ label: 'time', value: (_u, v) => (v == null ? '--' : `${v.toFixed(1)} s`) }];
  const tables: uPlotClass.AlignedData[] = [];
  data.runs.forEach((r, i) => {
    const l: LlmCharts | null = r.llm;
    if (l === null) return;
    if (pick === 'tokens') series.push(st.line(i, 'output tokens/s', [], '/s'), st.line(i, 'requests finished/s', [6, 4], '/s'));
    else series.push(st.line(i, `${pick.toUpperCase()} p50`, [], ' ms'), st.line(i, `${pick.toUpperCase()} p99`, [2, 3], ' ms'));
    const t = pick === 'ttft' ? l.ttftLines : pick === 'itl' ? l.itlLines : l.tokens;
    tables.push(t as unknown as uPlotClass.AlignedData);
  });
  const y = pick === 'tokens' ? 'per second' : `${pick.toUpperCase()} (ms)`;
  return [{ width: 0, height: 300, series, scales: { x: { time: false } }, axes: st.timeAxes(y) }, uPlot.join(tables)];
}

export function llmPercentileChart(data: ChartData, st: SeriesStyle): Chart {
  const pct = (v: number) => `${+(100 - 100 / v).toFixed(5)}%`;
  const isPowerOf10 = (v: number) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;
  const series: uPlotClass.Series[] = [{ label: 'percentile', value: (_u, v) => (v == null ? '--' : pct(v)) }];
  const columns: number[][] = [[...data.nines]];
  data.runs.forEach((r, i) => {
    if (r.llm === null) return;
    series.push(st.line(i, 'TTFT', [], ' ms'));
    columns.push(r.llm.curve.ttft);
    if (r.llm.curve.ttftResponse !== null) {
      series.push(st.line(i, 'TTFT from intended send', [6, 4], ' ms'));
      columns.push(r.llm.curve.ttftResponse);
    }
    series.push(st.line(i, 'ITL', [2, 3], ' ms'));
    columns.push(r.llm.curve.itl);
  });
  const axes: uPlotClass.Axis[] = [
    { label: 'percentile', values: (_u, splits) => splits.map((v) => (isPowerOf10(v) ? pct(v) : '')) },
    { label: 'latency (ms)', size: 60 },
  ];
  const scales = { x: { time: false, distr: 3 as const, log: 10 as const } };
  return [{ width: 0, height: 300, series, scales, axes }, columns as unknown as uPlotClass.AlignedData];
}

/** drawLlmCharts mounts the charts whose containers the page has, and follows resizes. */
export function drawLlmCharts(uPlot: UPlot, data: ChartData): void {
  if (document.getElementById('chart-llm-ttft') === null) return;
  const st = seriesStyle(data.labels);
  const charts: Array<[string, Chart]> = [
    ['chart-llm-ttft', llmTimeChart(uPlot, data, st, 'ttft')],
    ['chart-llm-itl', llmTimeChart(uPlot, data, st, 'itl')],
    ['chart-llm-tokens', llmTimeChart(uPlot, data, st, 'tokens')],
    ['chart-llm-percentiles', llmPercentileChart(data, st)],
  ];
  const plots = charts.map(([id, [opts, rows]]) => {
    const el = document.getElementById(id)!;
    return { el, plot: new uPlot({ ...opts, width: el.clientWidth }, rows, el) };
  });
  window.addEventListener('resize', () => {
    for (const { el, plot } of plots) plot.setSize({ width: el.clientWidth, height: plot.height });
  });
}

/** LLM_CHARTS_SCRIPT is those functions (with the shared series style) as page code. */
export const LLM_CHARTS_SCRIPT = `(() => {
'use strict';
${[seriesStyle, llmTimeChart, llmPercentileChart, drawLlmCharts].map((f) => f.toString()).join('\n')}
drawLlmCharts(uPlot, JSON.parse(document.getElementById('loadgen-data').textContent));
})();
`;
