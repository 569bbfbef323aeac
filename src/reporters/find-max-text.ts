/**
 * findMaxText is find-max's report: the rate found (or why none was), then every step in the
 * order it ran with its evidence: offered and achieved rate, latency over its judged windows,
 * errors, the generator's CPU, windows used, stable or not, and its verdict.
 */
import type { FindMaxResult } from '../results/find-max-result.js';
import { tabwriter } from './go-format.js';
import { msText, rateText } from './range-text.js';

export function findMaxText(r: FindMaxResult): string {
  let out = `find-max ${r.meta.target}: objectives ${r.slos.join(', ')}; from ${r.search.startHz}/s doubling to at most ${r.search.maxHz}/s, then bisecting to ${+(r.search.precision * 100).toFixed(2)}%\n`;
  out += `Each step: windows until 3 agree within ±${+(r.stability.tolerance * 100).toFixed(2)}% (${r.stability.metric} latency and throughput, at most ${r.stability.maxWindows}); figures over the last 3; CPU is the generator's, in cores (of ${r.cores}).\n\n`;
  const rows = r.steps.map(
    (s, i) =>
      `${i + 1}\t${rateText(s.offeredRps)}\t${rateText(s.achievedRps)}\t${msText(s.p50Ns)}\t${msText(s.p90Ns)}\t${msText(s.p99Ns)}\t${s.errors}\t${s.cpuCores.toFixed(2)}\t${s.windowsUsed}\t${s.stable ? 'yes' : 'no'}\t${s.pass ? (s.stable ? 'pass' : 'pass (unsettled)') : `FAIL (${s.reason})`}\n`,
  );
  out += tabwriter([`Step\tOffered\tAchieved\tp50\tp90\tp99\tErrors\tCPU\tWindows\tStable\tVerdict\n`, ...rows].join(''));
  const cpu = r.generator.cpuUserSeconds + r.generator.cpuSystemSeconds;
  out += `\nGenerator: ${cpu.toFixed(1)} CPU-seconds over the search, busiest step ${Math.max(0, ...r.steps.map((s) => s.cpuCores)).toFixed(2)} of ${r.cores} cores.\n`;
  out += `${foundLine(r)}\n`;
  return out;
}

/** foundLine is the one-line answer. */
export function foundLine(r: FindMaxResult): string {
  if (r.foundRps === null) return `No rate from ${r.search.startHz}/s meets the objectives: lower --start-rate.`;
  const achieved = r.steps.find((s) => s.pass && s.offeredRps === r.foundRps)?.achievedRps;
  const shown = achieved === undefined ? '' : ` (achieved ${rateText(achieved)})`;
  if (r.limitedByMax) return `Maximum rate meeting the objectives: at least ${r.foundRps}/s${shown}: --max-rate was reached; raise it to search higher.`;
  return `Maximum rate meeting the objectives: ${r.foundRps}/s${shown}.${r.interrupted ? ' (interrupted: the search did not finish)' : ''}`;
}
