/** The roll-up's small rules: Howitzer's `date` lines and each run's SLO result. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { dateLine, sloResult, type SweepOutcome } from '../../src/reporters/sweep-summary.js';
import { testResult } from './fixtures.js';

it('dateLine prints the time as `date` does in UTC (day of month padded with a space)', () => {
  assert.equal(dateLine(Date.UTC(2026, 11, 3, 13, 38, 36)), 'Thu Dec  3 13:38:36 UTC 2026');
  assert.equal(dateLine(Date.UTC(2024, 1, 29, 0, 0, 9)), 'Thu Feb 29 00:00:09 UTC 2024');
});

it('sloResult: pass, fail, - without objectives, error for a run that did not finish', () => {
  const base: SweepOutcome = { id: '001-a_0', name: 'a_0', command: 'loadgen infer', swept: {}, testConfig: {}, startUnixMs: 0, endUnixMs: 0, status: 'passed', error: null, result: testResult() };
  const verdict = (pass: boolean) => ({ slo: { text: 'p99<=1ms' }, pass, value: 1 }) as never;
  assert.equal(sloResult(base), '-');
  assert.equal(sloResult({ ...base, result: { ...testResult(), slos: [verdict(true)] } }), 'pass');
  assert.equal(sloResult({ ...base, status: 'failed', result: { ...testResult(), slos: [verdict(true), verdict(false)] } }), 'fail');
  assert.equal(sloResult({ ...base, status: 'error', error: 'boom', result: null }), 'error');
});
