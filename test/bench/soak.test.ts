import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countProblems, rssStats, type SoakRun } from '../../bench/soak/soak.js';
import { fmtValue } from '../../bench/lib/figures.js';

const exact: SoakRun = { seconds: 60, rateHz: 5000, schedule: 300_000, recorded: 299_990, dropped: 10, failures: 0, served: 299_990, seriesTotal: 299_990, achievedRate: 4999.8, peakRssMb: 80, rssMb: [70] };

test('a soak whose counts add up has no problem; each mismatch is named with both numbers', () => {
  assert.deepEqual(countProblems(exact), []);
  assert.deepEqual(countProblems({ ...exact, served: 299_991 }), ['loadgen recorded 299990 requests, the target served 299991']);
  assert.deepEqual(countProblems({ ...exact, dropped: 0 }), ['recorded 299990 + dropped 0 != schedule 300000']);
  assert.deepEqual(countProblems({ ...exact, seriesTotal: 299_000 }), ['the per-second series adds up to 299000, not 299990']);
});

test('RSS stats: first, min, max, last, and growth from the sample at 60 s to the last', () => {
  // Samples every 10 s: the sixth is minute 1.
  const s = rssStats([72, 70, 71, 73, 74, 75, 76, 78, 80, 82.5]);
  assert.deepEqual({ first: s.first, min: s.min, max: s.max, last: s.last, atMinute1: s.atMinute1 }, { first: 72, min: 70, max: 82.5, last: 82.5, atMinute1: 75 });
  assert.equal(s.growthPct.toFixed(6), '10.000000');
  // A run shorter than a minute measures growth from its last sample: none.
  assert.equal(rssStats([60, 61]).growthPct, 0);
});

test('counts print as whole numbers, other small values with decimals', () => {
  assert.equal(fmtValue(0, 'req'), '0');
  assert.equal(fmtValue(12, 'calls'), '12');
  assert.equal(fmtValue(12, 'MB'), '12.00');
});
