/**
 * compareTable is `loadgen compare`'s table in the HTML report: per statistic A, B, B - A with its
 * interval, the relative difference with its interval, and the verdict; the methods in the note.
 */
import type { Comparison } from '../../results/compare-runs.js';
import { compareVerdict, formatPct, formatValue, METHOD_TEXT, statisticLabel } from '../compare-verdict.js';
import { num, type TableSpec } from './html-table.js';

export function compareTable(c: Comparison): TableSpec {
  const level = `${+(c.confidence * 100).toFixed(2)}%`;
  const methods = [...new Set(c.statistics.map((s) => s.method))].map((m) => `${m}: ${METHOD_TEXT[m]}`);
  return {
    id: 'compare',
    caption: 'B compared to A',
    head: ['statistic', 'A', 'B', 'B-A', `${level} CI`, 'B-A %', `${level} CI`, 'verdict'],
    rows: c.statistics.map((s) => {
      const v = (x: number, signed = false) => formatValue(x, s.unit, signed);
      return [
        statisticLabel(s),
        num(v(s.a)),
        num(v(s.b)),
        num(v(s.diff, true)),
        num(s.ci === null ? '-' : `[${v(s.ci.low, true)}, ${v(s.ci.high, true)}]`),
        num(s.relPct === null ? '-' : formatPct(s.relPct, true)),
        num(s.relCi === null ? '-' : `[${formatPct(s.relCi.low, true)}, ${formatPct(s.relCi.high, true)}]`),
        compareVerdict(s),
      ];
    }),
    note: `${level} bootstrap percentile intervals, ${c.resamples} resamples, seed ${c.seed}. ${methods.join(' ')} A: ${c.sourcesA.join(', ')}. B: ${c.sourcesB.join(', ')}.`,
  };
}
