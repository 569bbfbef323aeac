/**
 * bootstrapDraws is the resampling loop of `loadgen compare`: it recomputes each side's statistics
 * on `resamples` bootstrap resamples, so the spread of B - A over them gives a confidence interval
 * without assuming latency is normal (it is skewed and multi-modal; a t-interval would be wrong in
 * the tail). What one resample of a side is belongs to its Resampler; this file only draws which
 * rounds go in (with replacement, or all of them once) and collects the results.
 */

/** Resampler is one side of a comparison: statistics as recorded, and as recomputed on a resample. */
export interface Resampler {
  /** rounds is how many rounds (records) the side has. */
  readonly rounds: number;
  /** statistics is how many values observed() and resample() write. */
  readonly statistics: number;
  /** estimable is false when the data cannot give an interval (then every draw is the observed value). */
  readonly estimable: boolean;
  /** observed writes the statistics of the data as recorded into out. */
  observed(out: Float64Array): void;
  /**
   * resample writes the statistics of one resample into out: of rounds picks[0..] (repeats
   * allowed), or of every round once when picks is null, each resampled within as the side sees fit.
   */
  resample(picks: Int32Array | null, random: () => number, out: Float64Array): void;
}

/** BootstrapOptions: how many resamples, the uniform source, and whether rounds are redrawn. */
export interface BootstrapOptions {
  readonly resamples: number;
  readonly random: () => number;
  /** resampleRounds draws each side's rounds with replacement; false keeps every round once. */
  readonly resampleRounds: boolean;
}

/** BootstrapDraws holds every resample's statistics: a[s][i] is statistic s of A on resample i. */
export interface BootstrapDraws {
  readonly a: readonly Float64Array[];
  readonly b: readonly Float64Array[];
}

/** bootstrapDraws resamples A and B independently, `resamples` times each, in a fixed order (reproducible per seed). */
export function bootstrapDraws(a: Resampler, b: Resampler, o: BootstrapOptions): BootstrapDraws {
  return { a: drawSide(a, o), b: drawSide(b, o) };
}

function drawSide(side: Resampler, o: BootstrapOptions): Float64Array[] {
  const draws = Array.from({ length: side.statistics }, () => new Float64Array(o.resamples));
  const out = new Float64Array(side.statistics);
  const picks = o.resampleRounds ? new Int32Array(side.rounds) : null;
  for (let i = 0; i < o.resamples; i++) {
    if (picks !== null) for (let r = 0; r < picks.length; r++) picks[r] = Math.floor(o.random() * side.rounds);
    side.resample(picks, o.random, out);
    for (let s = 0; s < out.length; s++) draws[s][i] = out[s];
  }
  return draws;
}

/** Interval is a confidence interval [low, high], in the statistic's unit. */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

/**
 * percentileInterval is the bootstrap percentile interval: the (1 - level)/2 and (1 + level)/2
 * quantiles of the draws (linear interpolation between order statistics); NaN draws are left out.
 */
export function percentileInterval(draws: Float64Array, level: number): Interval {
  const sorted = draws.filter((v) => !Number.isNaN(v)).sort();
  if (sorted.length === 0) return { low: NaN, high: NaN };
  return { low: quantileOfSorted(sorted, (1 - level) / 2), high: quantileOfSorted(sorted, (1 + level) / 2) };
}

function quantileOfSorted(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
