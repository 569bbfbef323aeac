/**
 * The page's only code of its own, run in the browser: it reads the embedded chart data and draws
 * the three uPlot charts. The functions are written typed here and the page embeds their source
 * text (CHARTS_SCRIPT), so tsc checks the browser code like the rest; each must therefore be
 * self-contained: no imports and no module-level names, only its parameters and browser globals.
 */
import type uPlotClass from 'uplot';
import type { ChartData } from './chart-data.js';

type UPlot = typeof uPlotClass;
type Chart = [uPlot.Options, uPlot.AlignedData];

/** SeriesStyle makes the series of every chart look alike: one colour per run, a dash per statistic. */
export interface SeriesStyle {
  readonly color: (run: number) => string;
  readonly failed: string;
  /** name prefixes a series with its run's label, when there are several runs. */
  readonly name: (run: number, what: string) => string;
  readonly line: (run: number, what: string, dash: number[], unit: string) => uPlot.Series;
  readonly dots: (label: string, fill: string) => uPlot.Series;
  readonly timeAxes: (yLabel: string) => uPlot.Axis[];
}

export function seriesStyle(labels: readonly string[]): SeriesStyle {
  // Runs take these in order; failed requests are red, so no run is.
  const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#17becf', '#e377c2', '#7f7f7f', '#bcbd22'];
  const color = (i: number) => PALETTE[i % PALETTE.length];
  const name = (i: number, what: string) => (labels.length > 1 ? `${labels[i]}: ${what}` : what);
  const show = (unit: string) => (_u: uPlotClass, v: number | null) => (v == null ? '--' : `${v}${unit}`);
  return {
    color,
    failed: '#d62728',
    name,
    line: (i, what, dash, unit) => ({ label: name(i, what), stroke: color(i), width: dash.length === 0 ? 2 : 1.5, dash, value: show(unit), points: { show: false } }),
    // No path, only points: uPlot's scatter idiom; space 0 draws every point however dense.
    dots: (label, fill) => ({ label, stroke: fill, fill, paths: () => null, points: { show: true, size: 3, width: 0, fill, stroke: fill, space: 0 }, value: show(' ms') }),
    timeAxes: (yLabel) => [{ label: 'seconds since the start' }, { label: yLabel, size: 60 }],
  };
}

export function throughputChart(uPlot: UPlot, data: ChartData, st: SeriesStyle): Chart {
  const series: uPlot.Series[] = [{ label: 'time', value: (_u, v) => (v == null ? '--' : `${v.toFixed(1)} s`) }];
  data.runs.forEach((_r, i) => series.push(st.line(i, 'requests/s', [], '/s'), st.line(i, 'errors/s', [6, 4], '/s')));
  const tables = data.runs.map((r) => r.throughput as unknown as uPlot.AlignedData);
  return [{ width: 0, height: 300, series, scales: { x: { time: false } }, axes: st.timeAxes('per second') }, uPlot.join(tables)];
}

export function latencyChart(uPlot: UPlot, data: ChartData, st: SeriesStyle): Chart {
  const series: uPlot.Series[] = [{ label: 'time', value: (_u, v) => (v == null ? '--' : `${v.toFixed(3)} s`) }];
  const tables: uPlot.AlignedData[] = [];
  data.runs.forEach((r, i) => {
    // Points first, so the per-second lines are drawn over them.
    if (r.points !== null) {
      series.push(st.dots(st.name(i, 'request'), `${st.color(i)}55`), st.dots(st.name(i, 'failed request'), `${st.failed}aa`));
      tables.push([r.points.ok[0], r.points.ok[1]], [r.points.failed[0], r.points.failed[1]]);
    }
    series.push(st.line(i, 'p50', [], ' ms'), st.line(i, 'p90', [8, 4], ' ms'), st.line(i, 'p99', [2, 3], ' ms'));
    tables.push(r.latencyLines as unknown as uPlot.AlignedData);
  });
  // join aligns the tables on x; where a table has no row, the value is undefined and a line runs
  // across it, while a null (a second without results) stays a gap.
  return [{ width: 0, height: 300, series, scales: { x: { time: false } }, axes: st.timeAxes('service time (ms)') }, uPlot.join(tables)];
}

export function percentileChart(data: ChartData, st: SeriesStyle): Chart {
  // x is 1/(1-q): 1 is 0 %, 10 is 90 %, 100 is 99 %, so each decade on the log axis is one nine.
  const pct = (v: number) => `${+(100 - 100 / v).toFixed(5)}%`;
  const isPowerOf10 = (v: number) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;
  const series: uPlot.Series[] = [{ label: 'percentile', value: (_u, v) => (v == null ? '--' : pct(v)) }];
  const columns: number[][] = [[...data.nines]];
  data.runs.forEach((r, i) => {
    series.push(st.line(i, 'service time', [], ' ms'));
    columns.push(r.curve.service);
    if (r.curve.response !== null) {
      series.push(st.line(i, 'response time (CO-corrected)', [6, 4], ' ms'));
      columns.push(r.curve.response);
    }
  });
  const axes: uPlot.Axis[] = [
    { label: 'percentile', values: (_u, splits) => splits.map((v) => (isPowerOf10(v) ? pct(v) : '')) },
    { label: 'latency (ms)', size: 60 },
  ];
  const scales = { x: { time: false, distr: 3 as const, log: 10 as const } };
  return [{ width: 0, height: 300, series, scales, axes }, columns as unknown as uPlot.AlignedData];
}

/** drawCharts mounts each chart in its container, at the container's width, and follows resizes. */
export function drawCharts(uPlot: UPlot, data: ChartData): void {
  const st = seriesStyle(data.labels);
  const charts: Array<[string, Chart]> = [
    ['chart-throughput', throughputChart(uPlot, data, st)],
    ['chart-latency', latencyChart(uPlot, data, st)],
    ['chart-percentiles', percentileChart(data, st)],
  ];
  const plots = charts.map(([id, [opts, rows]]) => {
    const el = document.getElementById(id)!;
    return { el, plot: new uPlot({ ...opts, width: el.clientWidth }, rows, el) };
  });
  window.addEventListener('resize', () => {
    for (const { el, plot } of plots) plot.setSize({ width: el.clientWidth, height: plot.height });
  });
}

/**
 * CHARTS_SCRIPT is those functions as page code, inside a function so they stay out of the page's
 * global scope, called with the global uPlot and the embedded data.
 */
export const CHARTS_SCRIPT = `(() => {
'use strict';
${[seriesStyle, throughputChart, latencyChart, percentileChart, drawCharts].map((f) => f.toString()).join('\n')}
drawCharts(uPlot, JSON.parse(document.getElementById('loadgen-data').textContent));
})();
`;
