import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { parsePrometheusText } from '../../src/results/prometheus-text.js';
import { serverView } from '../../src/results/server-view.js';
import { scrapeServerMetrics, ScrapeError } from '../../src/engine/server-scrape.js';
import { serverViewText } from '../../src/reporters/server-view-text.js';
import { parseLatencyModel } from '../../src/servers/latency-model.js';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';

describe('parsePrometheusText', () => {
  it('reads samples with labels, escapes, special values and timestamps; keeps declared types', () => {
    const page = parsePrometheusText(
      [
        '# HELP up whether up',
        '# TYPE nv_inference_request_success counter',
        'nv_inference_request_success{model="iris",version="1"} 42',
        'odd{path="a\\"b\\\\c\\nd"} +Inf 1700000000000',
        'gone NaN',
        'plain 3.5e2',
        'broken{x=1} 2',
        '',
      ].join('\n'),
    );
    assert.deepEqual(page.samples.map((s) => [s.name, s.labels, s.value]), [
      ['nv_inference_request_success', { model: 'iris', version: '1' }, 42],
      ['odd', { path: 'a"b\\c\nd' }, Infinity],
      ['gone', {}, NaN],
      ['plain', {}, 350],
    ]);
    assert.equal(page.types.get('nv_inference_request_success'), 'counter');
  });
});

describe('serverView', () => {
  it('sums increases over series, takes a reset counter from zero, and gives histogram means', () => {
    const was = parsePrometheusText('model_infer_request_success{model="a"} 10\nmodel_infer_request_success{model="b"} 50\n# TYPE model_infer_request_duration_seconds histogram\nmodel_infer_request_duration_seconds_sum 1\nmodel_infer_request_duration_seconds_count 10\nq_total 5\n');
    const now = parsePrometheusText('model_infer_request_success{model="a"} 30\nmodel_infer_request_success{model="b"} 5\nmodel_infer_request_success{model="c"} 1\n# TYPE model_infer_request_duration_seconds histogram\nmodel_infer_request_duration_seconds_sum 1.5\nmodel_infer_request_duration_seconds_count 20\nq_total 9\n');
    const v = serverView('u', was, now, ['q', 'missing', 'model_infer_request_duration_seconds']);
    assert.equal(v.family, 'mlserver');
    assert.equal(v.successes, 20 + 5 + 1); // b restarted at 0, c is new
    assert.ok(Math.abs((v.requestNs ?? 0) - 0.05e9) < 1);
    assert.deepEqual(v.metrics.map((m) => [m.name, m.delta, m.mean]), [
      ['q', 4, null],
      ['missing', null, null],
      ['model_infer_request_duration_seconds', 10, 0.05],
    ]);
  });
});

describe('the reference server as a Triton-like metrics target', () => {
  let server: ReferenceServer;
  before(async () => {
    server = await startReferenceServer({ port: 0, latency: parseLatencyModel('10ms') });
  });
  after(() => server.close());

  it('counts every inference and splits its time into queue and compute phases that add up', async () => {
    const url = `${server.url}/metrics`;
    const body = JSON.stringify({ inputs: [{ name: 'predict', datatype: 'FP32', shape: [1, 4], data: [5.1, 3.5, 1.4, 0.2] }] });
    const first = await scrapeServerMetrics(url);
    for (let i = 0; i < 20; i++) {
      const res = await request(`${server.url}/v2/models/iris/infer`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      await res.body.arrayBuffer();
      assert.equal(res.statusCode, 200);
    }
    const v = serverView(url, first, await scrapeServerMetrics(url), []);
    assert.equal(v.family, 'triton');
    assert.equal(v.successes, 20);
    assert.equal(v.failures, 0);
    const request_ = v.requestNs ?? 0;
    assert.ok(request_ >= 10e6 && request_ < 60e6, `mean server time ${request_} ns for a 10 ms latency`);
    const phases = (v.queueNs ?? 0) + (v.computeInputNs ?? 0) + (v.computeInferNs ?? 0) + (v.computeOutputNs ?? 0);
    // Each phase is rounded to whole microseconds per request.
    assert.ok(Math.abs(phases - request_) < 5e3, `phases ${phases} vs request ${request_}`);
    assert.ok((v.computeInferNs ?? 0) >= 9.5e6, 'the injected latency is the simulated compute');
    const text = serverViewText(v, 11e6);
    assert.match(text, /inferences +20 ok, 0 failed/);
    assert.match(text, /network and overhead/);
  });

  it('says in one line why a scrape failed', async () => {
    await assert.rejects(scrapeServerMetrics(`${server.url}/no-metrics-here`), (e: unknown) => e instanceof ScrapeError && /status 404/.test(e.message));
  });
});
