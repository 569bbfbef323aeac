/**
 * The sweep page's browser code: one uPlot chart per swept parameter (sweep-chart-data.ts), runs
 * as points: latency percentiles on the left axis, throughput on the right. Written typed and
 * embedded as source text (as html/charts-script.ts does), so each function is self-contained.
 */
import type uPlotClass from 'uplot';
import type { ParamChart, SweepChartData } from './sweep-chart-data.js';

type UPlot = typeof uPlotClass;

/** paramChartOptions are one chart's uPlot options: points only (runs at one x may differ in other parameters). */
export function paramChartOptions(c: ParamChart): uPlotClass.Options {
  const dots = (label: string, stroke: string, scale: string, unit: string): uPlotClass.Series => ({
    label,
    stroke,
    scale,
    paths: () => null,
    points: { show: true, size: 7, width: 1.5, stroke, fill: `${stroke}55`, space: 0 },
    value: (_u, v) => (v == null ? '--' : `${+v.toFixed(3)}${unit}`),
  });
  const cats = c.categories;
  const xValue = (v: number) => (cats === null ? String(+v.toFixed(6)) : (cats[Math.round(v)] ?? ''));
  return {
    width: 0,
    height: 300,
    series: [
      { label: c.axis, value: (_u, v) => (v == null ? '--' : xValue(v)) },
      dots('p50', '#1f77b4', 'ms', ' ms'),
      dots('p90', '#ff7f0e', 'ms', ' ms'),
      dots('p99', '#d62728', 'ms', ' ms'),
      dots('throughput', '#2ca02c', 'rps', '/s'),
    ],
    scales: { x: { time: false, range: (_u, min, max) => [min - Math.max(0.5, (max - min) * 0.05), max + Math.max(0.5, (max - min) * 0.05)] } },
    axes: [
      { label: c.axis, values: (_u, splits) => splits.map((v) => (cats === null ? String(+v.toFixed(6)) : Number.isInteger(v) ? (cats[v] ?? '') : '')) },
      { label: 'service time (ms)', scale: 'ms', size: 60 },
      { label: 'throughput (/s)', scale: 'rps', side: 1, size: 60, grid: { show: false } },
    ],
  };
}

/** drawSweepCharts mounts each parameter's chart in its container and follows resizes. */
export function drawSweepCharts(uPlot: UPlot, data: SweepChartData): void {
  const plots = data.charts.map((c) => {
    const el = document.getElementById(c.id)!;
    const rows = [c.x, c.p50, c.p90, c.p99, c.throughput] as unknown as uPlotClass.AlignedData;
    return { el, plot: new uPlot({ ...paramChartOptions(c), width: el.clientWidth }, rows, el) };
  });
  window.addEventListener('resize', () => {
    for (const { el, plot } of plots) plot.setSize({ width: el.clientWidth, height: plot.height });
  });
}

/** SWEEP_CHARTS_SCRIPT is those functions as page code, called with the global uPlot and the embedded data. */
export const SWEEP_CHARTS_SCRIPT = `(() => {
'use strict';
${[paramChartOptions, drawSweepCharts].map((f) => f.toString()).join('\n')}
drawSweepCharts(uPlot, JSON.parse(document.getElementById('loadgen-data').textContent));
})();
`;
