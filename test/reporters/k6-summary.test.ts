import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { K6_CHECK_NAME, k6Summary } from '../../src/reporters/k6-summary.js';
import { parseSlo } from '../../src/plan/slo-grammar.js';
import { judgeSlos } from '../../src/results/slo-judge.js';
import { readFixture } from './fixtures.js';
import { judgedResult, judgedVerdicts } from './judged-run.js';

type Doc = {
  root_group: { name: string; path: string; id: string; groups: object; checks: Record<string, { name: string; path: string; id: string; passes: number; fails: number }> };
  metrics: Record<string, Record<string, unknown> & { thresholds?: Record<string, boolean> }>;
};

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

describe('k6Summary (k6 --summary-export, legacy shape)', () => {
  const result = judgedResult();
  const text = k6Summary(result, judgedVerdicts(result), { checked: true });
  const doc = JSON.parse(text) as Doc;

  it('matches the committed golden document byte for byte', () => {
    assert.equal(text, readFixture('k6', 'summary-export.json').replace(/\n$/, ''));
  });

  it('is JSON indented by 4 spaces with only root_group and metrics at the top', () => {
    assert.equal(text, JSON.stringify(doc, null, 4));
    assert.deepEqual(Object.keys(doc), ['root_group', 'metrics']);
  });

  it('has the root group and one check keyed by name, ids the md5 of their paths', () => {
    const { root_group: root } = doc;
    assert.deepEqual([root.name, root.path, root.id], ['', '', 'd41d8cd98f00b204e9800998ecf8427e']);
    assert.deepEqual(root.groups, {});
    assert.deepEqual(root.checks[K6_CHECK_NAME], {
      name: K6_CHECK_NAME,
      path: `::${K6_CHECK_NAME}`,
      id: md5(`::${K6_CHECK_NAME}`),
      passes: 990,
      fails: 10,
    });
  });

  it('writes the Trend in float ms under k6 default summaryTrendStats keys', () => {
    const trend = doc.metrics.http_req_duration;
    assert.deepEqual(Object.keys(trend), ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'thresholds']);
    assert.equal(trend.avg, 1.241);
    assert.equal(trend['p(90)'], 1.361);
  });

  it('writes Rates as {passes, fails, value}: http_req_failed passes are the failed requests', () => {
    assert.deepEqual({ ...doc.metrics.http_req_failed, thresholds: undefined }, { passes: 10, fails: 990, value: 0.01, thresholds: undefined });
    assert.deepEqual({ ...doc.metrics.checks }, { passes: 990, fails: 10, value: 0.99 });
  });

  it('writes Counters as {count, rate} per second of the run', () => {
    assert.deepEqual({ ...doc.metrics.http_reqs, thresholds: undefined }, { count: 1000, rate: 100, thresholds: undefined });
    assert.deepEqual(doc.metrics.data_received, { count: 239000, rate: 23900 });
    assert.equal(doc.metrics.iterations.count, 1000);
  });

  it('puts each verdict on the metric it measures, keyed by the user text, true meaning failed', () => {
    assert.deepEqual(doc.metrics.http_req_duration.thresholds, { 'p(95)<500': false, 'p99<=1ms': true, 'http/latency-mean<=50': false });
    assert.deepEqual(doc.metrics.http_req_failed.thresholds, { 'rate<0.005': true, 'http/error-count<=0': true });
    assert.deepEqual(doc.metrics.http_reqs.thresholds, { 'rps>=90': false });
    assert.deepEqual(doc.metrics.dropped_iterations.thresholds, { 'dropped==0': true });
    assert.equal(doc.metrics.vus, undefined, 'open loop: no VUs');
  });
});

describe('k6Summary for a gRPC closed-loop run', () => {
  const base = judgedResult({ dropped: 0 });
  const result = { ...base, meta: { ...base.meta, protocol: 'grpc' as const, mode: 'closed' as const, rateHz: null, vus: 5 } };

  it('names the Trend grpc_req_duration, has no http_ metrics, and VU gauges', () => {
    const doc = JSON.parse(k6Summary(result, [], { checked: false })) as Doc;
    assert.deepEqual(Object.keys(doc.metrics), ['data_received', 'data_sent', 'grpc_req_duration', 'iterations', 'vus', 'vus_max']);
    assert.deepEqual(doc.metrics.vus, { value: 5, min: 5, max: 5 });
    assert.deepEqual(doc.root_group.checks, {});
  });

  it('puts an error-rate objective on a status check, as gRPC runs have no http_req_failed', () => {
    const doc = JSON.parse(k6Summary(result, judgeSlos([parseSlo('error-rate<2%')], result), { checked: false })) as Doc;
    assert.deepEqual(doc.metrics.checks, { passes: 990, fails: 10, value: 0.99, thresholds: { 'error-rate<2%': false } });
    assert.equal(doc.root_group.checks['status is OK'].id, md5('::status is OK'));
  });
});

describe('k6Summary options', () => {
  const result = judgedResult();

  it('takes summaryTrendStats, p(99.9) and count included, and refuses unknown ones', () => {
    const doc = JSON.parse(k6Summary(result, [], { checked: false, trendStats: ['avg', 'p(99)', 'p(99.9)', 'count'] })) as Doc;
    assert.deepEqual(doc.metrics.http_req_duration, { avg: 1.241, 'p(99)': 1.747, 'p(99.9)': 4.247, count: 1000 });
    assert.throws(() => k6Summary(result, [], { checked: false, trendStats: ['p95'] }), /summaryTrendStats: "p95"/);
  });

});
