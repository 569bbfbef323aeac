/**
 * compareRuns is `loadgen compare`'s statistics: for two sides, A and B, each one or more rounds
 * (records), B - A of the mean, p50, p90 and p99 of service time (and of response time when every
 * record has it) and of throughput, each with a bootstrap percentile confidence interval and the
 * relative difference. With MIN_ROUNDS_TO_RESAMPLE rounds on both sides the bootstrap redraws
 * rounds, so round-to-round noise (a busy machine, a warm cache) is in the interval; with fewer it
 * resamples requests (and, for throughput, seconds) only.
 */
import { UsageError } from '../core/errors.js';
import { bootstrapDraws, percentileInterval, type Interval, type Resampler } from './bootstrap.js';
import type { LatencyDistribution } from './latency.js';
import { LATENCY_QUANTILES, LatencyResampler } from './latency-resampler.js';
import type { SourcedRun } from './merge-runs.js';
import { seededRandom } from '../core/seeded-random.js';
import { normalQuantile, studentTQuantile } from './student-t.js';
import { ThroughputResampler } from './throughput-resampler.js';

/** MIN_ROUNDS_TO_RESAMPLE is how many rounds each side needs before rounds are resampled. */
export const MIN_ROUNDS_TO_RESAMPLE = 3;

/**
 * CompareMethod names how an interval was computed: `bootstrap-rounds` redraws rounds with
 * replacement (the interval widened for few rounds: roundsWidening);
 * `bootstrap-requests` redraws the requests of each side's pooled histogram; `bootstrap-seconds`
 * redraws the full seconds of the run (throughput of one round per side).
 */
export type CompareMethod = 'bootstrap-rounds' | 'bootstrap-requests' | 'bootstrap-seconds';

/** Outcome says where the interval of B - A lies: above 0, below 0, across it, or not computable. */
export type Outcome = 'higher' | 'lower' | 'none' | 'unknown';

/** ComparedStatistic is one statistic of both sides and their difference. */
export interface ComparedStatistic {
  /** metric is the latency measured (service time, response time) or throughput. */
  readonly metric: 'service' | 'response' | 'throughput';
  readonly statistic: 'mean' | 'p50' | 'p90' | 'p99' | 'throughput';
  /** unit of a, b, diff and ci: ns for latency, successes per second for throughput. */
  readonly unit: 'ns' | 'per_s';
  readonly method: CompareMethod;
  readonly a: number;
  readonly b: number;
  /** diff is b - a. */
  readonly diff: number;
  /** ci is the interval of diff; null when the data cannot give one (too few seconds). */
  readonly ci: Interval | null;
  /** relPct is 100 * diff / a, and relCi its interval; null when a is 0 or ci is null. */
  readonly relPct: number | null;
  readonly relCi: Interval | null;
  readonly outcome: Outcome;
}

/** Comparison is the whole comparison, with what it was computed from. */
export interface Comparison {
  /** sourcesA and sourcesB name each side's records (their files), one per round. */
  readonly sourcesA: readonly string[];
  readonly sourcesB: readonly string[];
  readonly resampledRounds: boolean;
  readonly resamples: number;
  readonly confidence: number;
  readonly seed: number;
  readonly statistics: readonly ComparedStatistic[];
}

/** CompareOptions tune the bootstrap; all numbers as in Comparison. */
export interface CompareOptions {
  readonly resamples: number;
  readonly confidence: number;
  readonly seed: number;
}

