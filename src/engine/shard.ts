import type { Plan } from '../plan/plan.js';

/**
 * Shard is one worker's part of a plan. Open-loop hits are dealt by index (worker w sends the hits
 * i with i mod count = w), so the shards together send the single-process schedule; closed-loop
 * virtual users, connections and the in-flight cap are divided as evenly as integers allow.
 */
export interface Shard {
  readonly plan: Plan;
  readonly index: number;
  readonly count: number;
  /** vus is this worker's virtual users (closed loop), 0 in open loop. */
  readonly vus: number;
  /** maxInFlight is this worker's in-flight cap (open loop); 0 = none. */
  readonly maxInFlight: number;
  /** connections is this worker's connection cap per origin; 0 = opened as needed. */
  readonly connections: number;
}

/** splitPlan divides a plan over at most plan.workers shards, never giving a shard nothing to do. */
/** shareOf is part i of n over count parts, as splitPlan divides (for schedules that change n). */
export function shareOf(n: number, i: number, count: number): number {
  return share(n, i, count);
}

export function splitPlan(plan: Plan): Shard[] {
  let count = plan.workers;
  if (plan.load.kind === 'closed') count = Math.min(count, plan.load.vus);
  if (plan.load.kind !== 'closed' && plan.load.maxInFlight > 0) count = Math.min(count, plan.load.maxInFlight);
  if (plan.http.connections > 0) count = Math.min(count, plan.http.connections);
  if (plan.stop.iterations > 0) count = Math.min(count, plan.stop.iterations);
  count = Math.max(1, count);
  const shards: Shard[] = [];
  for (let i = 0; i < count; i++) {
    shards.push({
      plan,
      index: i,
      count,
      vus: plan.load.kind === 'closed' ? share(plan.load.vus, i, count) : 0,
      maxInFlight: plan.load.kind !== 'closed' ? share(plan.load.maxInFlight, i, count) : 0,
      connections: share(plan.http.connections, i, count),
    });
  }
  return shards;
}

/** share is part i of n divided over count parts, the remainder going to the first parts. */
function share(n: number, i: number, count: number): number {
  return Math.floor(n / count) + (i < n % count ? 1 : 0);
}
