import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RECENT_REQUESTS, ServerStats, type RecordedRequest } from '../../src/servers/server-stats.js';
import { instanceType } from '../../src/servers/models/model-instance.js';
import { modelsByName, REFERENCE_MODELS } from '../../src/servers/models/model-registry.js';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

async function post(server: ReferenceServer, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: Buffer.isBuffer(body) ? new Uint8Array(body) : typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const outputsOf = (r: Reply): Array<{ name: string; datatype: string; shape: number[]; data: unknown[] }> => r.body.outputs as never;

let server: ReferenceServer;
before(async () => {
  server = await startReferenceServer();
});
after(() => server.close());

describe('reference server: computed zoo models', () => {
  it('tfsimple_string adds and subtracts decimal strings', async () => {
    const r = await post(server, '/v2/models/tfsimple_string/infer', {
      inputs: [
        { name: 'INPUT0', shape: [1, 16], datatype: 'BYTES', data: Array.from({ length: 16 }, (_, i) => String(i)) },
        { name: 'INPUT1', shape: [1, 16], datatype: 'BYTES', data: new Array(16).fill('3') },
      ],
    });
    assert.equal(r.status, 200);
    assert.deepEqual(outputsOf(r).map((o) => [o.name, o.datatype, o.data.slice(0, 3)]), [
      ['OUTPUT0', 'BYTES', ['3', '4', '5']],
      ['OUTPUT1', 'BYTES', ['-3', '-2', '-1']],
    ]);
    const bad = await post(server, '/v2/models/tfsimple_string/infer', {
      inputs: ['INPUT0', 'INPUT1'].map((name) => ({ name, shape: [1, 16], datatype: 'BYTES', data: new Array(16).fill('x') })),
    });
    assert.equal(bad.status, 400);
    assert.match(String(bad.body.error), /not a decimal integer/);
  });

  it('add10 adds 10 and rejects a batch dimension', async () => {
    const r = await post(server, '/v2/models/add10/infer', { inputs: [{ name: 'INPUT', shape: [4], datatype: 'FP32', data: [1, 2, 3, 4] }] });
    assert.deepEqual(outputsOf(r)[0], { name: 'OUTPUT', datatype: 'FP32', shape: [4], data: [11, 12, 13, 14] });
    const batched = await post(server, '/v2/models/add10/infer', { inputs: [{ name: 'INPUT', shape: [2, 4], datatype: 'FP32', data: new Array(8).fill(0) }] });
    assert.equal(batched.status, 400);
    assert.match(String(batched.body.error), /shape \[2,4\] does not match the model's \[4\]/);
  });

  it('synth returns its input', async () => {
    const r = await post(server, '/v2/models/synth/infer', { inputs: [{ name: 'input_1', shape: [2], datatype: 'BYTES', data: ['h', 'i'] }] });
    assert.deepEqual(outputsOf(r)[0], { name: 'input_1', datatype: 'BYTES', shape: [2], data: ['h', 'i'] });
  });
});

describe('reference server: zoo models accepted by shape', () => {
  it('answers zeros of the declared output shapes', async () => {
    const r = await post(server, '/v2/models/pytorch_cifar10/infer', { inputs: [{ name: 'input__0', shape: [2, 3, 32, 32], datatype: 'FP32', data: new Array(6144).fill(0.5) }] });
    assert.equal(r.status, 200);
    assert.deepEqual(outputsOf(r).map((o) => [o.name, o.datatype, o.shape, o.data.every((v) => v === 0)]), [['output__0', 'FP32', [2, 10], true]]);
    const gpt = await post(server, '/v2/models/onnx_gpt2/infer', {
      outputs: [{ name: 'logits', parameters: { binary_data: false } }],
      inputs: ['input_ids', 'attention_mask'].map((name) => ({ name, shape: [1, 3], datatype: 'INT32', data: [1, 2, 3] })),
    });
    assert.deepEqual(outputsOf(gpt)[0].shape, [1, 3, 50257]);
    const sentiment = await post(server, '/v2/models/sentiment/infer', { inputs: [{ name: 'args', shape: [1], datatype: 'BYTES', data: ['great'] }] });
    assert.deepEqual(outputsOf(sentiment)[0], { name: 'output', datatype: 'BYTES', shape: [1], data: [''] });
  });

  it('validates names, datatypes and shapes like any model', async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['tfmnist', { inputs: [{ name: 'conv2d_input', shape: [1, 28, 28], datatype: 'FP32', data: new Array(784).fill(0) }] }, /shape \[1,28,28\] does not match/],
      ['tfresnet152', { inputs: [{ name: 'input_1', shape: [1, 224, 224, 3], datatype: 'FP64', data: [] }] }, /datatype "FP64"/],
      ['mlflow_wine', { inputs: [{ name: 'citric acidity', shape: [1], datatype: 'FP32', data: [1] }] }, /unexpected input "citric acidity"/],
    ];
    for (const [model, body, error] of cases) {
      const r = await post(server, `/v2/models/${model}/infer`, body);
      assert.equal(r.status, 400, model);
      assert.match(String(r.body.error), error);
    }
  });
});

