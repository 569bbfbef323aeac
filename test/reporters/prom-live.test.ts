import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import protobuf from 'protobufjs';
import { uncompress } from 'snappyjs';
import { snapshot } from './live-fixture.js';
import { PromExposition } from '../../src/reporters/prom-exposition.js';
import { encodeWriteRequest, k6RemoteSeries } from '../../src/reporters/k6-remote-series.js';
import { parsePrometheusText } from '../../src/results/prometheus-text.js';


describe('PromExposition', () => {
  it('exposes the snapshot: requests by status, errors by kind, gauges and a cumulative histogram', async () => {
    const e = new PromExposition({ testid: 'abc' });
    e.update(snapshot);
    const page = parsePrometheusText(await e.text());
    const value = (name: string, labels: Record<string, string> = {}) =>
      page.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    assert.equal(value('loadgen_requests_total', { protocol: 'http', status: '200', testid: 'abc' }), 290);
    assert.equal(value('loadgen_requests_total', { protocol: 'grpc', status: 'Unavailable' }), 5);
    assert.equal(value('loadgen_errors_total', { kind: 'status' }), 10);
    assert.equal(value('loadgen_in_flight'), 4);
    assert.equal(value('loadgen_target_rate'), 100);
    assert.equal(value('loadgen_request_duration_seconds_bucket', { le: '0.001' }), 100);
    assert.equal(value('loadgen_request_duration_seconds_bucket', { le: '10' }), 300);
    assert.equal(value('loadgen_request_duration_seconds_bucket', { le: '+Inf', testid: 'abc' }), 300);
    assert.equal(value('loadgen_request_duration_seconds_count'), 300);
    assert.ok(Math.abs((value('loadgen_request_duration_seconds_sum') ?? 0) - 1.2) < 1e-9);
    assert.equal(page.types.get('loadgen_request_duration_seconds'), 'histogram');
  });
});

describe('k6 remote write', () => {
  it('names series as k6 does and encodes a snappy-compressed WriteRequest that decodes back', () => {
    const series = k6RemoteSeries(snapshot, { protocol: 'http', tags: { testid: 'abc' } });
    const names = series.map((s) => s.labels.find(([k]) => k === '__name__')?.[1]);
    for (const n of ['k6_http_reqs_total', 'k6_iterations_total', 'k6_http_req_failed_rate', 'k6_http_req_duration_p99', 'k6_data_sent_total', 'k6_dropped_iterations_total']) {
      assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
    }
    const root = protobuf.Root.fromJSON({
      nested: {
        WriteRequest: { fields: { timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 } } },
        TimeSeries: { fields: { labels: { rule: 'repeated', type: 'Label', id: 1 }, samples: { rule: 'repeated', type: 'Sample', id: 2 } } },
        Label: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        Sample: { fields: { value: { type: 'double', id: 1 }, timestamp: { type: 'int64', id: 2 } } },
      },
    });
    const decoded = root.lookupType('WriteRequest').toObject(root.lookupType('WriteRequest').decode(uncompress(encodeWriteRequest(series, 1_700_000_000_123))), { longs: Number }) as {
      timeseries: Array<{ labels: Array<{ name: string; value: string }>; samples: Array<{ value: number; timestamp: number }> }>;
    };
    assert.equal(decoded.timeseries.length, series.length);
    const p99 = decoded.timeseries.find((t) => t.labels.some((l) => l.name === '__name__' && l.value === 'k6_http_req_duration_p99'));
    assert.deepEqual(p99?.samples, [{ value: 0.009, timestamp: 1_700_000_000_123 }]);
    // Labels are sorted by name, as remote write requires.
    for (const t of decoded.timeseries) assert.deepEqual(t.labels.map((l) => l.name), [...t.labels.map((l) => l.name)].sort());
    const ok = decoded.timeseries.find((t) => t.labels.some((l) => l.value === 'k6_http_reqs_total') && t.labels.some((l) => l.name === 'status' && l.value === '200'));
    assert.equal(ok?.samples[0].value, 290);
  });
});
