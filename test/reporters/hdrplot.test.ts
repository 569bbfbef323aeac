import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HDRPLOT_QUANTILES, hdrplot } from '../../src/reporters/hdrplot.js';
import { sampleLatency, testResult } from './fixtures.js';

const MS = 1_000_000;

/** run100 has latencies 1 ms, 2 ms, ..., 100 ms (nearest-rank quantiles in the double). */
const run100 = testResult({
  requests: 100,
  statusCodes: [[200, 100]],
  latency: sampleLatency(Array.from({ length: 100 }, (_, i) => (i + 1) * MS)),
});

describe('hdrplot', () => {
  it('has vegeta 94 quantiles, ascending from 0 to 1', () => {
    assert.equal(HDRPLOT_QUANTILES.length, 94);
    assert.equal(HDRPLOT_QUANTILES[0], 0);
    assert.equal(HDRPLOT_QUANTILES[93], 1);
    for (let i = 1; i < 94; i++) assert.ok(HDRPLOT_QUANTILES[i] > HDRPLOT_QUANTILES[i - 1]);
  });

  it('writes a header and 94 rows', () => {
    const lines = hdrplot(run100).split('\n');
    assert.equal(lines.length, 96); // header + 94 rows + the empty string after the last \n
    assert.equal(lines[95], '');
    assert.equal(lines[0], 'Value(ms)   Percentile  TotalCount  1/(1-Percentile)');
  });

  it('formats each row as %f, %f, %d, %f', () => {
    const lines = hdrplot(run100).split('\n');
    assert.equal(lines[1], '1.000000    0.000000    0           1.000000');
    assert.equal(lines[6], '50.000000   0.500000    50          2.000000');
    assert.equal(lines[18], '90.000000   0.900000    90          10.000000'); // 1/(1-0.9) = 9.999999999999998
    assert.equal(lines[34], '99.000000   0.989062    99          91.424392'); // int(98.9062 + 0.5) = 99
    assert.equal(lines[94], '100.000000  1.000000    100         10000000.000000');
  });

  it('keeps sub-millisecond digits of the value', () => {
    const run = testResult({ requests: 1, latency: sampleLatency([1_234_567]) });
    assert.match(hdrplot(run).split('\n')[1], /^1\.234567 {2}/);
  });

  it('prints zeros for an empty run', () => {
    const lines = hdrplot(testResult()).split('\n');
    assert.equal(lines.length, 96);
    assert.equal(lines[1], '0.000000   0.000000    0           1.000000');
    assert.equal(lines[94], '0.000000   1.000000    0           10000000.000000');
  });
});
