/**
 * compareText is `loadgen compare`'s text report: which records each side holds, how the intervals
 * were computed, a table of A, B, B - A and B - A in % with their intervals, and one verdict line
 * per statistic.
 */
import type { Comparison } from '../results/compare-runs.js';
import { compareVerdict, formatPct, formatValue, METHOD_TEXT, statisticLabel } from './compare-verdict.js';
import { tabwriter } from './go-format.js';

export function compareText(c: Comparison): string {
  const level = `${+(c.confidence * 100).toFixed(2)}%`;
  const methods = [...new Set(c.statistics.map((s) => s.method))];
  let out = `A: ${sideText(c.sourcesA)}\nB: ${sideText(c.sourcesB)}\n`;
  out += `Intervals: ${level} bootstrap percentile intervals, ${c.resamples} resamples, seed ${c.seed}\n`;
  for (const m of methods) out += `  ${m}: ${METHOD_TEXT[m]}\n`;
  const response = c.statistics.some((s) => s.metric === 'response') ? '; response time starts at the intended send (open loop)' : '';
  out += `Latency is service time (send to response end)${response}.\n\n`;
  const range = (low: number, high: number, f: (x: number) => string) => `[${f(low)}, ${f(high)}]`;
  const rows = c.statistics.map((s) => {
    const v = (x: number, signed = false) => formatValue(x, s.unit, signed);
    const ci = s.ci === null ? '-' : range(s.ci.low, s.ci.high, (x) => v(x, true));
    const rel = s.relPct === null ? '-' : formatPct(s.relPct, true);
    const relCi = s.relCi === null ? '-' : range(s.relCi.low, s.relCi.high, (x) => formatPct(x, true));
    return `${statisticLabel(s)}\t${v(s.a)}\t${v(s.b)}\t${v(s.diff, true)}\t${ci}\t${rel}\t${relCi}\n`;
  });
  out += tabwriter([`Statistic\tA\tB\tB-A\t${level} CI\tB-A %\t${level} CI\n`, ...rows].join(''));
  out += '\n' + c.statistics.map((s) => `${compareVerdict(s)}\n`).join('');
  return out;
}

/** sideText names a side's records: the file for one, the count and files for several. */
function sideText(sources: readonly string[]): string {
  return sources.length === 1 ? sources[0] : `${sources.length} rounds: ${sources.join(', ')}`;
}
