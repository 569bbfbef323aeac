/**
 * drawCharts is the page's only code of its own: it runs in the browser, reads the embedded chart
 * data and draws the three uPlot charts. It is written as a typed function, and the page embeds
 * its source text (see CHARTS_SCRIPT), so tsc checks the browser code like the rest; it must
 * therefore be self-contained: no imports, no module-level names, everything nested inside.
 */
import type uPlotClass from 'uplot';
import type { ChartData } from './chart-data.js';

export function drawCharts(uPlot: typeof uPlotClass, data: ChartData): void {
  // Runs take these in order; failed requests are red, so no run is.
  const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#17becf', '#e377c2', '#7f7f7f', '#bcbd22'];
  const FAILED = '#d62728';
  const HEIGHT = 300;
  const many = data.labels.length > 1;
  const color = (i: number) => PALETTE[i % PALETTE.length];
  const name = (i: number, what: string) => (many ? `${data.labels[i]}: ${what}` : what);
  const seconds = (_u: uPlotClass, v: number | null) => (v == null ? '--' : `${v.toFixed(3)} s`);
  const millis = (_u: uPlotClass, v: number | null) => (v == null ? '--' : `${v} ms`);
  const perSecond = (_u: uPlotClass, v: number | null) => (v == null ? '--' : `${v}/s`);
  const line = (i: number, what: string, dash: number[], value: uPlot.Series['value']): uPlot.Series => ({
    label: name(i, what),
    stroke: color(i),
    width: dash.length === 0 ? 2 : 1.5,
    dash,
    value,
    points: { show: false },
  });
  const dots = (label: string, fill: string): uPlot.Series => ({
    label,
    stroke: fill,
    fill,
    paths: () => null,
    points: { show: true, size: 3, width: 0, fill, stroke: fill, space: 0 },
    value: millis,
  });
  const timeAxes = (yLabel: string): uPlot.Axis[] => [{ label: 'seconds since the start' }, { label: yLabel, size: 60 }];

  function throughput(): [uPlot.Options, uPlot.AlignedData] {
    const series: uPlot.Series[] = [{ label: 'time', value: seconds }];
    data.runs.forEach((_r, i) => {
      series.push(line(i, 'requests/s', [], perSecond), line(i, 'errors/s', [6, 4], perSecond));
    });
    const tables = data.runs.map((r) => r.throughput as unknown as uPlot.AlignedData);
    return [{ width: 0, height: HEIGHT, series, scales: { x: { time: false } }, axes: timeAxes('per second') }, uPlot.join(tables)];
  }

  function latency(): [uPlot.Options, uPlot.AlignedData] {
    const series: uPlot.Series[] = [{ label: 'time', value: seconds }];
    const tables: uPlot.AlignedData[] = [];
    data.runs.forEach((r, i) => {
      // Points first, so the per-second lines are drawn over them.
      if (r.points !== null) {
        series.push(dots(name(i, 'request'), `${color(i)}55`), dots(name(i, 'failed request'), `${FAILED}aa`));
        tables.push([r.points.ok[0], r.points.ok[1]], [r.points.failed[0], r.points.failed[1]]);
      }
      series.push(line(i, 'p50', [], millis), line(i, 'p90', [8, 4], millis), line(i, 'p99', [2, 3], millis));
      tables.push(r.latencyLines as unknown as uPlot.AlignedData);
    });
    return [{ width: 0, height: HEIGHT, series, scales: { x: { time: false } }, axes: timeAxes('service time (ms)') }, uPlot.join(tables)];
  }

  function percentiles(): [uPlot.Options, uPlot.AlignedData] {
    const pct = (v: number) => `${+(100 - 100 / v).toFixed(5)}%`;
    const series: uPlot.Series[] = [{ label: 'percentile', value: (_u, v) => (v == null ? '--' : pct(v)) }];
    const columns: number[][] = [[...data.nines]];
    data.runs.forEach((r, i) => {
      series.push(line(i, 'service time', [], millis));
      columns.push(r.curve.service);
      if (r.curve.response !== null) {
        series.push(line(i, 'response time (CO-corrected)', [6, 4], millis));
        columns.push(r.curve.response);
      }
    });
    const isPowerOf10 = (v: number) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;
    const axes: uPlot.Axis[] = [
      { label: 'percentile', values: (_u, splits) => splits.map((v) => (isPowerOf10(v) ? pct(v) : '')) },
      { label: 'latency (ms)', size: 60 },
    ];
    const scales = { x: { time: false, distr: 3 as const, log: 10 as const } };
    return [{ width: 0, height: HEIGHT, series, scales, axes }, columns as unknown as uPlot.AlignedData];
  }

  const charts: Array<[string, () => [uPlot.Options, uPlot.AlignedData]]> = [
    ['chart-throughput', throughput],
    ['chart-latency', latency],
    ['chart-percentiles', percentiles],
  ];
  const plots: Array<[uPlotClass, HTMLElement]> = [];
  for (const [id, build] of charts) {
    const el = document.getElementById(id)!;
    const [opts, rows] = build();
    opts.width = el.clientWidth;
    plots.push([new uPlot(opts, rows, el), el]);
  }
  window.addEventListener('resize', () => {
    for (const [plot, el] of plots) plot.setSize({ width: el.clientWidth, height: HEIGHT });
  });
}

/** CHARTS_SCRIPT is drawCharts as page code, called with the global uPlot and the embedded data. */
export const CHARTS_SCRIPT =
  `(${drawCharts.toString()})(uPlot, JSON.parse(document.getElementById('loadgen-data').textContent));\n`;
