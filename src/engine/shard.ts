import type { Plan } from '../plan/plan.js';
import type { Segment } from '../core/run-result.js';

/**
 * Shard is one worker's part of a plan. The plan may itself be one segment of a test split over
 * processes (--shard i/N); the segment's share is taken first, then divided over the workers.
 * Open-loop hits are dealt by index: of the whole test's hits g = 0, 1, 2, ..., segment s of N
 * takes those with g mod N = s, and its worker w of W the j-th of those with j mod W = w, so all
 * workers of all segments together send exactly the single-process schedule, interleaved.
 * Closed-loop virtual users, connections, the in-flight cap and iterations are divided as evenly
 * as integers allow, the same way at both levels.
 */
export interface Shard {
  readonly plan: Plan;
  readonly index: number;
  readonly count: number;
  /** segment is the plan's slice of the whole test ({0, 1} when it is not sharded). */
  readonly segment: Segment;
  /** vus is this worker's virtual users (closed loop), 0 in open loop. */
  readonly vus: number;
  /** maxInFlight is this worker's in-flight cap (open loop); 0 = none. */
  readonly maxInFlight: number;
  /** connections is this worker's connection cap per origin; 0 = opened as needed. */
  readonly connections: number;
  /** iterations is the segment's share of --iterations (closed loop counts up to it); 0 = none. */
  readonly iterations: number;
}

/** WHOLE is the segment of a test that is not sharded. */
export const WHOLE: Segment = { index: 0, count: 1 };

/**
 * shareOf is part i of n over count parts, the remainder going to the first parts: the number of
 * g in [0, n) with g mod count = i. For segment i of the equal sequence 0, 1/count, ..., 1 this is
 * k6's ExecutionTuple.ScaleInt64 (its striped offsets give element g to segment g mod count), so
 * VUs, iterations and caps split as k6-operator's runners split them, summing to n exactly.
 */
export function shareOf(n: number, i: number, count: number): number {
  return Math.floor(n / count) + (i < n % count ? 1 : 0);
}

/** segmentShare is a segment's share of a whole-test count (VUs, iterations, connections). */
export function segmentShare(n: number, segment: Segment): number {
  return shareOf(n, segment.index, segment.count);
}

/**
 * segmentConnections is a segment's share of a connection cap, at least 1 (0 = opened as needed
 * stays 0): a cap is a resource, not load, and defaults such as grpc's (one per core) may be
 * below the number of shards.
 */
export function segmentConnections(n: number, segment: Segment): number {
  return n === 0 ? 0 : Math.max(1, segmentShare(n, segment));
}

/** globalHit is the whole-test index of a segment's j-th hit (j counts the segment's own hits). */
export function globalHit(segment: Segment, j: number): number {
  return segment.index + segment.count * j;
}

/** splitPlan divides a plan (its segment's share) over at most plan.workers shards, never giving a shard nothing to do. */
export function splitPlan(plan: Plan): Shard[] {
  const segment = plan.segment ?? WHOLE;
  const part = (n: number) => segmentShare(n, segment);
  const vus = plan.load.kind === 'closed' ? part(plan.load.vus) : 0;
  const maxInFlight = plan.load.kind !== 'closed' ? part(plan.load.maxInFlight) : 0;
  const connections = segmentConnections(plan.http.connections, segment);
  const iterations = part(plan.stop.iterations);
  let count = plan.workers;
  if (plan.load.kind === 'closed') count = Math.min(count, vus);
  if (maxInFlight > 0) count = Math.min(count, maxInFlight);
  if (connections > 0) count = Math.min(count, connections);
  if (iterations > 0) count = Math.min(count, iterations);
  count = Math.max(1, count);
  const shards: Shard[] = [];
  for (let i = 0; i < count; i++) {
    shards.push({
      plan,
      index: i,
      count,
      segment,
      vus: shareOf(vus, i, count),
      maxInFlight: shareOf(maxInFlight, i, count),
      connections: shareOf(connections, i, count),
      iterations,
    });
  }
  return shards;
}
