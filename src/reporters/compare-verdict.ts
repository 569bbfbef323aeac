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
    "bootstrap over rounds: each resample draws each side's rounds with replacement and, for latency, reweights the requests within each round (Poisson bootstrap over its HDR histogram), so round-to-round noise is in the interval",
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
  const sign = signed && v > 0 ? '+' : '';
  if (unit === 'per_s') return `${sign}${v.toFixed(2)}/s`;
  const a = Math.abs(v);
  if (a >= 1e9) return `${sign}${(v / 1e9).toFixed(3)}s`;
  if (a >= 1e6) return `${sign}${(v / 1e6).toFixed(2)}ms`;
  if (a >= 1e3) return `${sign}${(v / 1e3).toFixed(1)}µs`;
  return `${sign}${Math.round(v)}ns`;
}

/** formatPct writes a percentage with two decimals under 10 %, one above; signed adds `+` to positives. */
export function formatPct(v: number, signed = false): string {
  const sign = signed && v > 0 ? '+' : '';
  return `${sign}${v.toFixed(Math.abs(v) < 10 ? 2 : 1)}%`;
}

export function compareVerdict(s: ComparedStatistic): string {
  const label = statisticLabel(s);
  const v = (x: number, signed = false) => formatValue(x, s.unit, signed);
  if (s.ci === null) return `no interval for ${label}: too few full seconds to resample (record 3 or more rounds per side)`;
  const { low, high } = s.ci;
  if (s.outcome === 'none') return `no difference detected ${s.metric === 'throughput' ? 'in' : 'at'} ${label}: [${v(low, true)}, ${v(high, true)}]`;
  const abs = `${v(s.diff, true)} [${v(low, true)}, ${v(high, true)}]`;
  const rel = s.relPct === null || s.relCi === null ? null : { pct: Math.abs(s.relPct), low: Math.min(Math.abs(s.relCi.low), Math.abs(s.relCi.high)), high: Math.max(Math.abs(s.relCi.low), Math.abs(s.relCi.high)) };
  const relText = rel === null ? '' : `${formatPct(rel.pct)} `;
  const relCi = rel === null ? '' : ` [${formatPct(rel.low)}, ${formatPct(rel.high)}]`;
  if (s.metric === 'throughput') return `B has ${relText}${s.outcome === 'higher' ? 'more' : 'less'} throughput${relCi} (${abs})`;
  if (s.outcome === 'higher') return `B adds ${v(s.diff)} at ${label} [${v(low)}, ${v(high)}]${s.relPct === null ? '' : ` (${formatPct(s.relPct, true)})`}`;
  if (rel === null) return `B saves ${v(-s.diff)} at ${label} [${v(-high)}, ${v(-low)}]`;
  return `B is ${relText}faster at ${label}${relCi} (${abs})`;
}
