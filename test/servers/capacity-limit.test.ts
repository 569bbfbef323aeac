/**
 * CapacityLimit as a table of times: below capacity answers go when ready, a burst up to the
 * bucket's depth goes at once, beyond it answers are spaced by 1000/N ms, and a lull refills the
 * bucket (but never beyond its depth).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CapacityLimit } from '../../src/servers/capacity-limit.js';

describe('CapacityLimit', () => {
  // [name, answers/s, burst ms, ready times (ms), release times (ms)]
  const table: Array<[name: string, perSecond: number, burstMs: number, ready: number[], release: number[]]> = [
    ['below capacity: released when ready', 100, 10, [0, 20, 40, 60], [0, 20, 40, 60]],
    ['no burst: spaced by 10 ms', 100, 0, [0, 0, 0, 0], [0, 10, 20, 30]],
    ['burst of 3 slots (30 ms at 100/s), then spaced', 100, 30, [0, 0, 0, 0, 0], [0, 0, 0, 10, 20]],
    ['a queue drains at capacity, then a late answer goes when ready', 100, 10, [0, 0, 0, 100], [0, 10, 20, 100]],
    ['a lull refills at most the depth', 100, 20, [0, 0, 1000, 1000, 1000], [0, 0, 1000, 1000, 1010]],
    ['1000/s: 1 ms apart past a 10-answer burst', 1000, 10, new Array<number>(12).fill(5), [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 7]],
    ['a depth below one slot still lets one answer go', 10, 10, [0, 0, 50], [0, 100, 200]],
  ];
  for (const [name, perSecond, burstMs, ready, release] of table) {
    it(name, () => {
      const limit = new CapacityLimit(perSecond, burstMs);
      assert.deepEqual(ready.map((t) => +limit.releaseMs(t).toFixed(9)), release);
    });
  }

  it('holds any window to N per second plus the burst, whatever the arrivals', () => {
    const limit = new CapacityLimit(200);
    // 3000 answers ready at random times over 5 s: three times the capacity.
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const releases = Array.from({ length: 3000 }, () => random() * 5000).sort((a, b) => a - b).map((t) => limit.releaseMs(t));
    for (let from = 0; from < 15_000; from += 250) {
      const n = releases.filter((t) => t >= from && t < from + 1000).length;
      assert.ok(n <= 200 + 2, `${n} answers in [${from}, ${from + 1000}) ms`);
    }
    assert.ok(Math.abs(releases[releases.length - 1] - 15_000) < 20, `last answer at ${releases[releases.length - 1]} ms`);
  });
});
