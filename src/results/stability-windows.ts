/**
 * WindowCutter cuts a level's run into measurement windows from its live snapshots: a window ends
 * at the first snapshot that completes it (WindowRule: a duration, or a number of results), and
 * its figures are the differences of the cumulative counters and whole-run histograms between
 * its two snapshots, so the load never pauses between windows. levelTail merges the last windows
 * (the ones the stability rule judged) into the level's figures.
 */
import type { LiveSnapshot } from '../core/live-snapshot.js';
import type { LatencyView } from '../core/latency-view.js';
import type { WindowRule } from '../plan/range-plan.js';
import { LatencyAccumulator, LatencyDistribution } from './latency.js';
import type { StabilityPoint } from './stability-rule.js';

/**
 * WINDOW_SLACK is how much shorter than --window a window may end: snapshots arrive about once a
 * second, not on the dot, and a 1 s window should not wait for the next one. Throughput always
 * divides by the window's measured length.
 */
export const WINDOW_SLACK = 0.9;

/** WindowFigures are one window's figures: elapsed times (ns), counts, rates (1/s), latencies (ns). */
export interface WindowFigures extends StabilityPoint {
  readonly startNs: number;
  readonly endNs: number;
  readonly errors: number;
  readonly dropped: number;
  readonly p90Ns: number;
  /** cpuCores is the generator process's CPU during the window, in cores (1 = one core busy). */
  readonly cpuCores: number;
}

/** WindowCut is a window's figures and its latency populations, kept to merge the judged windows. */
export interface WindowCut {
  readonly figures: WindowFigures;
  readonly service: LatencyAccumulator;
  readonly response: LatencyAccumulator | null;
}

/** Mark is the cumulative state at a window's start. */
interface Mark {
  readonly elapsedNs: number;
  readonly requests: number;
  readonly successes: number;
  readonly dropped: number;
  readonly cpuSeconds: number;
  readonly service: LatencyAccumulator;
  readonly response: LatencyAccumulator | null;
}

export class WindowCutter {
  private readonly rule: WindowRule;
  private mark: Mark;

  constructor(rule: WindowRule) {
    this.rule = rule;
    this.mark = { elapsedNs: 0, requests: 0, successes: 0, dropped: 0, cpuSeconds: 0, service: new LatencyAccumulator(), response: null };
  }

  /** take reads one (non-final) snapshot and returns the window it completes, or null. */
  take(s: LiveSnapshot): WindowCut | null {
    if (s.views == null || !this.completes(s)) return null;
    const service = cumulative(s.views.service);
    const response = s.views.response === null ? null : cumulative(s.views.response);
    const cut = windowBetween(this.mark, s, service, response);
    this.mark = { elapsedNs: s.elapsedNs, requests: s.requests, successes: s.successes, dropped: s.dropped, cpuSeconds: s.cpuSeconds, service, response };
    return cut;
  }

  private completes(s: LiveSnapshot): boolean {
    if (this.rule.kind === 'count') return s.requests - this.mark.requests >= this.rule.requests;
    return s.elapsedNs - this.mark.elapsedNs >= this.rule.ns * WINDOW_SLACK;
  }
}

function windowBetween(m: Mark, s: LiveSnapshot, service: LatencyAccumulator, response: LatencyAccumulator | null): WindowCut {
  const seconds = (s.elapsedNs - m.elapsedNs) / 1e9;
  const requests = s.requests - m.requests;
  const serviceDiff = difference(service, m.service);
  const view = new LatencyDistribution(serviceDiff);
  const figures: WindowFigures = {
    startNs: m.elapsedNs,
    endNs: s.elapsedNs,
    requests,
    errors: requests - (s.successes - m.successes),
    dropped: s.dropped - m.dropped,
    throughputRps: seconds > 0 ? requests / seconds : 0,
    meanNs: view.meanNs,
    p50Ns: view.quantileNs(0.5),
    p90Ns: view.quantileNs(0.9),
    p99Ns: view.quantileNs(0.99),
    cpuCores: seconds > 0 ? (s.cpuSeconds - m.cpuSeconds) / seconds : 0,
  };
  return { figures, service: serviceDiff, response: response === null ? null : difference(response, m.response) };
}

/** cumulative copies a snapshot's whole-run view into an accumulator of its own. */
function cumulative(view: LatencyView): LatencyAccumulator {
  if (!(view instanceof LatencyDistribution)) throw new Error('stability windows need the live whole-run histograms (LatencyDistribution)');
  const acc = new LatencyAccumulator();
  acc.add(view.snapshot());
  return acc;
}

/** difference is later minus earlier: the values recorded between the two (min and max to bucket precision). */
function difference(later: LatencyAccumulator, earlier: LatencyAccumulator | null): LatencyAccumulator {
  const acc = new LatencyAccumulator();
  acc.add(later.snapshot());
  if (earlier !== null && earlier.count > 0) acc.histogram.subtract(earlier.histogram);
  acc.count = later.count - (earlier?.count ?? 0);
  acc.totalNs = later.totalNs - (earlier?.totalNs ?? 0);
  acc.minNs = acc.count === 0 ? Infinity : acc.histogram.minNonZeroValue;
  acc.maxNs = acc.count === 0 ? 0 : acc.histogram.maxValue;
  return acc;
}

/** LevelTail is the merged figures of a level's judged windows, and a snapshot of them to judge objectives on. */
export interface LevelTail {
  readonly windows: number;
  readonly requests: number;
  readonly errors: number;
  readonly throughputRps: number;
  readonly meanNs: number;
  readonly p50Ns: number;
  readonly p90Ns: number;
  readonly p99Ns: number;
  readonly cpuCores: number;
  /** snapshot is the last snapshot with the tail's counts, length and histograms, for measureLive. */
  readonly snapshot: LiveSnapshot;
}

/** levelTail merges the last `count` cuts; last is the newest snapshot of the level. */
export function levelTail(cuts: readonly WindowCut[], count: number, last: LiveSnapshot): LevelTail {
  const tail = cuts.slice(Math.max(0, cuts.length - count));
  const service = new LatencyAccumulator();
  const response = tail.every((c) => c.response !== null) && tail.length > 0 ? new LatencyAccumulator() : null;
  for (const c of tail) {
    service.add(c.service);
    if (response !== null) response.add(c.response!);
  }
  const sum = (f: (w: WindowFigures) => number) => tail.reduce((a, c) => a + f(c.figures), 0);
  const elapsedNs = sum((w) => w.endNs - w.startNs);
  const requests = sum((w) => w.requests);
  const errors = sum((w) => w.errors);
  const view = new LatencyDistribution(service);
  const seconds = elapsedNs / 1e9;
  return {
    windows: tail.length,
    requests,
    errors,
    throughputRps: seconds > 0 ? requests / seconds : 0,
    meanNs: view.meanNs,
    p50Ns: view.quantileNs(0.5),
    p90Ns: view.quantileNs(0.9),
    p99Ns: view.quantileNs(0.99),
    cpuCores: seconds > 0 ? sum((w) => w.cpuCores * (w.endNs - w.startNs)) / elapsedNs : 0,
    snapshot: {
      ...last,
      elapsedNs,
      requests,
      successes: requests - errors,
      dropped: sum((w) => w.dropped),
      views: { service: view, response: response === null ? null : new LatencyDistribution(response) },
    },
  };
}
