/**
 * LatencyResampler is one side's latency for the bootstrap: its rounds' HDR histograms laid on one
 * grid of bucket values. A resample over rounds pools the picked rounds; a resample over requests
 * pools every round, reweighting each bucket of c requests by a Poisson(c) count (the Poisson
 * bootstrap: every request gets an independent Poisson(1) weight), so resampling costs time per
 * bucket, not per request, and needs no per-request data. Statistics: mean, then the
 * LATENCY_QUANTILES, all in ns.
 */
import type { Resampler } from './bootstrap.js';
import type { LatencyDistribution } from './latency.js';
import { poissonDraw } from './poisson.js';

/** LATENCY_QUANTILES are the quantiles compared after the mean (q in 0..1). */
export const LATENCY_QUANTILES: readonly number[] = [0.5, 0.9, 0.99];

/** LatencyRound is one round's buckets: grid indexes and counts, index-aligned. */
interface LatencyRound {
  readonly index: Int32Array;
  readonly counts: Float64Array;
}

export class LatencyResampler implements Resampler {
  readonly rounds: number;
  readonly statistics: number;
  readonly estimable: boolean;
  /** valuesNs is the grid: every bucket value of any round, ascending. */
  private readonly valuesNs: Float64Array;
  private readonly perRound: readonly LatencyRound[];
  /** pooled is scratch: the counts of the resample being computed, on the grid. */
  private readonly pooled: Float64Array;
  private readonly exactMeanNs: number;
  /** meanBiasNs corrects the grid's mean (buckets at their highest value) to the exact mean. */
  private readonly meanBiasNs: number;
  private readonly minNs: number;
  private readonly maxNs: number;

  /** rounds are the side's latency populations, one per round; each must have values. */
  constructor(rounds: readonly LatencyDistribution[]) {
    const buckets = rounds.map((r) => r.recordedBuckets());
    const grid = Float64Array.from(new Set(buckets.flatMap((b) => Array.from(b.valuesNs)))).sort();
    const at = new Map<number, number>();
    grid.forEach((v, i) => at.set(v, i));
    this.rounds = rounds.length;
    this.statistics = 1 + LATENCY_QUANTILES.length;
    this.estimable = true;
    this.valuesNs = grid;
    this.perRound = buckets.map((b) => ({ index: Int32Array.from(b.valuesNs, (v) => at.get(v)!), counts: b.counts }));
    this.pooled = new Float64Array(grid.length);
    const count = rounds.reduce((n, r) => n + r.count, 0);
    this.exactMeanNs = rounds.reduce((n, r) => n + r.totalNs, 0) / count;
    this.minNs = Math.min(...rounds.map((r) => r.minNs));
    this.maxNs = Math.max(...rounds.map((r) => r.maxNs));
    this.pool(null, null);
    this.meanBiasNs = this.exactMeanNs - this.gridMean();
  }

  observed(out: Float64Array): void {
    this.pool(null, null);
    this.statisticsOfPool(out);
    out[0] = this.exactMeanNs;
  }

  /**
   * resample pools the picked rounds as recorded (their spread already holds each one's sampling
   * noise; reweighting within them as well would count it twice), or, with picks null, every round
   * with each bucket Poisson-reweighted.
   */
  resample(picks: Int32Array | null, random: () => number, out: Float64Array): void {
    this.pool(picks, picks === null ? random : null);
    // A resample of a handful of requests can draw none; it then says what the data says.
    if (this.total() === 0) return this.observed(out);
    this.statisticsOfPool(out);
    out[0] += this.meanBiasNs;
  }

  /** pool sums the picked rounds' counts (every round when picks is null), Poisson-reweighted when random is given. */
  private pool(picks: Int32Array | null, random: (() => number) | null): void {
    const pooled = this.pooled;
    pooled.fill(0);
    const n = picks === null ? this.perRound.length : picks.length;
    for (let k = 0; k < n; k++) {
      const round = this.perRound[picks === null ? k : picks[k]];
      const { index, counts } = round;
      for (let j = 0; j < index.length; j++) pooled[index[j]] += random === null ? counts[j] : poissonDraw(counts[j], random);
    }
  }

  private total(): number {
    let n = 0;
    for (let i = 0; i < this.pooled.length; i++) n += this.pooled[i];
    return n;
  }

  private gridMean(): number {
    let sum = 0;
    for (let i = 0; i < this.pooled.length; i++) sum += this.pooled[i] * this.valuesNs[i];
    return sum / this.total();
  }

  /**
   * statisticsOfPool writes the pool's grid mean and quantiles. A quantile is the bucket value
   * where the running count first reaches ceil(q * total), as HdrHistogram's getValueAtPercentile
   * has it, kept within the exact min and max as LatencyDistribution.quantileNs keeps it.
   */
  private statisticsOfPool(out: Float64Array): void {
    const total = this.total();
    out[0] = this.gridMean();
    let running = 0;
    let i = 0;
    for (let s = 0; s < LATENCY_QUANTILES.length; s++) {
      const target = Math.max(1, Math.ceil(LATENCY_QUANTILES[s] * total - 1e-9));
      while (i < this.pooled.length - 1 && running + this.pooled[i] < target) running += this.pooled[i++];
      out[1 + s] = Math.max(this.minNs, Math.min(this.valuesNs[i], this.maxNs));
    }
  }
}
