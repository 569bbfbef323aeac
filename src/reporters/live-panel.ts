/**
 * livePanel renders a live snapshot as the terminal panel `loadgen` redraws a few times a second
 * on a TTY; liveLogLine is the one line it logs every --log-every off a TTY (containers, CI).
 * Both are pure functions of the snapshot, so the panel costs the hot path nothing.
 * The generator warning fires when a worker's event loop is nearly always busy or sends run late:
 * then the latencies measured include the generator's own queueing, not only the server's.
 */
import type { LiveSnapshot } from '../core/live-snapshot.js';
import { goDuration, vegetaRound } from './go-format.js';

/** BUSY_WARN and LATENESS_WARN_NS are where the generator counts as the bottleneck. */
export const BUSY_WARN = 0.9;
// Timers fire at 1 ms granularity, so ticks 1-2 ms late are the scheduler working as designed, not falling behind.
export const LATENESS_WARN_NS = 5e6;
const BAR_WIDTH = 30;

/** PanelContext is what the panel shows beside the snapshot: the command and its target. */
export interface PanelContext {
  readonly title: string;
}

export function livePanel(s: LiveSnapshot, ctx: PanelContext): string[] {
  const lines = [`${ctx.title}  ${progress(s)}`];
  const target = s.targetRateHz !== null ? `target ${rate(s.targetRateHz)}` : s.vus !== null ? `${s.vus} users` : '';
  lines.push(`rate     ${target}${target === '' ? '' : '   '}achieved ${rate(s.recent.rps)} (last ${s.recent.seconds}s)`);
  lines.push(`latency  p50 ${dur(s.recent.p50Ns)}   p99 ${dur(s.recent.p99Ns)} (last ${s.recent.seconds}s)`);
  const errors = s.requests - s.successes;
  const kinds = s.errorKinds.length === 0 ? '' : ` (${s.errorKinds.map(([k, n]) => `${k} ${n}`).join(', ')})`;
  lines.push(`results  ${s.successes} ok   ${errors} errors${kinds}   in flight ${s.inFlight}   dropped ${s.dropped}`);
  const cpu = s.workers.map((w) => `${Math.round(w.busy * 100)}%`).join(' ');
  const late = Math.max(0, ...s.workers.map((w) => w.latenessP99Ns));
  lines.push(`workers  busy ${cpu || '-'}   send lateness p99 ${dur(late)}`);
  const warning = generatorWarning(s);
  if (warning !== null) lines.push(`! ${warning}`);
  return lines;
}

/** liveLogLine is the snapshot as one log line. */
export function liveLogLine(s: LiveSnapshot): string {
  const total = s.totalNs > 0 ? `/${secs(s.totalNs)}` : '';
  const warning = generatorWarning(s);
  return (
    `${secs(s.elapsedNs)}${total}: ${s.requests} done, ${rate(s.recent.rps)}, p50 ${dur(s.recent.p50Ns)} p99 ${dur(s.recent.p99Ns)}, ` +
    `${s.requests - s.successes} errors, ${s.dropped} dropped, ${s.inFlight} in flight` +
    (warning === null ? '' : `; ${warning}`)
  );
}

/** generatorWarning says when the generator, not the target, limits the run; null when it does not. */
export function generatorWarning(s: LiveSnapshot): string | null {
  const busy = s.workers.findIndex((w) => w.busy >= BUSY_WARN);
  if (busy >= 0) return `generator-bound: worker ${busy + 1} is ${Math.round(s.workers[busy].busy * 100)}% busy; add --workers or cores, latencies include the generator's own delay`;
  const late = s.workers.findIndex((w) => w.latenessP99Ns > LATENESS_WARN_NS);
  if (late >= 0) return `generator-bound: worker ${late + 1} sends ${dur(s.workers[late].latenessP99Ns)} late (p99); latencies include the generator's own delay`;
  return null;
}

function progress(s: LiveSnapshot): string {
  if (s.totalNs <= 0) return `${secs(s.elapsedNs)}`;
  const share = Math.min(1, s.elapsedNs / s.totalNs);
  const done = Math.round(share * BAR_WIDTH);
  return `[${'#'.repeat(done)}${'-'.repeat(BAR_WIDTH - done)}] ${secs(s.elapsedNs)} / ${secs(s.totalNs)}  ${Math.round(share * 100)}%`;
}

function secs(ns: number): string {
  return `${Math.floor(ns / 1e9)}s`;
}

function rate(hz: number): string {
  return `${hz.toFixed(hz >= 100 ? 0 : 1)}/s`;
}

function dur(ns: number | null): string {
  return ns === null ? '-' : goDuration(vegetaRound(ns));
}
