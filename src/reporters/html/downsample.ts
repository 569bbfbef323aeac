/**
 * downsamplePoints thins per-request (send time, latency, ok) columns to at most maxPoints for a
 * scatter plot. It keeps extremes per time bucket rather than every k-th request: the send-time
 * range is cut into equal buckets and each bucket keeps its fastest and its slowest request, for
 * successes and failures separately (failures are all kept while they fit in half the budget).
 * A dense scatter is read as its envelope, and that envelope (latency spikes above all, and
 * isolated failures) survives; an even stride would drop a one-request spike with probability
 * 1 - 1/k.
 */

/** RequestPoints are per-request columns of one run, all of the same length. */
export interface RequestPoints {
  /** sentNs is each request's actual send time, an offset from the run's elapsed zero (ns). */
  readonly sentNs: ArrayLike<number>;
  /** latencyNs is each request's service time (ns). */
  readonly latencyNs: ArrayLike<number>;
  /** ok is truthy for a success. */
  readonly ok: ArrayLike<boolean | number>;
}

/** ScatterColumns are the kept points as uPlot reads them: x in seconds, y in milliseconds. */
export interface ScatterColumns {
  readonly ok: readonly [x: number[], y: number[]];
  readonly failed: readonly [x: number[], y: number[]];
}

/** Extremes tracks, per bucket, the index of the fastest and slowest request (-1 = none). */
interface Extremes {
  readonly min: Int32Array;
  readonly max: Int32Array;
}

export function downsamplePoints(points: RequestPoints, maxPoints: number): ScatterColumns {
  const n = Math.min(points.sentNs.length, points.latencyNs.length, points.ok.length);
  const out: ScatterColumns = { ok: [[], []], failed: [[], []] };
  let failed = 0;
  for (let i = 0; i < n; i++) if (!points.ok[i]) failed++;
  // Failures are few in a healthy run and each one matters: all of them are kept while they fit
  // in half the budget, and the successes get the rest.
  const failedBudget = Math.min(failed, Math.floor(maxPoints / 2));
  keepPopulation(out, points, n, false, failed, failedBudget);
  keepPopulation(out, points, n, true, n - failed, maxPoints - failedBudget);
  return out;
}

/** keepPopulation keeps every success (or failure) if count fits the budget, else the extremes per bucket. */
function keepPopulation(out: ScatterColumns, points: RequestPoints, n: number, ok: boolean, count: number, budget: number): void {
  if (count <= budget) {
    for (let i = 0; i < n; i++) if (Boolean(points.ok[i]) === ok) push(out, points, i);
    return;
  }
  // Each bucket keeps up to 2 points, so budget/2 buckets keep the population within budget.
  const buckets = Math.max(1, Math.floor(budget / 2));
  const ex = extremes(points, n, buckets, ok);
  for (let b = 0; b < buckets; b++) keepBucket(out, points, ex, b);
}

function extremes(points: RequestPoints, n: number, buckets: number, ok: boolean): Extremes {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = points.sentNs[i];
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  const width = (hi - lo) / buckets || 1;
  const min = new Int32Array(buckets).fill(-1);
  const max = new Int32Array(buckets).fill(-1);
  for (let i = 0; i < n; i++) {
    if (Boolean(points.ok[i]) !== ok) continue;
    const b = Math.min(buckets - 1, Math.floor((points.sentNs[i] - lo) / width));
    const v = points.latencyNs[i];
    if (min[b] < 0 || v < points.latencyNs[min[b]]) min[b] = i;
    if (max[b] < 0 || v > points.latencyNs[max[b]]) max[b] = i;
  }
  return { min, max };
}

/** keepBucket appends a bucket's extremes in send order, the one point once if they coincide. */
function keepBucket(out: ScatterColumns, points: RequestPoints, ex: Extremes, b: number): void {
  const a = ex.min[b];
  const z = ex.max[b];
  if (a < 0) return;
  const first = points.sentNs[a] <= points.sentNs[z] ? a : z;
  const second = first === a ? z : a;
  push(out, points, first);
  if (second !== first) push(out, points, second);
}

function push(out: ScatterColumns, points: RequestPoints, i: number): void {
  const cols = points.ok[i] ? out.ok : out.failed;
  cols[0].push(round(points.sentNs[i] / 1e9, 6));
  cols[1].push(round(points.latencyNs[i] / 1e6, 3));
}

/** round keeps the embedded JSON short: µs is finer than a chart pixel. */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
