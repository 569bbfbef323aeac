import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GammaPacer } from '../../src/pacing/gamma-pacer.js';
import { parseRate } from '../../src/core/units.js';

/** gapStats is the mean (ms) and coefficient of variation of the first n gaps of a pacer. */
function gapStats(p: GammaPacer, n: number): { meanMs: number; cv: number } {
  let sum = 0;
  let sq = 0;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const t = p.intendedNs(i);
    const g = t - prev;
    prev = t;
    sum += g;
    sq += g * g;
  }
  const mean = sum / n;
  return { meanMs: mean / 1e6, cv: Math.sqrt(sq / n - mean * mean) / mean };
}

// Each row: burstiness, rate, seed. 50 000 gaps: the mean's standard error is cv/sqrt(n) (0.9 %
// at cv 2), the CV's a little more; the bounds are 4 % on the mean and 6 % on the CV, several
// standard errors, and a wrong shape or scale (Gamma(B, 1/rate): mean off by B; exponential: CV 1)
// is far outside them.
const ROWS: ReadonlyArray<readonly [number, string, number]> = [
  [0.25, '100/1s', 1],
  [0.5, '100/1s', 2],
  [1, '50/1s', 3],
  [2, '100/1s', 4],
  [4, '200/1s', 5],
  [10, '100/1s', 6],
];

for (const [burstiness, rate, seed] of ROWS) {
  test(`GammaPacer burstiness ${burstiness} at ${rate}: mean gap 1/rate, CV 1/sqrt(burstiness)`, () => {
    const r = parseRate(rate);
    const wantMs = r.perNs / r.freq / 1e6;
    const { meanMs, cv } = gapStats(new GammaPacer(r, seed, burstiness), 50_000);
    assert.ok(Math.abs(meanMs / wantMs - 1) < 0.04, `mean gap ${meanMs} ms, want ${wantMs}`);
    const wantCv = 1 / Math.sqrt(burstiness);
    assert.ok(Math.abs(cv / wantCv - 1) < 0.06, `CV ${cv}, want ${wantCv}`);
  });
}

test('GammaPacer: the same times for the same seed in any order of asking', () => {
  const rate = parseRate('100/1s');
  const a = new GammaPacer(rate, 3, 0.5);
  const times = Array.from({ length: 2000 }, (_, i) => a.intendedNs(i));
  for (let i = 1; i < times.length; i++) assert.ok(times[i] >= times[i - 1], `hit ${i} before hit ${i - 1}`);
  const b = new GammaPacer(rate, 3, 0.5);
  for (let i = 1; i < 200; i += 2) assert.equal(b.intendedNs(i), times[i]);
  assert.equal(b.intendedNs(0), times[0]);
  assert.notEqual(new GammaPacer(rate, 4, 0.5).intendedNs(5), times[5], 'another seed, another schedule');
});

test('GammaPacer burstiness 1 is a Poisson process: about 1 - 1/e of the gaps are shorter than the mean', () => {
  const p = new GammaPacer(parseRate('100/1s'), 3, 1);
  const times = Array.from({ length: 20_000 }, (_, i) => p.intendedNs(i));
  let short = 0;
  for (let i = 1; i < times.length; i++) if (times[i] - times[i - 1] < 10e6) short++;
  assert.ok(Math.abs(short / times.length - (1 - Math.exp(-1))) < 0.02, `share of short gaps ${short / times.length}`);
});

test('GammaPacer.hitsDue counts the hits with intendedNs <= elapsed', () => {
  const p = new GammaPacer(parseRate('50/1s'), 9, 0.3);
  const times = Array.from({ length: 100 }, (_, i) => p.intendedNs(i));
  const q = new GammaPacer(parseRate('50/1s'), 9, 0.3);
  for (const t of [0, times[0] - 1, times[0], times[10], times[10] + 1, times[50]]) {
    assert.equal(q.hitsDue(t), times.filter((x) => x <= t).length, `at ${t}`);
  }
});

test('GammaPacer refuses a burstiness that is not a positive number', () => {
  for (const b of [0, -1, Number.NaN, Infinity]) assert.throws(() => new GammaPacer(parseRate('10/1s'), 1, b), RangeError);
});
