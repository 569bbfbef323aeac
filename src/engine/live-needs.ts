/**
 * needsOverall says whether a run's live snapshots need exact whole-run quantiles: only remote
 * write (k6's trend gauges), abortOnFail latency objectives and a range level's measurement
 * windows (cut as differences of them) read them. Encoding and merging the
 * run's 3-digit histograms costs a few ms a second per worker, so other runs skip it and the
 * panel and /metrics use the cheap recent histograms and cumulative buckets instead.
 */
import type { Plan } from '../plan/plan.js';

export function needsOverall(plan: Plan): boolean {
  return plan.range != null || plan.watch.remoteWrite !== null || plan.slos.some((s) => s.abortOnFail && s.metric.kind === 'latency');
}
