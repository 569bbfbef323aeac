/**
 * lifecycleText is the human report of `loadgen lifecycle`: what ran, cycles and the rate of
 * cycles and operations, operation counts per phase, one latency row per lifecycle latency
 * (load-to-ready, first inference, unload) and the failure reasons.
 */
import type { LatencyView } from '../core/latency-view.js';
import { cyclesFinished, operationsSent, perSecond, LIFECYCLE_PHASES, type LifecycleResult } from '../core/lifecycle-result.js';
import { goDuration, goFixed, tabwriter, vegetaRound } from './go-format.js';

const PERCENTILES: ReadonlyArray<readonly [label: string, q: number]> = [
  ['p50', 0.5],
  ['p90', 0.9],
  ['p99', 0.99],
];

/** MAX_FAILURES_LISTED bounds the failure lines; the JSON report has all of them. */
const MAX_FAILURES_LISTED = 20;

export function lifecycleText(r: LifecycleResult): string {
  const finished = cyclesFinished(r);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  let out = `loadgen lifecycle: ${r.target} (${r.repository} model repository)\n`;
  out += `${plural(r.models, 'model')} × ${plural(r.cycles, 'cycle')}, concurrency ${r.concurrency}, ${plural(r.inferRequests, 'inference request')} per model cycle\n\n`;
  const ops = LIFECYCLE_PHASES.map((p) => {
    const c = r.operations[p];
    return `${p} ${c.ok} ok, ${c.failed} failed${c.skipped > 0 ? `, ${c.skipped} skipped` : ''}`;
  });
  out += tabwriter(
    [
      `Cycles\t${finished} of ${r.planned} run, ${r.cyclesOk} ok, ${r.cyclesFailed} failed; peak ${r.inProgressPeak} in progress\n`,
      `Rate\t${goFixed(perSecond(finished, r), 2)} cycles/s (${goFixed(perSecond(r.cyclesOk, r), 2)}/s ok), ${goFixed(perSecond(operationsSent(r), r), 2)} operations/s\n`,
      `Duration\t${d(r.durationNs)}\n`,
      `Operations\t${ops.join('; ')}\n`,
    ].join(''),
  );
  out += '\n' + latencyTable(r);
  if (r.failures.length > 0) {
    out += 'Failures\n';
    for (const f of r.failures.slice(0, MAX_FAILURES_LISTED)) out += `  ${String(f.count).padStart(8)} × ${f.text}\n`;
    if (r.failures.length > MAX_FAILURES_LISTED) out += `  ... ${r.failures.length - MAX_FAILURES_LISTED} more distinct failures (see --report json)\n`;
  }
  if (r.interrupted) out += 'Interrupted: the run was stopped by a signal before every model was cycled.\n';
  return out;
}

function latencyTable(r: LifecycleResult): string {
  const head = ['Latency', 'count', 'min', 'mean', ...PERCENTILES.map(([l]) => l), 'max'];
  const rows = [head, row('load to ready', r.loadToReady), row('first inference', r.firstInference), row('unload', r.unload)];
  let table = tabwriter(rows.map((cells) => cells.join('\t') + '\t\n').join(''));
  table = table.replace(/ +$/gm, '');
  table += '  load to ready: from the load request to the first 2xx model-ready answer; first inference: the\n';
  table += '  first checked inference after ready; unload: the unload request. Successful operations only.\n';
  return table;
}

function row(label: string, l: LatencyView): string[] {
  return [label, String(l.count), d(l.minNs), d(l.meanNs), ...PERCENTILES.map(([, q]) => d(l.quantileNs(q))), d(l.maxNs)];
}

function d(ns: number): string {
  return goDuration(vegetaRound(ns));
}
