import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ns } from '../../src/core/units.js';
import { vegetaText } from '../../src/reporters/vegeta-text.js';
import { readVegetaFixture, repeat, sampleLatency, sampleResult, testResult } from './fixtures.js';

const MS = 1_000_000;

/** errorRun: 100 results over 0.99 s, 5 refused connections, 5 server errors, 90 OK. */
function errorRun(errors: string[]) {
  return testResult({
    requests: 100,
    successes: 90,
    earliestNs: ns(0),
    latestNs: ns(990 * MS),
    endNs: ns(995 * MS),
    bytesIn: 540,
    statusCodes: [
      [0, 5],
      [200, 90],
      [500, 5],
    ],
    errors: errors.map((text) => ({ text, count: 5 })),
    latency: sampleLatency([...repeat(2 * MS, 90), ...repeat(10 * MS, 10)]),
  });
}

describe('vegetaText', () => {
  it('matches vegeta byte for byte (samples/vegeta-report.txt)', () => {
    assert.equal(vegetaText(sampleResult()), readVegetaFixture('vegeta-report.txt'));
  });

  it('prints zeros for an empty run, with the 34-wide cell before nothing on line 7', () => {
    const expected = [
      'Requests      [total, rate, throughput]         0, 0.00, 0.00',
      'Duration      [total, attack, wait]             0s, 0s, 0s',
      'Latencies     [min, mean, 50, 90, 95, 99, max]  0s, 0s, 0s, 0s, 0s, 0s, 0s',
      'Bytes In      [total, mean]                     0, 0.00',
      'Bytes Out     [total, mean]                     0, 0.00',
      'Success       [ratio]                           0.00%',
      `Status Codes  [code:count]${' '.repeat(22)}`,
      'Error Set:',
      '',
    ].join('\n');
    assert.equal(vegetaText(testResult()), expected);
  });

  it('prints several codes sorted as strings and the distinct errors in order', () => {
    const refused = 'Get "http://127.0.0.1:8080/": dial tcp 127.0.0.1:8080: connect: connection refused';
    const expected = [
      'Requests      [total, rate, throughput]         100, 101.01, 90.45',
      'Duration      [total, attack, wait]             995ms, 990ms, 5ms',
      'Latencies     [min, mean, 50, 90, 95, 99, max]  2ms, 2.8ms, 2ms, 2ms, 10ms, 10ms, 10ms',
      'Bytes In      [total, mean]                     540, 5.40',
      'Bytes Out     [total, mean]                     0, 0.00',
      'Success       [ratio]                           90.00%',
      'Status Codes  [code:count]                      0:5  200:90  500:5  ',
      'Error Set:',
      refused,
      '500 Internal Server Error',
      '',
    ].join('\n');
    assert.equal(vegetaText(errorRun([refused, '500 Internal Server Error'])), expected);
  });

  it('sorts codes as strings, not numbers', () => {
    const run = testResult({
      requests: 2,
      statusCodes: [
        [200, 1],
        [1000, 1],
      ],
      latency: sampleLatency([MS, MS]),
    });
    assert.match(vegetaText(run), /\[code:count\] {22}1000:1 {2}200:1 {2}\n/);
  });

  it('aligns an error containing a tab as Go tabwriter does (a new block after Error Set:)', () => {
    const text = vegetaText(errorRun(['bad\tthing', 'x']));
    assert.ok(text.endsWith('Error Set:\nbad  thing\nx\n'), text);
  });

  it('uses the duration-0 fallbacks for a single result', () => {
    const run = testResult({
      requests: 1,
      statusCodes: [[200, 1]],
      endNs: ns(1_500_000),
      latency: sampleLatency([1_500_000]),
    });
    const lines = vegetaText(run).split('\n');
    assert.equal(lines[0], 'Requests      [total, rate, throughput]         1, 1.00, 1.00');
    assert.equal(lines[1], 'Duration      [total, attack, wait]             1.5ms, 0s, 1.5ms');
  });
});
