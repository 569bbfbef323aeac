/**
 * The browser code of the curve charts (range and find-max pages): each chart plots latency
 * series against a rate on x, as lines through points. Written typed and embedded as source text,
 * as charts-script.ts is; each function is self-contained.
 */
import type uPlotClass from 'uplot';

type UPlot = typeof uPlotClass;

/** CurveChart is one chart: x values (ascending) and the series over them (null = no point). */
export interface CurveChart {
  readonly id: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly x: readonly number[];
  readonly series: ReadonlyArray<{ readonly label: string; readonly unit: string; readonly values: ReadonlyArray<number | null> }>;
}

export interface CurveChartData {
  readonly charts: readonly CurveChart[];
}

export function drawCurveCharts(uPlot: UPlot, data: CurveChartData): void {
  const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
  const plots = data.charts.map((c) => {
    const el = document.getElementById(c.id)!;
    const series: uPlotClass.Series[] = [{ label: c.xLabel, value: (_u, v) => (v == null ? '--' : `${v}`) }];
    c.series.forEach((s, i) =>
      series.push({ label: s.label, stroke: PALETTE[i % PALETTE.length], width: 2, value: (_u, v) => (v == null ? '--' : `${v}${s.unit}`), points: { show: true, size: 6 } }),
    );
    const rows = [c.x.slice(), ...c.series.map((s) => s.values.slice())] as unknown as uPlotClass.AlignedData;
    const opts: uPlotClass.Options = { width: el.clientWidth, height: 320, series, scales: { x: { time: false } }, axes: [{ label: c.xLabel }, { label: c.yLabel, size: 60 }] };
    return { el, plot: new uPlot(opts, rows, el) };
  });
  window.addEventListener('resize', () => {
    for (const { el, plot } of plots) plot.setSize({ width: el.clientWidth, height: plot.height });
  });
}

/** CURVE_CHARTS_SCRIPT draws the embedded CurveChartData with the global uPlot. */
export const CURVE_CHARTS_SCRIPT = `(() => {
'use strict';
${drawCurveCharts.toString()}
drawCurveCharts(uPlot, JSON.parse(document.getElementById('loadgen-data').textContent));
})();
`;
