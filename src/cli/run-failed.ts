/**
 * runFailure is the one line a run with no success at all ends with (exit 1, after its reports):
 * how many requests there were and what they got, the most frequent error first, so a CI step
 * gating on the exit code fails on a target that was down, unresolvable or answered only errors.
 * Null when some request succeeded, when a signal stopped the run before it sent anything, or
 * when every failure is loadgen's own cancellation (`canceled`: a stream cut by --stream-call-count
 * or --stream-call-duration, as ghz reports those; the calls a signal's grace period left): the
 * target did not fail those.
 */
import type { RunResult } from '../core/run-result.js';

export function runFailure(r: Pick<RunResult, 'requests' | 'successes' | 'dropped' | 'errors' | 'interrupted'>): string | null {
  if (r.successes > 0 || (r.interrupted && r.requests === 0)) return null;
  if (r.requests > 0 && r.errors.length > 0 && r.errors.every((e) => e.kind === 'canceled')) return null;
  if (r.requests === 0) return `no request was sent${r.dropped > 0 ? ` (${r.dropped} dropped at the in-flight cap)` : ''}; nothing succeeded`;
  let top = r.errors[0];
  for (const e of r.errors) if (e.count > top!.count) top = e;
  if (top === undefined) return `all ${r.requests} requests failed`;
  const others = r.errors.length > 1 ? ` (and ${r.errors.length - 1} other error${r.errors.length > 2 ? 's' : ''})` : '';
  return `all ${r.requests} requests failed; ${top.count === r.requests ? 'every one' : top.count} got: ${top.text}${others}`;
}
