/**
 * LatencyDistribution is one latency population: an HdrHistogram (1 µs to 1 h, 3 significant
 * digits, values in ns) for percentiles, plus the exact count, min, max and sum, which the
 * histogram only knows to its bucket precision and vegeta reports exactly.
 */
import type { LatencySnapshot, LatencyView } from '../core/latency-view.js';
import * as hdr from './hdr.js';
import type { JsHistogram as Histogram } from 'hdr-histogram-js';
import { ns, type Nanos } from '../core/units.js';

/** LOWEST_NS and HIGHEST_NS bound what the histograms resolve: 1 µs and 1 h. */
export const LOWEST_NS = 1_000;
export const HIGHEST_NS = 3_600_000_000_000;

/** newHistogram builds an empty histogram with loadgen's range and precision. */
export function newHistogram(): Histogram {
  return hdr.build({
    lowestDiscernibleValue: LOWEST_NS,
    highestTrackableValue: HIGHEST_NS,
    numberOfSignificantValueDigits: 3,
    bitBucketSize: 32,
    autoResize: false,
  }) as Histogram;
}

/** secondHistogram is coarser (2 digits) than the run's: it only feeds per-second p50/p99. */
export function secondHistogram(): Histogram {
  return hdr.build({
    lowestDiscernibleValue: LOWEST_NS,
    highestTrackableValue: HIGHEST_NS,
    numberOfSignificantValueDigits: 2,
    bitBucketSize: 32,
    autoResize: false,
  }) as Histogram;
}

/** clampNs keeps a recorded value inside the histogram's range so recording never throws. */
export function clampNs(v: number): number {
  return v < 0 ? 0 : v > HIGHEST_NS ? HIGHEST_NS : v;
}


/** LatencyAccumulator records values; the hot path calls record() once per response. */
export class LatencyAccumulator {
  readonly histogram: Histogram;
  count: number;
  minNs: number;
  maxNs: number;
  totalNs: number;

  /** histogram defaults to the run's precision; per-second series pass a coarser one. */
  constructor(histogram: Histogram = newHistogram()) {
    this.histogram = histogram;
    this.count = 0;
    this.minNs = Infinity;
    this.maxNs = 0;
    this.totalNs = 0;
  }

  record(valueNs: number): void {
    this.count++;
    this.totalNs += valueNs;
    if (valueNs < this.minNs) this.minNs = valueNs;
    if (valueNs > this.maxNs) this.maxNs = valueNs;
    this.histogram.recordValue(clampNs(valueNs));
  }

  /** add merges another accumulator or snapshot into this one. */
  add(other: LatencySnapshot | LatencyAccumulator): void {
    if (other.count === 0) return;
    this.count += other.count;
    this.totalNs += other.totalNs;
    if (other.minNs < this.minNs) this.minNs = other.minNs;
    if (other.maxNs > this.maxNs) this.maxNs = other.maxNs;
    const h = other instanceof LatencyAccumulator ? other.histogram : decodeHistogram(other.histogram);
    this.histogram.add(h);
  }

  reset(): void {
    this.histogram.reset();
    this.count = 0;
    this.minNs = Infinity;
    this.maxNs = 0;
    this.totalNs = 0;
  }

  snapshot(): LatencySnapshot {
    return {
      count: this.count,
      minNs: this.count === 0 ? 0 : this.minNs,
      maxNs: this.maxNs,
      totalNs: this.totalNs,
      histogram: hdr.encodeIntoCompressedBase64(this.histogram),
    };
  }
}

function decodeHistogram(encoded: string): Histogram {
  return hdr.decodeFromCompressedBase64(encoded, 32, false) as Histogram;
}


/**
 * SecondQuantiles is the p50/p90/p99 of one second's worker histograms merged, computed with one
 * accumulator reset between seconds: a fresh full-precision histogram per second (96 KB of
 * counts) made the end-of-run merge of a 10-minute run allocate ~60 MB at once.
 */
export class SecondQuantiles {
  private readonly acc = new LatencyAccumulator();

