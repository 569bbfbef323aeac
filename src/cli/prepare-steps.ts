/**
 * prepare runs a plan's steps before load: readiness, then warm-up, with a line on stderr for the
 * warm-up. Loaded only when a plan has such steps: it brings the gRPC schema loader (protobufjs)
 * along, which a plain attack need not pay for at start-up.
 */
import type { Plan } from '../plan/plan.js';
import { pendingSignal } from './stop-signals.js';

export async function prepare(plan: Plan): Promise<void> {
  const { prepareTarget } = await import('../engine/prepare-target.js');
  // A signal during readiness ends the wait: no load follows, only the report of 0 requests.
  const warm = await prepareTarget(plan, () => pendingSignal() !== null);
  if (warm === null) return;
  process.stderr.write(`loadgen: warm-up: ${warm.sent} requests, ${warm.failed} failed${warm.firstFailure === null ? '' : ` (first: ${warm.firstFailure})`}\n`);
}