describe('reference server: binary tensor requests it rejects', () => {
  const header = (json: unknown): { body: Buffer; length: string } => {
    const text = JSON.stringify(json);
    return { body: Buffer.from(text), length: String(Buffer.byteLength(text)) };
  };
  it('answers 400 for inconsistent binary bodies', async () => {
    const json = { inputs: [{ name: 'predict', shape: [1, 4], datatype: 'FP32', parameters: { binary_data_size: 16 } }] };
    const h = header(json);
    const cases: Array<[Buffer, string, RegExp]> = [
      [Buffer.concat([h.body, Buffer.alloc(8)]), h.length, /runs past the end/],
      [Buffer.concat([h.body, Buffer.alloc(20)]), h.length, /4 bytes after the JSON header belong to no input/],
      [Buffer.concat([h.body, Buffer.alloc(16)]), 'abc', /invalid Inference-Header-Content-Length/],
      [Buffer.concat([h.body, Buffer.alloc(16)]), '100000', /does not fit/],
      [h.body, '', /invalid Inference-Header-Content-Length/],
    ];
    for (const [body, length, error] of cases) {
      const r = await post(server, '/v2/models/iris/infer', body, { 'inference-header-content-length': length });
      assert.equal(r.status, 400, String(error));
      assert.match(String(r.body.error), error);
    }
    const noHeader = await post(server, '/v2/models/iris/infer', json);
    assert.match(String(noHeader.body.error), /binary_data_size but the request has no Inference-Header-Content-Length/);
    const wrongSize = header({ inputs: [{ name: 'predict', shape: [1, 4], datatype: 'FP32', parameters: { binary_data_size: 12 } }] });
    const r = await post(server, '/v2/models/iris/infer', Buffer.concat([wrongSize.body, Buffer.alloc(12)]), { 'inference-header-content-length': wrongSize.length });
    assert.match(String(r.body.error), /binary data: 12 bytes of FP32 data, expected 16/);
  });
});

