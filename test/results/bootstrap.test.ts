/**
 * The bootstrap's building blocks: the seeded generator (reproducible, uniform), Poisson draws
 * (mean and variance right, exact and approximated alike), the percentile interval (order
 * statistics as tabled) and the resampling loop (sides drawn independently, rounds redrawn only
 * when asked).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bootstrapDraws, percentileInterval, type Resampler } from '../../src/results/bootstrap.js';
import { poissonDraw } from '../../src/results/poisson.js';
import { seededRandom } from '../../src/core/seeded-random.js';

describe('seededRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const take = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    assert.deepEqual(take(42), take(42));
    assert.notDeepEqual(take(42), take(43));
  });
  it('is uniform on [0, 1): every value in range, tenths filled evenly', () => {
    const random = seededRandom(7);
    const tenths = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const v = random();
      assert.ok(v >= 0 && v < 1, String(v));
      tenths[Math.floor(v * 10)]++;
    }
    for (const n of tenths) assert.ok(Math.abs(n - 10_000) < 400, `tenth count ${n}`);
  });
});

describe('poissonDraw', () => {
  // mean: the Poisson mean; exact below 30, normal approximation above. Mean and variance both equal it.
  const means = [0.5, 1, 5, 29, 30, 200, 50_000];
  for (const mean of means) {
    it(`Poisson(${mean}) has mean and variance ${mean}`, () => {
      const random = seededRandom(mean * 1000 + 1);
      const n = 20_000;
      let sum = 0;
      let sq = 0;
      for (let i = 0; i < n; i++) {
        const k = poissonDraw(mean, random);
        assert.ok(Number.isInteger(k) && k >= 0);
        sum += k;
        sq += k * k;
      }
      const m = sum / n;
      const variance = sq / n - m * m;
      // Tolerances: 5 standard errors of the mean, 10 % on the variance.
      assert.ok(Math.abs(m - mean) < 5 * Math.sqrt(mean / n), `mean ${m}`);
      assert.ok(Math.abs(variance - mean) < 0.1 * mean, `variance ${variance}`);
    });
  }
  it('draws 0 for a mean of 0', () => assert.equal(poissonDraw(0, seededRandom(1)), 0));
});

describe('percentileInterval', () => {
  const zeroTo100 = Float64Array.from({ length: 101 }, (_, i) => 100 - i);
  // [draws, level, low, high]: order statistics of 0..100 are the values themselves.
  const table: Array<[name: string, draws: Float64Array, level: number, low: number, high: number]> = [
    ['90 % of 0..100', zeroTo100, 0.9, 5, 95],
    ['95 % of 0..100', zeroTo100, 0.95, 2.5, 97.5],
    ['50 % of 0..100', zeroTo100, 0.5, 25, 75],
    ['one value', Float64Array.of(3), 0.95, 3, 3],
    ['NaN left out', Float64Array.of(NaN, 1, 2, 3, NaN), 0.5, 1.5, 2.5],
  ];
  for (const [name, draws, level, low, high] of table) {
    it(name, () => {
      const ci = percentileInterval(draws, level);
      assert.ok(Math.abs(ci.low - low) < 1e-9 && Math.abs(ci.high - high) < 1e-9, `${ci.low}, ${ci.high}`);
    });
  }
});

/** CountingSide is a Resampler double whose one statistic is the sum of the picked rounds' values. */
class CountingSide implements Resampler {
  readonly rounds: number;
  readonly statistics = 1;
  readonly estimable = true;
  readonly values: readonly number[];
  constructor(values: readonly number[]) {
    this.values = values;
    this.rounds = values.length;
  }
  observed(out: Float64Array): void {
    out[0] = this.values.reduce((a, b) => a + b, 0);
  }
  resample(picks: Int32Array | null, _random: () => number, out: Float64Array): void {
    if (picks === null) return this.observed(out);
    out[0] = Array.from(picks).reduce((n, r) => n + this.values[r], 0);
  }
}

describe('bootstrapDraws', () => {
  it('redraws rounds with replacement when asked: sums of three of {1, 10, 100}, every round seen', () => {
    const draws = bootstrapDraws(new CountingSide([1, 10, 100]), new CountingSide([5]), { resamples: 500, random: seededRandom(3), resampleRounds: true });
    assert.equal(draws.a[0].length, 500);
    const sums = new Set(draws.a[0]);
    assert.ok(sums.has(3) && sums.has(300) && sums.has(111), [...sums].join(' '));
    assert.ok(draws.b[0].every((v) => v === 5));
  });
  it('keeps every round once otherwise', () => {
    const draws = bootstrapDraws(new CountingSide([1, 10, 100]), new CountingSide([5, 6]), { resamples: 50, random: seededRandom(3), resampleRounds: false });
    assert.ok(draws.a[0].every((v) => v === 111));
    assert.ok(draws.b[0].every((v) => v === 11));
  });
});
