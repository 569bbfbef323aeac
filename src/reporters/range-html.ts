/**
 * rangeHtml is a range run as one self-contained page: the level table and the curve of latency
 * (p50, p90, p99) against achieved throughput, uPlot and the data inline (html/page.ts).
 */
import type { LevelResult, RangeResult } from '../results/range-result.js';
import { CURVE_CHARTS_SCRIPT, type CurveChart } from './html/curve-charts-script.js';
import { htmlTable, num, type Cell, type TableSpec } from './html/html-table.js';
import { page } from './html/page.js';
import { uplotAssets } from './html/uplot-assets.js';
import { msText, rateText } from './range-text.js';

export function rangeHtml(r: RangeResult): string {
  const chart = latencyCurve('chart-curve', r.levels, (l) => l.achievedRps, 'achieved throughput (1/s)');
  return page({
    title: `loadgen ${r.meta.command} range: ${r.meta.target}`,
    sections: [htmlTable(levelTable(r))],
    charts: [{ id: chart.id, title: 'Latency against achieved throughput', note: 'One point per level: service time over its last 3 windows.' }],
    data: { charts: [chart] },
    script: CURVE_CHARTS_SCRIPT,
    uplot: uplotAssets(),
  });
}

/** latencyCurve is p50/p90/p99 (ms) of the levels against x, sorted by x (uPlot needs ascending x). */
export function latencyCurve(id: string, levels: readonly LevelResult[], x: (l: LevelResult) => number, xLabel: string): CurveChart {
  const sorted = [...levels].sort((a, b) => x(a) - x(b));
  const ms = (ns: number) => Math.round(ns / 1e3) / 1e3;
  return {
    id,
    xLabel,
    yLabel: 'service time (ms)',
    x: sorted.map((l) => Math.round(x(l) * 10) / 10),
    series: [
      { label: 'p50', unit: ' ms', values: sorted.map((l) => ms(l.p50Ns)) },
      { label: 'p90', unit: ' ms', values: sorted.map((l) => ms(l.p90Ns)) },
      { label: 'p99', unit: ' ms', values: sorted.map((l) => ms(l.p99Ns)) },
    ],
  };
}

/** LEVEL_HEAD heads the columns of levelCells, in the range's and find-max's tables alike. */
export const LEVEL_HEAD = ['Offered', 'Achieved', 'p50', 'p90', 'p99', 'Errors', 'CPU (cores)', 'Windows'] as const;

/** levelCells are a measured level's figures (a range level or a find-max step). */
export function levelCells(l: LevelResult): Cell[] {
  return [
    num(rateText(l.offeredRps)),
    num(rateText(l.achievedRps)),
    num(msText(l.p50Ns)),
    num(msText(l.p90Ns)),
    num(msText(l.p99Ns)),
    num(String(l.errors)),
    num(l.cpuCores.toFixed(2)),
    num(String(l.windowsUsed)),
  ];
}

function levelTable(r: RangeResult): TableSpec {
  return {
    id: 'levels',
    caption: 'Levels',
    head: [r.kind === 'concurrency' ? 'Users' : 'Rate', ...LEVEL_HEAD, 'Stable'],
    rows: r.levels.map((l) => [String(l.level), ...levelCells(l), l.stable ? { text: 'yes', cls: 'pass' } : { text: 'no', cls: 'fail' }]),
    note: `Figures over each level's last 3 windows; stable when they agree within ±${+(r.stability.tolerance * 100).toFixed(2)}% on throughput and ${r.stability.metric} latency.`,
  };
}
