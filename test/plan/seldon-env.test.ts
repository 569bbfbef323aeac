/**
 * seldonEnvLayer: the Seldon k6 suite's env contract (spec/model-zoo.md §7) as infer flags, in
 * the suite's meanings: positional comma lists per MODEL_TYPE, booleans true only for "true".
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { seldonEnvLayer } from '../../src/plan/seldon-env.js';

function flags(env: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries([...seldonEnvLayer(env)].map(([name, { value }]) => [name, value]));
}

test('the contract as infer flags: a table of suite settings and the flags they become', () => {
  // the suite's env                                                        the infer flags
  const cases: Array<[Record<string, string>, Record<string, unknown>]> = [
    [{}, {}],
    [{ NAMESPACE: 'seldon-mesh', K6_DEBUG: 'true', SCHEDULER_ENDPOINT: 'x:9004' }, {}], // no infer flag: not read
    [{ MODEL_TYPE: 'iris' }, { models: 'iris:1', 'seldon-model': 'auto' }],
    [{ MODEL_TYPE: 'iris,tfsimple', MAX_NUM_MODELS: '10,5' }, { models: 'iris:10,tfsimple:5', 'seldon-model': 'auto' }],
    [{ MODEL_TYPE: 'iris,tfsimple', MAX_NUM_MODELS: '3' }, { models: 'iris:3,tfsimple:1', 'seldon-model': 'auto' }],
    [{ MODEL_TYPE: 'iris', MODEL_NAME: 'my-iris' }, { model: 'my-iris', 'model-type': 'iris', 'seldon-model': 'auto' }],
    [{ INFER_BATCH_SIZE: '8,8' }, { 'batch-size': 8 }],
    [{ INFER_TYPE: 'REST', INFER_HTTP_ENDPOINT: 'http://mesh:80', INFER_GRPC_ENDPOINT: 'mesh:81' }, { transport: 'http', url: 'http://mesh:80' }],
    [{ INFER_TYPE: 'GRPC', INFER_HTTP_ENDPOINT: 'http://mesh:80', INFER_GRPC_ENDPOINT: 'mesh:81' }, { transport: 'grpc', url: 'mesh:81' }],
    [{ INFER_HTTP_ITERATIONS: '1', INFER_GRPC_ITERATIONS: '1', INFER_HTTP_ENDPOINT: 'http://mesh:80', INFER_GRPC_ENDPOINT: 'mesh:81' }, { mix: 'http:1,grpc:1', url: 'http://mesh:80', 'grpc-url': 'mesh:81' }],
    [{ INFER_HTTP_ITERATIONS: '0', INFER_TYPE: 'REST', INFER_GRPC_ENDPOINT: 'mesh:81' }, { transport: 'grpc', url: 'mesh:81' }], // iteration counts beat INFER_TYPE
    [{ INFER_GRPC_ITERATIONS: '0' }, { transport: 'http' }],
    [{ REQUEST_RATE: '20', CONSTANT_RATE_DURATION_SECONDS: '60' }, { rate: '20', duration: '60s' }],
    [{ WARMUP: 'true', ENVOY: 'false', VIA_PIPELINE: 'true', REQUEST_ID_PREFIX: 'perf' }, { warmup: 1, 'seldon-internal': true, pipeline: true, 'request-id-prefix': 'perf' }],
    [{ WARMUP: 'TRUE', ENVOY: 'true', VIA_PIPELINE: 'yes' }, {}], // true only for the exact "true"; ENVOY=true is the default
    [{ MODEL_TYPE: '', REQUEST_RATE: '' }, {}], // empty is unset
  ];
  for (const [env, want] of cases) assert.deepEqual(flags(env), want, JSON.stringify(env));
});

test('every value is reported as coming from its variable, marked as the contract', () => {
  const source = seldonEnvLayer({ MODEL_TYPE: 'iris', MAX_NUM_MODELS: '2' }).get('models')?.source;
  assert.deepEqual(source, { kind: 'env', variable: 'MODEL_TYPE, MAX_NUM_MODELS', note: "Seldon k6 suite's contract" });
});

test('contract values that cannot map are one UsageError naming the variable', () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ INFER_BATCH_SIZE: '1,8' }, /^INFER_BATCH_SIZE=1,8: loadgen infer sends one batch size to every model/],
    [{ REQUEST_RATE: 'fast' }, /^REQUEST_RATE=fast: expected a whole number, e.g. REQUEST_RATE=1$/],
    [{ MODEL_TYPE: 'iris', MAX_NUM_MODELS: '-1' }, /^MAX_NUM_MODELS=-1: expected a whole number/],
    [{ INFER_HTTP_ITERATIONS: '0', INFER_GRPC_ITERATIONS: '0' }, /leave nothing to send/],
  ];
  for (const [env, want] of cases) assert.throws(() => seldonEnvLayer(env), (e: unknown) => e instanceof UsageError && want.test(e.message), String(want));
});
