import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeSlos } from '../../src/results/slo-judge.js';
import { parseSlo } from '../../src/plan/slo-grammar.js';
import { sloTable } from '../../src/reporters/slo-table.js';
import { ns } from '../../src/core/units.js';
import { repeat, sampleLatency, testResult } from '../reporters/fixtures.js';

// 1000 requests over 2 s, 10 failed; service time 1 ms for 990 and 50 ms for 10.
const result = testResult({
  requests: 1000,
  successes: 990,
  earliestNs: ns(0),
  latestNs: ns(2e9),
  endNs: ns(2e9),
  latency: sampleLatency([...repeat(1e6, 990), ...repeat(50e6, 10)]),
});

describe('judgeSlos', () => {
  it('measures each objective in its unit and compares', () => {
    const verdicts = judgeSlos(
      ['p99<=2ms', 'p99.5<=2ms', 'error-rate<=1%', 'error-rate<1%', 'rps>=500', 'errors<=9', 'response.p99<=1s'].map((t) => parseSlo(t)),
      result,
    );
    assert.deepEqual(
      verdicts.map((v) => [v.slo.text, v.measured, v.pass]),
      [
        ['p99<=2ms', 1e6, true],
        ['p99.5<=2ms', 50e6, false],
        ['error-rate<=1%', 0.01, true],
        ['error-rate<1%', 0.01, false],
        ['rps>=500', 500, true],
        ['errors<=9', 10, false],
        // No response time in this run: a missing value fails, as in Iter8.
        ['response.p99<=1s', null, false],
      ],
    );
  });

  it('has no latency or rate for a run without requests, so those objectives fail', () => {
    const [p, e, n] = judgeSlos(['p99<=1s', 'error-rate<1%', 'requests==0'].map((t) => parseSlo(t)), testResult());
    assert.deepEqual([p.pass, e.pass, n.pass], [false, false, true]);
  });
});

describe('sloTable', () => {
  it('shows metric, objective, measured and result, and counts the failures', () => {
    const table = sloTable(judgeSlos(['p99<=2ms', 'error-rate<1%', 'response.p99<=1s'].map((t) => parseSlo(t)), result));
    assert.equal(
      table,
      [
        'SLO           objective  measured  result',
        'p99           <= 2ms     1ms       pass',
        'error-rate    < 1.00%    1.00%     FAIL',
        'response.p99  <= 1s      no value  FAIL',
        '2 of 3 SLOs failed',
        '',
      ].join('\n'),
    );
  });
});
