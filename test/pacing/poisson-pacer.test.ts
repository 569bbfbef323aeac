import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PoissonPacer } from '../../src/pacing/poisson-pacer.js';
import { parseRate } from '../../src/core/units.js';

test('PoissonPacer: exponential gaps at the mean rate, the same times for the same seed in any order of asking', () => {
  const rate = parseRate('100/1s');
  const a = new PoissonPacer(rate, 3);
  const times = Array.from({ length: 20_000 }, (_, i) => a.intendedNs(i));
  for (let i = 1; i < times.length; i++) assert.ok(times[i] >= times[i - 1], `hit ${i} not before hit ${i - 1}`);
  // 20 000 gaps of mean 10 ms: the sample mean is within 3 % (about 4 standard errors).
  const meanMs = times[times.length - 1] / times.length / 1e6;
  assert.ok(Math.abs(meanMs - 10) < 0.3, `mean gap ${meanMs} ms`);
  // Exponential: about 1 - 1/e of the gaps are shorter than the mean.
  let short = 0;
  for (let i = 1; i < times.length; i++) if (times[i] - times[i - 1] < 10e6) short++;
  assert.ok(Math.abs(short / times.length - (1 - Math.exp(-1))) < 0.02, `share of short gaps ${short / times.length}`);
  // Workers asking for every other hit, or going back, see the same schedule.
  const b = new PoissonPacer(rate, 3);
  for (let i = 1; i < 200; i += 2) assert.equal(b.intendedNs(i), times[i]);
  assert.equal(b.intendedNs(0), times[0]);
  assert.notEqual(new PoissonPacer(rate, 4).intendedNs(0), times[0], 'another seed, another schedule');
});

test('PoissonPacer.hitsDue counts the hits with intendedNs <= elapsed', () => {
  const p = new PoissonPacer(parseRate('50/1s'), 9);
  const times = Array.from({ length: 100 }, (_, i) => p.intendedNs(i));
  const q = new PoissonPacer(parseRate('50/1s'), 9);
  for (const t of [0, times[0] - 1, times[0], times[10], times[10] + 1, times[50]]) {
    assert.equal(q.hitsDue(t), times.filter((x) => x <= t).length, `at ${t}`);
  }
});
