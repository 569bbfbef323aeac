import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ns } from '../../src/core/units.js';
import { vegetaJson, vegetaMetrics } from '../../src/reporters/vegeta-json.js';
import { readVegetaFixture, repeat, sampleLatency, sampleResult, SAMPLE_EARLIEST_UNIX_NS, testResult } from './fixtures.js';

// The sample was written in UTC; times are formatted in the local zone, as vegeta does.
process.env.TZ = 'UTC';

const MS = 1_000_000;

describe('vegetaJson', () => {
  it('matches vegeta byte for byte (samples/vegeta-report.json)', () => {
    assert.equal(vegetaJson(sampleResult()), readVegetaFixture('vegeta-report.json'));
  });

  it('writes the empty-input form (spec 4.3)', () => {
    const expected =
      '{"latencies":{"total":0,"mean":0,"50th":0,"90th":0,"95th":0,"99th":0,"max":0,"min":0},' +
      '"bytes_in":{"total":0,"mean":0},"bytes_out":{"total":0,"mean":0},' +
      '"earliest":"0001-01-01T00:00:00Z","latest":"0001-01-01T00:00:00Z","end":"0001-01-01T00:00:00Z",' +
      '"duration":0,"wait":0,"requests":0,"rate":0,"throughput":0,"success":0,"status_codes":{},"errors":[]}\n';
    assert.equal(vegetaJson(testResult()), expected);
  });

  it('sorts status codes as strings and lists distinct errors in first-seen order, escaped', () => {
    const run = testResult({
      startUnixNs: SAMPLE_EARLIEST_UNIX_NS,
      requests: 100,
      earliestNs: ns(0),
      latestNs: ns(990 * MS),
      endNs: ns(995 * MS),
      bytesIn: 540,
      bytesOut: 3,
      statusCodes: [
        [0, 4],
        [200, 90],
        [404, 1],
        [500, 5],
      ],
      errors: [
        { text: 'dial tcp: connection refused', count: 4 },
        { text: '<html> & 500 Internal Server Error', count: 5 },
      ],
      latency: sampleLatency([...repeat(2 * MS, 90), ...repeat(10 * MS, 10)]),
    });
    const json = vegetaJson(run);
    assert.ok(json.endsWith('\n') && !json.endsWith('\n\n'));
    assert.ok(
      json.includes(
        '"status_codes":{"0":4,"200":90,"404":1,"500":5},' +
          '"errors":["dial tcp: connection refused","\\u003chtml\\u003e \\u0026 500 Internal Server Error"]}',
      ),
      json,
    );
    const parsed = JSON.parse(json);
    assert.equal(parsed.duration, 990 * MS);
    assert.equal(parsed.wait, 5 * MS);
    assert.equal(parsed.rate, 100 / 0.99);
    assert.equal(parsed.throughput, 90 / 0.995);
    assert.equal(parsed.success, 0.9);
    assert.equal(parsed.bytes_in.mean, 5.4);
    assert.equal(parsed.bytes_out.mean, 0.03);
    assert.equal(parsed.latest, '2026-11-21T18:17:34.021151354Z');
    assert.deepEqual(parsed.latencies, {
      total: 280 * MS,
      mean: 2.8 * MS,
      '50th': 2 * MS,
      '90th': 2 * MS,
      '95th': 10 * MS,
      '99th': 10 * MS,
      max: 10 * MS,
      min: 2 * MS,
    });
  });

  it('puts "1000" before "200" (string order)', () => {
    const run = testResult({
      requests: 2,
      statusCodes: [
        [200, 1],
        [1000, 1],
      ],
      latency: sampleLatency([MS, MS]),
    });
    assert.ok(vegetaJson(run).includes('"status_codes":{"1000":1,"200":1}'));
  });

  it('adds buckets between latencies and bytes_in, in bucket order', () => {
    const run = testResult({
      requests: 100,
      statusCodes: [[200, 100]],
      latency: sampleLatency([...repeat(1 * MS, 10), ...repeat(3 * MS, 80), ...repeat(5 * MS, 10)]),
    });
    const json = vegetaJson(run, [ns(0), ns(2 * MS), ns(4 * MS)]);
    assert.match(json, /"min":1000000},"buckets":\{"0":10,"2000000":80,"4000000":10\},"bytes_in":/);
    const wide = vegetaJson(run, [ns(0), ns(2 * MS), ns(5_000_000_000)]);
    assert.ok(wide.includes('"buckets":{"0":10,"2000000":90,"5000000000":0}'), wide);
  });

  it('omits buckets unless asked', () => {
    assert.ok(!vegetaJson(sampleResult()).includes('buckets'));
  });

  it('truncates the mean and uses the duration-0 fallbacks', () => {
    const run = testResult({
      requests: 3,
      statusCodes: [
        [200, 2],
        [503, 1],
      ],
      endNs: ns(7),
      latency: sampleLatency([1, 2, 4]),
    });
    const m = vegetaMetrics(run);
    assert.equal(m.meanNs, 2); // 7/3 truncated
    assert.equal(m.rate, 3); // duration 0: rate = requests
    assert.equal(m.throughput, 2); // and throughput = successes
    assert.equal(m.durationNs, 0);
    assert.equal(m.waitNs, 7);
  });
});
