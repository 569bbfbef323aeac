import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseK6Threshold, parseSlo } from '../../src/plan/slo-grammar.js';
import { UsageError } from '../../src/core/errors.js';

describe('parseSlo', () => {
  // text -> [metric, op, limit in the metric's unit]
  const table: Array<[string, object, string, number]> = [
    ['p99<=250ms', { kind: 'latency', population: 'service', stat: 'percentile', q: 0.99 }, '<=', 250e6],
    ['p(99.9) < 1s', { kind: 'latency', population: 'service', stat: 'percentile', q: 0.999 }, '<', 1e9],
    ['mean<=100ms', { kind: 'latency', population: 'service', stat: 'mean', q: 0 }, '<=', 100e6],
    ['median<20', { kind: 'latency', population: 'service', stat: 'percentile', q: 0.5 }, '<', 20e6], // bare number = ms
    ['response.p99<=300ms', { kind: 'latency', population: 'response', stat: 'percentile', q: 0.99 }, '<=', 300e6],
    ['error-rate<0.1%', { kind: 'error-rate' }, '<', 0.001],
    ['error-rate<0.01', { kind: 'error-rate' }, '<', 0.01],
    ['success-rate>=99.9%', { kind: 'success-rate' }, '>=', 0.999],
    ['errors==0', { kind: 'error-count' }, '==', 0],
    ['rps>=450', { kind: 'rps' }, '>=', 450],
    ['throughput>400.5', { kind: 'throughput' }, '>', 400.5],
    ['dropped===0', { kind: 'dropped' }, '==', 0],
    // Iter8's names as they are: latencies in msec.
    ['http/latency-mean<=50', { kind: 'latency', population: 'service', stat: 'mean', q: 0 }, '<=', 50e6],
    ['http/latency-p99.9<=100', { kind: 'latency', population: 'service', stat: 'percentile', q: 0.999 }, '<=', 100e6],
    ['http/latency-p95.0<=100', { kind: 'latency', population: 'service', stat: 'percentile', q: 0.95 }, '<=', 100e6],
    ['http/error-count<=0', { kind: 'error-count' }, '<=', 0],
    ['http-ep1/error-rate<=0.01', { kind: 'error-rate' }, '<=', 0.01],
    ['grpc/latency/p95<=20', { kind: 'latency', population: 'service', stat: 'percentile', q: 0.95 }, '<=', 20e6],
    ['grpc/request-count>=100', { kind: 'request-count' }, '>=', 100],
  ];
  for (const [text, metric, op, limit] of table) {
    it(`reads ${text}`, () => {
      const slo = parseSlo(text);
      assert.deepEqual(slo.metric, metric);
      assert.equal(slo.op, op);
      assert.ok(Math.abs(slo.limit - limit) < 1e-9 * Math.max(1, limit), `${slo.limit} vs ${limit}`);
      assert.equal(slo.text, text);
    });
  }

  for (const [text, message] of [
    ['p99', /write METRIC OP VALUE/],
    ['p101<=1ms', /unknown metric "p101"/],
    ['latncy<=1ms', /unknown metric "latncy"/],
    ['rps>=10%', /percentages are for rates/],
    ['error-rate<lots', /not a rate such as 0.1%/],
    ['p99<=soon', /invalid duration "soon"/],
  ] as const) {
    it(`refuses ${text} with one line`, () => {
      assert.throws(() => parseSlo(text), (e: unknown) => e instanceof UsageError && message.test(e.message) && !e.message.includes('\n'));
    });
  }
});

describe('parseK6Threshold', () => {
  it('reads trend, rate and counter aggregations in k6 units (ms)', () => {
    assert.deepEqual(parseK6Threshold('http_req_duration', 'p(95)<500', 'k6').metric, { kind: 'latency', population: 'service', stat: 'percentile', q: 0.95 });
    assert.equal(parseK6Threshold('http_req_duration', 'p(95)<500', 'k6').limit, 500e6);
    assert.equal(parseK6Threshold('grpc_req_duration', 'avg<20', 'k6').limit, 20e6);
    assert.deepEqual(parseK6Threshold('http_req_failed', 'rate<0.01', 'k6').metric, { kind: 'error-rate' });
    assert.deepEqual(parseK6Threshold('http_reqs', 'rate>100', 'k6').metric, { kind: 'rps' });
    assert.deepEqual(parseK6Threshold('checks', 'rate>0.99', 'k6').metric, { kind: 'success-rate' });
    const abort = parseK6Threshold('http_req_duration', 'med<=10', 'k6', { abortOnFail: true, delayAbortNs: 5e9 });
    assert.equal(abort.abortOnFail, true);
    assert.equal(abort.delayAbortNs, 5e9);
  });

  it('refuses an unknown metric or an aggregation the metric type lacks, as k6 does before the test', () => {
    assert.throws(() => parseK6Threshold('http_req_durations', 'p(95)<500', 'k6.json'), /unknown metric "http_req_durations"/);
    assert.throws(() => parseK6Threshold('http_req_failed', 'p(95)<500', 'k6.json'), /no aggregation "p\(95\)"; use rate/);
    assert.throws(() => parseK6Threshold('http_req_duration', 'p95<500', 'k6.json'), /no aggregation "p95"/);
    assert.throws(() => parseK6Threshold('http_req_duration', 'p(95)<500ms', 'k6.json'), /needs a number/);
  });
});

describe('k6Thresholds', () => {
  it("reads k6's options object or the bare map, with abortOnFail and delayAbortEval", async () => {
    const { k6Thresholds } = await import('../../src/plan/k6-thresholds.js');
    const slos = k6Thresholds(
      { thresholds: { http_req_duration: ['p(95)<500', { threshold: 'p(99)<1500', abortOnFail: true, delayAbortEval: '10s' }], http_req_failed: ['rate<0.01'] } },
      'k6.json',
    );
    assert.deepEqual(slos.map((s) => [s.text, s.abortOnFail, s.delayAbortNs]), [
      ['http_req_duration: p(95)<500', false, 0],
      ['http_req_duration: p(99)<1500', true, 10e9],
      ['http_req_failed: rate<0.01', false, 0],
    ]);
    assert.equal(k6Thresholds({ checks: ['rate>0.99'] }, 'k6.json')[0].metric.kind, 'success-rate');
    assert.throws(() => k6Thresholds({ http_req_duration: 'p(95)<500' }, 'k6.json'), /must be a list/);
    assert.throws(() => k6Thresholds({ http_req_duration: [{ abortOnFail: true }] }, 'k6.json'), /is a string or/);
  });
});
