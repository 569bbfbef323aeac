/**
 * isStable on synthetic windows: perf_analyzer's rule (the last 3 windows each within ±tolerance
 * of their mean, on throughput and on the chosen latency), as a table.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStable, type StabilityPoint } from '../../src/results/stability-rule.js';
import type { StabilityMetric } from '../../src/plan/range-plan.js';

/** w is a window: throughput (1/s) and mean, p50, p99 in ms. */
function w(throughputRps: number, meanMs: number, p50Ms = meanMs, p99Ms = meanMs, requests = Math.round(throughputRps)): StabilityPoint {
  return { requests, throughputRps, meanNs: meanMs * 1e6, p50Ns: p50Ms * 1e6, p99Ns: p99Ms * 1e6 };
}

describe('isStable', () => {
  const cases: Array<[name: string, windows: StabilityPoint[], metric: StabilityMetric, tolerance: number, stable: boolean]> = [
    ['fewer than 3 windows: not yet', [w(100, 5), w(100, 5)], 'mean', 0.1, false],
    ['3 identical windows', [w(100, 5), w(100, 5), w(100, 5)], 'mean', 0.1, true],
    ['within ±10 % of the mean on both', [w(95, 5.2), w(100, 5), w(105, 4.8)], 'mean', 0.1, true],
    // mean of 100, 100, 125 is 108.3: 125 is 15.4 % above it.
    ['throughput off by more than 10 %', [w(100, 5), w(100, 5), w(125, 5)], 'mean', 0.1, false],
    ['latency off by more than 10 %', [w(100, 5), w(100, 5), w(100, 6.5)], 'mean', 0.1, false],
    ['only the last 3 count: a slow start is forgotten', [w(40, 50), w(80, 20), w(100, 5), w(101, 5.1), w(99, 4.9)], 'mean', 0.1, true],
    ['a queue growing past capacity: latency climbs', [w(150, 100), w(150, 200), w(150, 300)], 'mean', 0.1, false],
    ['p99 jumps while mean holds: stable on mean', [w(100, 5, 5, 10), w(100, 5, 5, 30), w(100, 5, 5, 10)], 'mean', 0.1, true],
    ['p99 jumps while mean holds: not on p99', [w(100, 5, 5, 10), w(100, 5, 5, 30), w(100, 5, 5, 10)], 'p99', 0.1, false],
    ['p50 steady, mean skewed by a tail', [w(100, 5, 4), w(100, 9, 4.1), w(100, 5, 4)], 'p50', 0.1, true],
    ['a wider tolerance accepts more', [w(100, 5), w(100, 5), w(125, 5)], 'mean', 0.2, true],
    ['a window without results is never stable', [w(0, 0, 0, 0, 0), w(0, 0, 0, 0, 0), w(0, 0, 0, 0, 0)], 'mean', 0.1, false],
  ];
  for (const [name, windows, metric, tolerance, stable] of cases) {
    it(name, () => assert.equal(isStable(windows, tolerance, metric), stable));
  }
});
