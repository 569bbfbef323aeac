/**
 * summarize: the derived statistics every reporter formats, as a commented table of numbers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarize } from '../../src/core/summary.js';
import { ns } from '../../src/core/units.js';
import { testResult } from '../reporters/fixtures.js';

test('summarize derives lengths, rates, ratios and means from the counts and offsets', () => {
  // 100 requests sent over 2 s (earliest 0.5 s, latest 2.5 s), last response 0.5 s later; 90 ok, 80 of them 2xx/3xx.
  const r = testResult({
    startUnixNs: 1_000_000_000_000_000_000n,
    requests: 100,
    successes: 90,
    earliestNs: ns(500_000_000),
    latestNs: ns(2_500_000_000),
    endNs: ns(3_000_000_000),
    bytesIn: 1000,
    bytesOut: 250,
    statusCodes: [
      [200, 80],
      [500, 20],
    ],
  });
  const s = summarize(r);
  assert.equal(s.durationNs, 2_000_000_000);
  assert.equal(s.waitNs, 500_000_000);
  assert.equal(s.failures, 10);
  assert.equal(s.successRatio, 0.9);
  assert.equal(s.rate, 50); // 100 / 2 s
  assert.equal(s.throughput, 36); // 90 / 2.5 s
  assert.equal(s.bytesInMean, 10);
  assert.equal(s.bytesOutMean, 2.5);
  assert.equal(s.wall.earliestUnixNs, 1_000_000_000_500_000_000n);
  assert.equal(s.wall.durationNs, 2_000_000_000);
  assert.equal(s.wall.statusSuccesses, 80);
  assert.equal(s.wall.rate, 50);
  assert.equal(s.wall.throughput, 32); // 80 / 2.5 s
});

test('merged runs with a gap: rates over the union of their spans (activeNs), not the hull', () => {
  const r = testResult({ requests: 100, successes: 100, earliestNs: ns(0), latestNs: ns(9e9), endNs: ns(10e9), activeNs: { sending: ns(2e9), total: ns(4e9) } });
  const s = summarize(r);
  assert.equal(s.durationNs, 9e9);
  assert.equal(s.rate, 50);
  assert.equal(s.throughput, 25);
  assert.equal(s.wall.rate, 50);
});

test('no results: every derived number is 0 and rates fall back to the counts, as vegeta does', () => {
  const s = summarize(testResult());
  assert.deepEqual([s.durationNs, s.waitNs, s.failures, s.successRatio, s.rate, s.throughput, s.bytesInMean], [0, 0, 0, 0, 0, 0, 0]);
  assert.equal(s.wall.earliestUnixNs, null);
  assert.equal(s.wall.rate, 0);
});
