/**
 * compareVerdict is one compared statistic in plain words, the line `loadgen compare` prints and
 * its JSON and HTML reports carry: `B adds 2.03ms at p50 [1.91ms, 2.15ms] (+101.5%)`, `B is 3.1%
 * faster at p99 [2.0%, 4.2%] (...)`, `no difference detected at p99: [-0.40ms, +0.60ms]`. The
 * helpers beside it format the figures the same way for the table.
 */
import type { ComparedStatistic, CompareMethod } from '../results/compare-runs.js';

/** METHOD_TEXT says what each interval method does, for the report's method lines. */
export const METHOD_TEXT: Readonly<Record<CompareMethod, string>> = {
  'bootstrap-rounds':
    "bootstrap over rounds: each resample draws each side's rounds with replacement and takes the statistic of the pooled rounds, so round-to-round noise is in the interval; the percentile interval is widened for few rounds by sqrt(n/(n-1))*t(n-1)/z (Hesterberg's expanded percentile interval; x2.7 at 3 rounds, x1.2 at 10)",
  'bootstrap-requests':
    'bootstrap over requests: each resample reweights every request of a side (Poisson bootstrap over its HDR histogram, rounds pooled); with fewer than 3 rounds per side, round-to-round noise is not in the interval',
  'bootstrap-seconds': "bootstrap over seconds: each resample draws a side's full seconds with replacement (throughput with fewer than 3 rounds per side)",
};

/** statisticLabel names a statistic: `p50` (service time, loadgen's latency), `response p50`, `throughput`. */
export function statisticLabel(s: Pick<ComparedStatistic, 'metric' | 'statistic'>): string {
  return s.metric === 'response' ? `response ${s.statistic}` : s.statistic;
}

/** formatValue writes a figure in its unit: latency ns as s, ms, µs or ns; throughput as N/s; signed adds `+` to positives. */
export function formatValue(v: number, unit: ComparedStatistic['unit'], signed = false): string {
  const a = Math.abs(v);
  if (unit === 'per_s') return `${fixed(v, 2, signed)}/s`;
  if (a >= 1e9) return `${fixed(v / 1e9, 3, signed)}s`;
  if (a >= 1e6) return `${fixed(v / 1e6, 2, signed)}ms`;
  if (a >= 1e3) return `${fixed(v / 1e3, 1, signed)}µs`;
  return `${fixed(v, 0, signed)}ns`;
}

/** formatPct writes a percentage with two decimals under 10 %, one above; signed adds `+` to positives. */
export function formatPct(v: number, signed = false): string {
  return `${fixed(v, Math.abs(v) < 10 ? 2 : 1, signed)}%`;
}

/** fixed is toFixed without a sign on what rounds to zero (no `-0.00`), `+` on positives when signed. */
function fixed(v: number, digits: number, signed: boolean): string {
  const text = v.toFixed(digits);
  if (Number(text) === 0) return (0).toFixed(digits);
  return signed && v > 0 ? `+${text}` : text;
}

/** compareVerdict is the statistic's verdict line (see the file comment). */
export function compareVerdict(s: ComparedStatistic): string {
  const label = statisticLabel(s);
  const v = (x: number, signed = false) => formatValue(x, s.unit, signed);
  if (s.ci === null) return `no interval for ${label}: too few full seconds to resample (record 3 or more rounds per side)`;
  const { low, high } = s.ci;
  if (s.outcome === 'none') return `no difference detected ${s.metric === 'throughput' ? 'in' : 'at'} ${label}: [${v(low, true)}, ${v(high, true)}]`;
  const abs = `${v(s.diff, true)} [${v(low, true)}, ${v(high, true)}]`;
  if (s.metric !== 'throughput' && s.outcome === 'higher') {
    return `B adds ${v(s.diff)} at ${label} [${v(low)}, ${v(high)}]${s.relPct === null ? '' : ` (${formatPct(s.relPct, true)})`}`;
  }
  const rel = relativeText(s);
  if (s.metric === 'throughput') return `B has ${rel === null ? '' : `${rel.size} `}${s.outcome === 'higher' ? 'more' : 'less'} throughput${rel === null ? '' : ` ${rel.interval}`} (${abs})`;
  if (rel === null) return `B saves ${v(-s.diff)} at ${label} [${v(-high)}, ${v(-low)}]`;
  return `B is ${rel.size} faster at ${label} ${rel.interval} (${abs})`;
}

/** relativeText is the relative difference's size and interval, unsigned (`3.10%`, `[2.00%, 4.20%]`); null when unknown. */
function relativeText(s: ComparedStatistic): { size: string; interval: string } | null {
  if (s.relPct === null || s.relCi === null) return null;
  const [low, high] = [Math.abs(s.relCi.low), Math.abs(s.relCi.high)].sort((x, y) => x - y);
  return { size: formatPct(Math.abs(s.relPct)), interval: `[${formatPct(low)}, ${formatPct(high)}]` };
}