describe('reference server: TF Serving and Seldon v1 endpoints', () => {
  it('TF Serving model status and metadata', async () => {
    const st = await fetch(`${server.url}/v1/models/iris`);
    assert.deepEqual(await st.json(), { model_version_status: [{ version: '1', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } }] });
    const meta = (await (await fetch(`${server.url}/v1/models/iris/versions/1/metadata`)).json()) as { metadata: { signature_def: { signature_def: { serving_default: { inputs: Record<string, { dtype: string }> } } } } };
    assert.equal(meta.metadata.signature_def.signature_def.serving_default.inputs.predict.dtype, 'DT_FLOAT');
    assert.equal((await fetch(`${server.url}/v1/models/iris/versions/9`)).status, 404);
    assert.equal((await fetch(`${server.url}/v1/models/iris:classify`, { method: 'POST', body: '{}' })).status, 404);
  });

  it('TF Serving predict errors use {"error"}', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /exactly one of "instances"/],
      [{ instances: [[1, 2, 3, 4]], inputs: [[1, 2, 3, 4]] }, /exactly one of/],
      [{ instances: [] }, /non-empty/],
      [{ instances: [[1, 2, 3, 4], [1, 2]] }, /not a rectangular array/],
      [{ instances: [{ predict: [1, 2, 3, 4] }, { other: 1 }] }, /lacks input "predict"|that instances\[0\] lacks/],
      [{ signature_name: 3, instances: [[1, 2, 3, 4]] }, /"signature_name" must be a string/],
    ];
    for (const [body, error] of cases) {
      const r = await post(server, '/v1/models/iris:predict', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match(String(r.body.error), error);
    }
    const unknown = await post(server, '/v1/models/nope:predict', { instances: [1] });
    assert.equal(unknown.status, 404);
    assert.match(String(unknown.body.error), /"nope" not found/);
    const multi = await post(server, '/v1/models/tfsimple:predict', { instances: [new Array(16).fill(1)] });
    assert.match(String(multi.body.error), /has 2 inputs; name them/);
  });

  it('Seldon v1 errors are FAILURE messages', async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['/api/v1.0/predictions', {}, /no "data" object/],
      ['/api/v1.0/predictions', { data: { names: [] } }, /neither "data.ndarray" nor "data.tensor"/],
      ['/api/v1.0/predictions', { data: { ndarray: [[1, 2], [3]] } }, /not a rectangular array/],
      ['/api/v1.0/predictions', { data: { tensor: { shape: [1, 4], values: [1, 2] } } }, /2 elements but shape \[1,4\] needs 4/],
      ['/seldon/ns/mlflow_wine/api/v1.0/predictions', { data: { ndarray: [[1, 2]] } }, /send a \[B,11\] table with "names"/],
    ];
    for (const [path, body, error] of cases) {
      const r = await post(server, path, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      const st = r.body.status as { status: string; info: string };
      assert.equal(st.status, 'FAILURE');
      assert.match(st.info, error);
    }
    assert.equal((await post(server, '/seldon/ns/nope/api/v1.0/predictions', { data: { ndarray: [1] } })).status, 404);
  });
});

describe('ServerStats.lastRequests', () => {
  it('keeps the newest RECENT_REQUESTS decoded requests, oldest first', () => {
    const stats = new ServerStats();
    const req = (i: number): RecordedRequest => ({ protocol: 'v2-json', model: `m${i}`, path: '/', headers: {}, inputs: [], parameters: undefined, outputs: undefined, binaryOutputs: [] });
    assert.equal(stats.lastRequests.length, 0);
    for (let i = 0; i < RECENT_REQUESTS + 5; i++) stats.record(req(i));
    const models = stats.lastRequests.map((r) => r.model);
    assert.equal(models.length, RECENT_REQUESTS);
    assert.equal(models[0], 'm5');
    assert.equal(stats.lastRequest?.model, `m${RECENT_REQUESTS + 4}`);
    stats.reset();
    assert.deepEqual(stats.lastRequests, []);
  });
});

describe('model instances', () => {
  it('resolves numbered and versioned names to their type', () => {
    const types = modelsByName(REFERENCE_MODELS);
    const cases: Array<[string, string | undefined]> = [
      ['iris', 'iris'],
      ['iris7', 'iris'],
      ['iris7_1', 'iris'],
      ['iris_1', 'iris'],
      ['add10', 'add10'],
      ['add100', 'add10'],
      ['add1012', 'add10'],
      ['pytorch_cifar105', 'pytorch_cifar10'],
      ['tfsimple_string3', 'tfsimple_string'],
      ['resnet0', undefined],
      ['irisx', undefined],
    ];
    for (const [name, type] of cases) assert.equal(instanceType(name, types)?.name, type, name);
  });
});
