/**
 * judgeSlos measures each objective on a finished (or live) result and compares it with its
 * limit. A metric the run has no value for (no requests; response time in closed loop) fails,
 * as Iter8's assess does.
 */
import type { RunResult } from '../core/run-result.js';
import { compareSlo, type Slo, type SloMetric, type SloVerdict } from '../core/slo.js';
import type { LatencyView } from '../core/latency-view.js';
import type { LiveSnapshot } from '../core/live-snapshot.js';

export function judgeSlos(slos: readonly Slo[], r: RunResult): SloVerdict[] {
  return slos.map((slo) => {
    const measured = measure(slo.metric, r);
    return { slo, measured, pass: compareSlo(slo.op, measured, slo.limit) };
  });
}

/** measure is an objective's value in its unit (ns, fraction, 1/s or a count); null when undefined. */
export function measure(metric: SloMetric, r: RunResult): number | null {
  const sent = r.requests;
  const durationS = (r.latestNs - r.earliestNs) / 1e9;
  const waitS = (r.endNs - r.latestNs) / 1e9;
  switch (metric.kind) {
    case 'latency':
      return latencyStat(metric.population === 'service' ? r.latency : r.responseTime, metric.stat, metric.q);
    case 'error-rate':
      return sent === 0 ? null : (sent - r.successes) / sent;
    case 'success-rate':
      return sent === 0 ? null : r.successes / sent;
    case 'error-count':
      return sent - r.successes;
    case 'request-count':
      return sent;
    case 'rps':
      return sent === 0 ? null : durationS > 0 ? sent / durationS : sent;
    case 'throughput':
      return sent === 0 ? null : durationS + waitS > 0 ? r.successes / (durationS + waitS) : r.successes;
    case 'dropped':
      return r.dropped;
    case 'dropped-rate':
      return sent + r.dropped === 0 ? null : r.dropped / (sent + r.dropped);
  }
}

/**
 * measureLive is an objective's value on a live snapshot, in measure's units: rates over the run
 * so far (rps and throughput per elapsed second), latency from the snapshot's whole-run views
 * (null when the run did not ask the workers for them, or before any result).
 */
export function measureLive(metric: SloMetric, s: LiveSnapshot): number | null {
  const sent = s.requests;
  const elapsedS = s.elapsedNs / 1e9;
  switch (metric.kind) {
    case 'latency':
      return latencyStat((metric.population === 'service' ? s.views?.service : s.views?.response) ?? null, metric.stat, metric.q);
    case 'error-rate':
      return sent === 0 ? null : (sent - s.successes) / sent;
    case 'success-rate':
      return sent === 0 ? null : s.successes / sent;
    case 'error-count':
      return sent - s.successes;
    case 'request-count':
      return sent;
    case 'rps':
      return sent === 0 || elapsedS <= 0 ? null : sent / elapsedS;
    case 'throughput':
      return sent === 0 || elapsedS <= 0 ? null : s.successes / elapsedS;
    case 'dropped':
      return s.dropped;
    case 'dropped-rate':
      return sent + s.dropped === 0 ? null : s.dropped / (sent + s.dropped);
  }
}

function latencyStat(view: LatencyView | null, stat: Extract<SloMetric, { kind: 'latency' }>['stat'], q: number): number | null {
  if (view === null || view.count === 0) return null;
  switch (stat) {
    case 'mean':
      return view.meanNs;
    case 'min':
      return view.minNs;
    case 'max':
      return view.maxNs;
    case 'stddev':
      return view.stdevNs;
    case 'percentile':
      return view.quantileNs(q);
  }
}
