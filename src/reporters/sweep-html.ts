/**
 * sweepHtml is a sweep's summary.html: one self-contained page (the HTML report's page, uPlot
 * inline, CSP default-src 'none') with the runs' table and one chart per swept parameter, each run
 * a point of latency (p50/p90/p99) and throughput against that parameter.
 */
import { htmlTable, num, type TableSpec } from './html/html-table.js';
import { page, type ChartSlot } from './html/page.js';
import { uplotAssets } from './html/uplot-assets.js';
import { sweepChartData } from './sweep-chart-data.js';
import { SWEEP_CHARTS_SCRIPT } from './sweep-charts-script.js';
import type { SweepHeading } from './sweep-markdown.js';
import { FIGURE_HEADS, figureTexts, paramText, sloResult, sweptKeys, type SweepOutcome } from './sweep-summary.js';

/** sweepHtml renders summary.html. */
export function sweepHtml(heading: SweepHeading, outcomes: readonly SweepOutcome[]): string {
  const data = sweepChartData(outcomes);
  const charts: ChartSlot[] = data.charts.map((c) => ({
    id: c.id,
    title: `Latency and throughput by ${c.param}`,
    note: `Each run is one point per figure: service time p50, p90 and p99 (left axis, ms) and throughput (right axis, successful requests/s), against its ${c.param}.`,
  }));
  return page({ title: heading.title, sections: [htmlTable(runsTable(heading, outcomes))], charts, data, script: SWEEP_CHARTS_SCRIPT, uplot: uplotAssets() });
}

function runsTable(heading: SweepHeading, outcomes: readonly SweepOutcome[]): TableSpec {
  const keys = sweptKeys(outcomes);
  const rows = outcomes.map((o) => {
    const slo = sloResult(o);
    return [o.id, ...keys.map((k) => paramText(o.swept[k])), ...figureTexts(o.result).map(num), slo === 'pass' ? { text: slo, cls: 'pass' as const } : slo === '-' ? slo : { text: slo, cls: 'fail' as const }];
  });
  return {
    id: 'sweep-runs',
    caption: 'Runs',
    head: ['run', ...keys, ...FIGURE_HEADS, 'SLO'],
    rows,
    ...(heading.description === '' ? {} : { note: heading.description }),
  };
}
