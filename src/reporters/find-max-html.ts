/**
 * findMaxHtml is find-max as one self-contained page: the answer, the steps table with their
 * verdicts, and two curves: latency against the offered rate and against the achieved rate.
 */
import type { FindMaxResult } from '../results/find-max-result.js';
import { CURVE_CHARTS_SCRIPT } from './html/curve-charts-script.js';
import { htmlTable, type TableSpec } from './html/html-table.js';
import { page } from './html/page.js';
import { uplotAssets } from './html/uplot-assets.js';
import { foundLine } from './find-max-text.js';
import { latencyCurve, LEVEL_HEAD, levelCells } from './range-html.js';

export function findMaxHtml(r: FindMaxResult): string {
  const offered = latencyCurve('chart-offered', r.steps, (s) => s.offeredRps ?? 0, 'offered rate (1/s)');
  const achieved = latencyCurve('chart-achieved', r.steps, (s) => s.achievedRps, 'achieved throughput (1/s)');
  return page({
    title: `loadgen find-max: ${r.meta.target}`,
    sections: [htmlTable(answerTable(r)), htmlTable(stepsTable(r))],
    charts: [
      { id: offered.id, title: 'Latency against offered rate', note: 'One point per step: service time over its last 3 windows.' },
      { id: achieved.id, title: 'Latency against achieved throughput', note: 'Past saturation the achieved rate stops following the offered one.' },
    ],
    data: { charts: [offered, achieved] },
    script: CURVE_CHARTS_SCRIPT,
    uplot: uplotAssets(),
  });
}

function answerTable(r: FindMaxResult): TableSpec {
  return { id: 'answer', caption: 'Answer', head: ['', ''], rows: [['Found', foundLine(r)], ['Objectives', r.slos.join(', ')]] };
}

function stepsTable(r: FindMaxResult): TableSpec {
  return {
    id: 'steps',
    caption: 'Steps',
    head: ['Step', ...LEVEL_HEAD, 'Stable', 'Verdict'],
    rows: r.steps.map((s, i) => [
      String(i + 1),
      ...levelCells(s),
      s.stable ? 'yes' : 'no',
      s.pass ? { text: 'pass', cls: 'pass' } : { text: `fail (${s.reason})`, cls: 'fail' },
    ]),
  };
}
