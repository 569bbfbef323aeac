/**
 * find-max's search as tables: given a capacity, a simulated target passes every rate up to it;
 * the probes double from the start rate, then bisect, and the answer is within the precision.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foundRate, nextProbe, type SearchOptions, type SearchStep } from '../../src/plan/find-max-search.js';

/** search runs the whole search against a target that passes rates <= capacity. */
function search(capacity: number, o: SearchOptions): { probes: number[]; found: number | null } {
  const steps: SearchStep[] = [];
  for (let r = nextProbe(steps, o); r !== null; r = nextProbe(steps, o)) {
    steps.push({ rateHz: r, pass: r <= capacity });
    if (steps.length > 50) throw new Error('search does not end');
  }
  return { probes: steps.map((s) => s.rateHz), found: foundRate(steps) };
}

describe('find-max search', () => {
  const o = { startHz: 100, maxHz: 5000, precision: 0.05 };
  it('doubles until a miss, then bisects to the precision', () => {
    assert.deepEqual(search(400, o), { probes: [100, 200, 400, 800, 600, 500, 450, 425, 413], found: 400 });
  });
  it('ends within the precision of the capacity for any capacity', () => {
    for (const capacity of [101, 137, 333, 999, 1234, 4321]) {
      const { found } = search(capacity, o);
      assert.ok(found !== null && found <= capacity && found >= capacity / (1 + o.precision) - 1, `capacity ${capacity}: found ${found}`);
    }
  });
  it('stops at the max rate when it passes, and says so by finding it', () => {
    assert.deepEqual(search(10_000, { startHz: 100, maxHz: 700, precision: 0.05 }), { probes: [100, 200, 400, 700], found: 700 });
  });
  it('finds nothing when the start rate already misses', () => {
    assert.deepEqual(search(50, o), { probes: [100], found: null });
  });
  it('a noisy pass above a miss does not count: the answer stays below every miss', () => {
    const steps: SearchStep[] = [
      { rateHz: 100, pass: true },
      { rateHz: 200, pass: false },
      { rateHz: 150, pass: true },
      { rateHz: 175, pass: false },
    ];
    assert.equal(nextProbe(steps, o), 163);
    assert.equal(foundRate([...steps, { rateHz: 250, pass: true }]), 150);
  });
});