  of(parts: readonly LatencySnapshot[]): { p50Ns: Nanos; p90Ns: Nanos; p99Ns: Nanos } {
    this.acc.reset();
    for (const p of parts) this.acc.add(p);
    const d = new LatencyDistribution(this.acc);
    return { p50Ns: d.quantileNs(0.5), p90Ns: d.quantileNs(0.9), p99Ns: d.quantileNs(0.99) };
  }
}

/**
 * LatencyDistribution is the LatencyView over a histogram. quantileNs(q) takes q in 0..1 and
 * returns the HdrHistogram's value at that percentile (the highest value equivalent to the bucket,
 * as HdrHistogram defines it), capped by the exact maximum.
 */
export class LatencyDistribution implements LatencyView {
  readonly count: number;
  readonly minNs: Nanos;
  readonly maxNs: Nanos;
  readonly totalNs: Nanos;
  readonly meanNs: Nanos;
  readonly stdevNs: Nanos;
  private readonly acc: LatencyAccumulator;
  private readonly histogram: Histogram;

  constructor(acc: LatencyAccumulator) {
    this.acc = acc;
    this.count = acc.count;
    this.minNs = ns(acc.count === 0 ? 0 : acc.minNs);
    this.maxNs = ns(acc.maxNs);
    this.totalNs = ns(acc.totalNs);
    this.meanNs = ns(acc.count === 0 ? 0 : acc.totalNs / acc.count);
    this.stdevNs = ns(acc.count === 0 ? 0 : acc.histogram.stdDeviation);
    this.histogram = acc.histogram;
  }

  static fromSnapshot(s: LatencySnapshot): LatencyDistribution {
    return LatencyDistribution.fromSnapshots([s]);
  }

  /** fromSnapshots merges snapshots of one population (workers', runs') into one distribution. */
  static fromSnapshots(parts: readonly LatencySnapshot[]): LatencyDistribution {
    const acc = new LatencyAccumulator();
    for (const p of parts) acc.add(p);
    return new LatencyDistribution(acc);
  }

  static empty(): LatencyDistribution {
    return new LatencyDistribution(new LatencyAccumulator());
  }

  quantileNs(q: number): Nanos {
    if (this.count === 0) return ns(0);
    if (q <= 0) return this.minNs;
    if (q >= 1) return this.maxNs;
    const v = this.histogram.getValueAtPercentile(q * 100);
    return ns(Math.max(this.minNs, Math.min(v, this.maxNs)));
  }

  /** countBelowNs is how many values are strictly below limitNs (to bucket precision). */
  countBelowNs(limitNs: number): number {
    if (this.count === 0 || limitNs <= this.minNs) return 0;
    if (limitNs > this.maxNs) return this.count;
    const it = this.histogram.recordedValuesIterator;
    it.reset();
    let n = 0;
    while (it.hasNext()) {
      const v = it.next();
      if (this.histogram.lowestEquivalentValue(v.valueIteratedTo) >= limitNs) break;
      n += v.countAtValueIteratedTo;
    }
    return n;
  }

  /**
   * recordedBuckets lists the non-empty buckets in ascending order: each one's highest equivalent
   * value (ns; what quantileNs reports for a quantile falling in it) and its count. The bootstrap
   * resamples these instead of per-request values, which a record does not keep.
   */
  recordedBuckets(): LatencyBuckets {
    const valuesNs: number[] = [];
    const counts: number[] = [];
    const it = this.histogram.recordedValuesIterator;
    it.reset();
    while (it.hasNext()) {
      const v = it.next();
      valuesNs.push(v.valueIteratedTo);
      counts.push(v.countAtValueIteratedTo);
    }
    return { valuesNs: Float64Array.from(valuesNs), counts: Float64Array.from(counts) };
  }

  snapshot(): LatencySnapshot {
    return this.acc.snapshot();
  }
}

/** LatencyBuckets are a histogram's non-empty buckets, index-aligned (see recordedBuckets). */
export interface LatencyBuckets {
  readonly valuesNs: Float64Array;
  readonly counts: Float64Array;
}