/** compareRuns compares side B to side A; bad input (a side empty, protocols differ, a record without results) is a UsageError. */
export function compareRuns(a: readonly SourcedRun[], b: readonly SourcedRun[], o: CompareOptions): Comparison {
  checkComparable(a, b);
  const resampledRounds = a.length >= MIN_ROUNDS_TO_RESAMPLE && b.length >= MIN_ROUNDS_TO_RESAMPLE;
  const random = seededRandom(o.seed);
  const widening = resampledRounds ? roundsWidening(Math.min(a.length, b.length), o.confidence) : 1;
  const latencyMethod: CompareMethod = resampledRounds ? 'bootstrap-rounds' : 'bootstrap-requests';
  const compare = (ra: Resampler, rb: Resampler, rows: readonly Row[], method: CompareMethod): ComparedStatistic[] => {
    const draws = bootstrapDraws(ra, rb, { resamples: o.resamples, random, resampleRounds: resampledRounds });
    const [obsA, obsB] = [new Float64Array(ra.statistics), new Float64Array(rb.statistics)];
    ra.observed(obsA);
    rb.observed(obsB);
    const estimable = ra.estimable && rb.estimable;
    return rows.map((row, s) => statisticOf(row, method, obsA[s], obsB[s], estimable ? [draws.a[s], draws.b[s]] : null, o.confidence, widening));
  };
  const latency = (pick: (r: SourcedRun) => LatencyDistribution, metric: 'service' | 'response') =>
    compare(new LatencyResampler(a.map(pick)), new LatencyResampler(b.map(pick)), latencyRows(metric), latencyMethod);
  const withResponse = [...a, ...b].every((r) => r.run.responseTime !== null && r.run.responseTime.count > 0);
  return {
    sourcesA: a.map((r) => r.source),
    sourcesB: b.map((r) => r.source),
    resampledRounds,
    resamples: o.resamples,
    confidence: o.confidence,
    seed: o.seed,
    statistics: [
      ...latency((r) => r.run.latency, 'service'),
      ...(withResponse ? latency((r) => r.run.responseTime!, 'response') : []),
      ...compare(
        new ThroughputResampler(a.map((r) => r.run), resampledRounds),
        new ThroughputResampler(b.map((r) => r.run), resampledRounds),
        [{ metric: 'throughput', statistic: 'throughput', unit: 'per_s' }],
        resampledRounds ? 'bootstrap-rounds' : 'bootstrap-seconds',
      ),
    ],
  };
}

type Row = Pick<ComparedStatistic, 'metric' | 'statistic' | 'unit'>;

function latencyRows(metric: 'service' | 'response'): Row[] {
  const quantiles = LATENCY_QUANTILES.map((q) => `p${Math.round(q * 100)}` as ComparedStatistic['statistic']);
  return (['mean', ...quantiles] as const).map((statistic) => ({ metric, statistic, unit: 'ns' }));
}

/** statisticOf turns one statistic's observed values and draws into its difference, intervals and outcome. */
function statisticOf(row: Row, method: CompareMethod, a: number, b: number, draws: readonly [Float64Array, Float64Array] | null, level: number, widening: number): ComparedStatistic {
  const diff = b - a;
  const relPct = a === 0 ? null : (100 * diff) / a;
  if (draws === null) return { ...row, method, a, b, diff, ci: null, relPct, relCi: null, outcome: 'unknown' };
  const [da, db] = draws;
  const diffs = db.map((v, i) => v - da[i]);
  const rels = db.map((v, i) => (da[i] === 0 ? NaN : (100 * (v - da[i])) / da[i]));
  const ci = widened(diffs, level, widening);
  const outcome: Outcome = ci.low > 0 ? 'higher' : ci.high < 0 ? 'lower' : 'none';
  return { ...row, method, a, b, diff, ci, relPct, relCi: relPct === null ? null : widened(rels, level, widening), outcome };
}

/**
 * roundsWidening is the factor an interval over resampled rounds is widened by, for the fewer
 * rounds of the two sides (n): √(n/(n-1)) · t(n-1) / z, after Hesterberg's expanded percentile
 * interval. A bootstrap over n rounds sees (n-1)/n of their variance and a normal spread where
 * Student's t belongs, so over 3 rounds the plain interval is far too narrow; the factor is about
 * 2.7 for 3 rounds, 1.6 for 5, 1.2 for 10 and tends to 1.
 */
export function roundsWidening(rounds: number, level: number): number {
  const p = (1 + level) / 2;
  return (Math.sqrt(rounds / (rounds - 1)) * studentTQuantile(p, rounds - 1)) / normalQuantile(p);
}

/** widened is the draws' percentile interval stretched by factor about their median. */
function widened(draws: Float64Array, level: number, factor: number): Interval {
  const ci = percentileInterval(draws, level);
  if (factor === 1) return ci;
  const median = percentileInterval(draws, 0).low;
  return { low: median - factor * (median - ci.low), high: median + factor * (ci.high - median) };
}

function checkComparable(a: readonly SourcedRun[], b: readonly SourcedRun[]): void {
  if (a.length === 0 || b.length === 0) throw new UsageError(`compare: give at least one record per side (got ${a.length} for A, ${b.length} for B)`);
  const all = [...a, ...b];
  const first = all[0];
  for (const { run, source } of all) {
    if (run.meta.protocol !== first.run.meta.protocol) {
      throw new UsageError(`compare: ${source} is of protocol ${run.meta.protocol} but ${first.source} of ${first.run.meta.protocol}; compare records of one protocol`);
    }
    if (run.latency.count === 0) throw new UsageError(`compare: ${source} has no results to compare`);
  }
}
