/**
 * --wait-ready's endpoints are planned from the protocol builders, so they follow the requests'
 * own paths: base URL prefix, model version, Seldon Core 2 routed names, one per model instance.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildInferPlan } from '../../src/plan/infer-plan.js';
import type { InferFlags } from '../../src/plan/infer-flags.js';
import { UsageError } from '../../src/core/errors.js';

const base = 'http://127.0.0.1:8000';
const readyUrls = (f: InferFlags) => buildInferPlan({ workers: 1, ...f, waitReady: '1s' }).readiness!.http.map((u) => u.url);

// flags                                                                        the endpoints polled, in order
const cases: Array<[Omit<InferFlags, 'url'> & { url?: string }, string[]]> = [
  [{ model: 'iris' }, [`${base}/v2/health/live`, `${base}/v2/health/ready`, `${base}/v2/models/iris/ready`]],
  [{ model: 'iris', modelVersion: '3' }, [`${base}/v2/health/live`, `${base}/v2/health/ready`, `${base}/v2/models/iris/versions/3/ready`]],
  [{ url: `${base}/ingress/`, model: 'iris' }, [`${base}/ingress/v2/health/live`, `${base}/ingress/v2/health/ready`, `${base}/ingress/v2/models/iris/ready`]],
  [{ models: 'iris:2' }, [`${base}/v2/health/live`, `${base}/v2/health/ready`, `${base}/v2/models/iris0/ready`, `${base}/v2/models/iris1/ready`]],
  [{ model: 'iris', seldonModel: 'auto', seldonInternal: true }, [`${base}/v2/health/live`, `${base}/v2/health/ready`, `${base}/v2/models/iris_1/ready`]],
  [{ model: 'iris', proto: 'tfserving', modelVersion: '2' }, [`${base}/v1/models/iris/versions/2`]],
  [{ model: 'iris', proto: 'seldon' }, [`${base}/api/v1.0/metadata`]],
];
for (const [flags, urls] of cases) {
  test(`--wait-ready ${JSON.stringify(flags)}`, () => {
    assert.deepEqual(readyUrls({ url: base, ...flags }), urls);
  });
}

test('each model-ready probe carries the headers of the requests it stands for', () => {
  const plan = buildInferPlan({ url: base, models: 'iris:2', seldonModel: 'auto', waitReady: '1s', header: 'x-team: a' });
  const probe = plan.readiness!.http.find((u) => u.url.endsWith('/iris1/ready'))!;
  assert.ok(probe.headers.some(([k, v]) => k === 'seldon-model' && v === 'iris1'), JSON.stringify(probe.headers));
  assert.ok(probe.headers.some(([k, v]) => k === 'x-team' && v === 'a'));
});

test('over gRPC: the V2 model names the calls carry; no HTTP endpoints; other protocols are refused', () => {
  const plan = buildInferPlan({ url: '127.0.0.1:9000', transport: 'grpc', models: 'iris:2', seldonModel: 'auto', seldonInternal: true, waitReady: '2s' });
  assert.deepEqual(plan.readiness!.http, []);
  const models = plan.readiness!.grpc!.models;
  assert.deepEqual(models.map((m) => m.name), ['iris0_1', 'iris1_1']);
  // ModelReady of each model goes with that model's routing metadata, as its calls do.
  assert.deepEqual(models.map((m) => m.metadata.find(([k]) => k === 'seldon-model')?.[1]), ['iris0_1', 'iris1_1']);
  assert.throws(() => buildInferPlan({ url: '127.0.0.1:9000', transport: 'grpc', proto: 'tfserving', model: 'iris', waitReady: '1s' }), UsageError);
});

test('without --wait-ready or --warmup the plan has no steps before load', () => {
  const plan = buildInferPlan({ url: base, model: 'iris' });
  assert.deepEqual([plan.readiness, plan.warmUp], [null, null]);
  assert.deepEqual(buildInferPlan({ url: base, model: 'iris', warmup: 2 }).warmUp, { count: 2, durationMs: 0 });
});
