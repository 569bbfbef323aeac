/**
 * rangeText is a range run's table: per level the offered and achieved rates, latency over the
 * judged windows, errors, the generator's CPU, the windows used and whether they agreed.
 */
import type { RangeResult } from '../results/range-result.js';
import { tabwriter } from './go-format.js';

/** msText shows ns as milliseconds with 2 decimals (e.g. 5.23ms). */
export function msText(ns: number): string {
  return `${(ns / 1e6).toFixed(2)}ms`;
}

/** rateText shows a rate per second with 1 decimal. */
export function rateText(rps: number | null): string {
  return rps === null ? '-' : `${rps.toFixed(1)}/s`;
}

export function rangeText(r: RangeResult): string {
  const levelHead = r.kind === 'concurrency' ? 'Users' : 'Rate';
  const w = r.stability.window;
  const window = w.kind === 'time' ? `${w.ns / 1e9}s windows` : `windows of ${w.requests} requests`;
  let out = `${r.meta.command} ${r.meta.target}: ${r.levels.length} levels, ${window}, stable when 3 agree within ±${+(r.stability.tolerance * 100).toFixed(2)}% on throughput and ${r.stability.metric} latency (at most ${r.stability.maxWindows} windows)\n`;
  out += 'Figures over the last 3 windows of each level; latency is service time; CPU is the generator process, in cores.\n\n';
  const rows = r.levels.map(
    (l) =>
      `${l.level}\t${rateText(l.offeredRps)}\t${rateText(l.achievedRps)}\t${msText(l.p50Ns)}\t${msText(l.p90Ns)}\t${msText(l.p99Ns)}\t${l.errors}\t${l.cpuCores.toFixed(2)}\t${l.windowsUsed}\t${l.stable ? 'yes' : 'NO'}\n`,
  );
  out += tabwriter([`${levelHead}\tOffered\tAchieved\tp50\tp90\tp99\tErrors\tCPU\tWindows\tStable\n`, ...rows].join(''));
  const unstable = r.levels.filter((l) => !l.stable).length;
  if (unstable > 0) out += `\n${unstable} level(s) did not settle within ${r.stability.maxWindows} windows: their figures are the last 3 windows, not a steady state.\n`;
  if (r.interrupted) out += '\nInterrupted: the range ended before its last level.\n';
  return out;
}
