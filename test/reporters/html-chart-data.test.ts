/**
 * chartData's columns: per-second rates over the part of each second the run was sending, gaps
 * where a second has no results, and the percentile curve at 1/(1-q).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chartData, CURVE_NINES } from '../../src/reporters/html/chart-data.js';
import { ns } from '../../src/core/units.js';
import type { SecondStats } from '../../src/core/run-result.js';
import { sampleLatency, testResult } from './fixtures.js';

const MS = 1e6;

function second(s: number, requests: number, errors: number, p50Ms: number): SecondStats {
  return { second: s, requests, errors, p50Ns: ns(p50Ms * MS), p90Ns: ns(2 * p50Ms * MS), p99Ns: ns(3 * p50Ms * MS) };
}

describe('chartData', () => {
  it('divides each second by the part of it the run was sending; a sliver gets no rate', () => {
    // 100/s from 0.5 s to 3.0 s: half of second 0, seconds 1 and 2 whole, nothing in second 3 but
    // the one request at 3.000 s; no results at all in second 1 (a stall).
    const result = testResult({
      earliestNs: ns(500 * MS),
      latestNs: ns(3000 * MS),
      series: [second(0, 50, 0, 1), second(2, 100, 5, 2), second(3, 1, 0, 1)],
    });
    const [run] = chartData([{ label: 'r', result }]).runs;
    assert.deepEqual(run.throughput, [
      [0.5, 1.5, 2.5, 3.5],
      [100, 0, 100, null],
      [0, 0, 5, null],
    ]);
    assert.deepEqual(run.latencyLines, [
      [0.5, 1.5, 2.5, 3.5],
      [1, null, 2, 1],
      [2, null, 4, 2],
      [3, null, 6, 3],
    ]);
    assert.equal(run.points, null);
  });

  it('shows the counts of a run shorter than a quarter second as they are', () => {
    const result = testResult({ earliestNs: ns(0), latestNs: ns(100 * MS), series: [second(0, 20, 1, 1)] });
    assert.deepEqual(chartData([{ label: 'r', result }]).runs[0].throughput, [[0.5], [20], [1]]);
  });

  it('reads the percentile curve at q = 1 - 1/x for x from 1 to 10^5, in ms', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i + 1) * MS);
    const result = testResult({ latency: sampleLatency(values), responseTime: null });
    const data = chartData([{ label: 'r', result }]);
    assert.equal(CURVE_NINES.length, 51);
    assert.deepEqual([CURVE_NINES[0], CURVE_NINES[10], CURVE_NINES[20], CURVE_NINES[50]], [1, 10, 100, 100000]);
    const curve = data.runs[0].curve;
    // q = 0 is the minimum, q = 0.9 the 900th value, q = 0.99 the 990th, q = 0.99999 the last.
    assert.deepEqual([curve.service[0], curve.service[10], curve.service[20], curve.service[50]], [1, 900, 990, 1000]);
    assert.equal(curve.response, null);
  });
});
