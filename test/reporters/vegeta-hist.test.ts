import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ns } from '../../src/core/units.js';
import { UsageError } from '../../src/core/errors.js';
import { histogramCounts, parseHistBuckets, vegetaHist } from '../../src/reporters/vegeta-hist.js';
import { repeat, sampleLatency, testResult } from './fixtures.js';

const MS = 1_000_000;

describe('parseHistBuckets', () => {
  const valid: Array<[spec: string, bounds: number[]]> = [
    ['hist[0,2ms,4ms]', [0, 2 * MS, 4 * MS]],
    ['[0,2ms,4ms]', [0, 2 * MS, 4 * MS]],
    ['  hist[ 0 , 2ms ,4ms ]  ', [0, 2 * MS, 4 * MS]],
    ['[1ms,2ms]', [0, 1 * MS, 2 * MS]], // a 0 bucket goes in front
    ['hist[0]', [0]],
    ['[500us,1.5ms,1s,1m]', [0, 0.5 * MS, 1.5 * MS, 1000 * MS, 60_000 * MS]],
  ];
  for (const [spec, bounds] of valid) {
    it(`reads ${JSON.stringify(spec)}`, () => assert.deepEqual(parseHistBuckets(spec), bounds));
  }

  const invalid: Array<[spec: string, why: RegExp]> = [
    ['hist', /brackets/],
    ['0,2ms', /brackets/],
    ['hist[0,2ms', /brackets/],
    ['[]', /missing/],
    ['[0,,2ms]', /missing/],
    ['[0,2xs]', /"2xs" is not a duration/],
    ['[0,2]', /"2" is not a duration/], // Go rejects a bare number other than 0
    ['[4ms,2ms]', /ascending.*2ms follows 4ms/],
    ['[0,2ms,2ms]', /ascending/],
    ['[-1ms,2ms]', /negative/],
  ];
  for (const [spec, why] of invalid) {
    it(`rejects ${JSON.stringify(spec)}`, () => {
      assert.throws(
        () => parseHistBuckets(spec, '--type'),
        (err: unknown) => {
          assert.ok(err instanceof UsageError);
          assert.match(err.message, why);
          assert.match(err.message, /^--type: invalid buckets /);
          assert.match(err.message, /e\.g\. hist\[0,2ms,4ms\]/);
          assert.ok(!err.message.includes('\n'));
          return true;
        },
      );
    });
  }
});

describe('histogramCounts', () => {
  it('puts a latency equal to a bound in the bucket that starts there', () => {
    const latency = sampleLatency([0, 2 * MS - 1, 2 * MS, 4 * MS, 9 * MS]);
    assert.deepEqual(histogramCounts(latency, [ns(0), ns(2 * MS), ns(4 * MS)]), [2, 1, 2]);
  });
  it('gives a single bucket everything', () => {
    assert.deepEqual(histogramCounts(sampleLatency([1, 2, 3]), [ns(0)]), [3]);
  });
});

describe('vegetaHist', () => {
  const run = testResult({
    requests: 100,
    statusCodes: [[200, 100]],
    latency: sampleLatency([...repeat(1 * MS, 10), ...repeat(3 * MS, 80), ...repeat(5 * MS, 10)]),
  });

  it('renders the spec 6 example (counts 10/80/10) with a +Inf last bucket', () => {
    const expected = [
      'Bucket         #   %       Histogram',
      '[0s,    2ms]   10  10.00%  #######',
      `[2ms,   4ms]   80  80.00%  ${'#'.repeat(60)}`,
      '[4ms,   +Inf]  10  10.00%  #######',
      '',
    ].join('\n');
    assert.equal(vegetaHist(run, parseHistBuckets('hist[0,2ms,4ms]')), expected);
  });

  it('prints bounds without vegeta rounding and leaves trailing padding when the bar is empty', () => {
    const expected = [
      'Bucket                 #   %       Histogram',
      '[0s,        1.2345ms]  10  10.00%  #######',
      `[1.2345ms,  +Inf]      90  90.00%  ${'#'.repeat(67)}`,
      '',
    ].join('\n');
    assert.equal(vegetaHist(run, [ns(0), ns(1_234_500)]), expected);
    const empty = vegetaHist(run, [ns(0), ns(1 * MS), ns(10 * MS)]).split('\n');
    assert.equal(empty[3], '[10ms,  +Inf]  0    0.00%    ');
  });

  it('shows 0.00% and no bars for an empty run (vegeta panics there)', () => {
    const text = vegetaHist(testResult(), [ns(0), ns(2 * MS)]);
    assert.equal(text, 'Bucket         #  %      Histogram\n[0s,    2ms]   0  0.00%  \n[2ms,   +Inf]  0  0.00%  \n');
  });
});
