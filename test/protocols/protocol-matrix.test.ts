/**
 * Every protocol builder x several model types against the reference server: the request is
 * accepted, the answer passes the protocol's response check with the type's expected outputs, and
 * the server saw exactly the spec's tensors (names, shapes, datatypes, values).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectedOutputs } from '../../src/payloads/expected-outputs.js';
import { parseModelsFlag } from '../../src/payloads/models-flag.js';
import { loadNamedPayload, loadNamedPayloadTemplate } from '../../src/payloads/payload-library.js';
import type { PayloadSpec } from '../../src/payloads/tensor-spec.js';
import { checkSeldonResponse } from '../../src/protocols/checks/seldon-check.js';
import { checkTfServingResponse } from '../../src/protocols/checks/tfserving-check.js';
import { checkV2BinaryResponse } from '../../src/protocols/checks/v2-binary-check.js';
import { checkV2JsonResponse } from '../../src/protocols/checks/v2-json-check.js';
import type { PreparedHttpRequest } from '../../src/protocols/prepared-request.js';
import { buildSeldonHttpRequest } from '../../src/protocols/seldon-http.js';
import { type SeldonDataFormat } from '../../src/payloads/seldon-message.js';
import { ACCEPT_IDENTITY, RequestIdGenerator, seldonRoutingHeaders } from '../../src/protocols/seldon-routing.js';
import { buildTfServingHttpRequest, type TfServingFormat } from '../../src/protocols/tfserving-http.js';
import { buildV2BinaryHttpRequest, decodeV2BinaryResponse } from '../../src/protocols/v2-binary.js';
import { buildV2HttpRequest } from '../../src/protocols/v2-http.js';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';
import type { ServedProtocol } from '../../src/servers/server-stats.js';
import { sendPrepared } from './send-prepared.js';

type Check = (status: number, headers: Record<string, string>, body: Buffer, expect: ReturnType<typeof expectedOutputs>) => string | null;

/** batchFor keeps the big tensors at B = 1 and add10 (no batch dimension) at 1. */
const batchFor = (type: string): number => (['add10', 'tfresnet152', 'onnx_gpt2'].includes(type) ? 1 : 2);

let server: ReferenceServer;
before(async () => {
  server = await startReferenceServer({ modelInstances: true });
});
after(() => server.close());

/** seenExactly asserts that the server's last decoded request carried payload's tensors. */
function seenExactly(payload: PayloadSpec, protocol: ServedProtocol, model: string): void {
  const seen = server.stats.lastRequest;
  assert.ok(seen !== undefined, 'the server recorded the request');
  assert.equal(seen.protocol, protocol);
  assert.equal(seen.model, model);
  // Binary FP32 travels as float32: the server sees the float32 value nearest to each number.
  const wantData = (t: PayloadSpec['inputs'][number]): unknown[] => (protocol === 'v2-binary' && t.datatype === 'FP32' ? (t.data as number[]).map(Math.fround) : t.data);
  assert.deepEqual(
    seen.inputs.map((t) => ({ name: t.name, datatype: t.datatype, shape: t.shape, data: t.data })),
    payload.inputs.map((t) => ({ name: t.name, datatype: t.datatype, shape: t.shape, data: wantData(t) })),
  );
}

async function exchange(type: string, req: PreparedHttpRequest, check: Check, protocol: ServedProtocol, payload: PayloadSpec, b: number): Promise<void> {
  const reply = await sendPrepared(req);
  assert.equal(reply.status, 200, `${type}: ${reply.body.toString().slice(0, 300)}`);
  assert.equal(check(reply.status, reply.headers, reply.body, expectedOutputs(loadNamedPayloadTemplate(type), b)), null);
  seenExactly(payload, protocol, type);
}

const ALL_TYPES = ['tfsimple', 'tfsimple_string', 'iris', 'sentiment', 'pytorch_cifar10', 'tfmnist', 'tfresnet152', 'onnx_gpt2', 'mlflow_wine', 'add10', 'echo', 'synth'];

describe('V2 JSON requests for every zoo type', () => {
  for (const type of ALL_TYPES) {
    it(type, async () => {
      const b = batchFor(type);
      const payload = loadNamedPayload(type, b);
      await exchange(type, buildV2HttpRequest({ baseUrl: server.url, model: type, payload }), checkV2JsonResponse, 'v2-json', payload, b);
      if (type === 'mlflow_wine') assert.deepEqual(server.stats.lastRequest?.parameters, { content_type: 'pd' });
    });
  }
});

describe('V2 binary requests (binary in, binary out) for every zoo type', () => {
  for (const type of ALL_TYPES) {
    it(type, async () => {
      const b = batchFor(type);
      const payload = loadNamedPayload(type, b);
      const req = buildV2BinaryHttpRequest({ baseUrl: server.url, model: type, payload, binaryOutput: true });
      await exchange(type, req, checkV2BinaryResponse, 'v2-binary', payload, b);
      assert.ok((server.stats.lastRequest?.binaryOutputs.length ?? 0) > 0);
    });
  }

  it('binary outputs decode to the computed values (tfsimple, add10, echo)', async () => {
    const tfsimple = await sendPrepared(buildV2BinaryHttpRequest({ baseUrl: server.url, model: 'tfsimple', payload: loadNamedPayload('tfsimple'), binaryOutput: true }));
    assert.equal(tfsimple.headers['content-type'], 'application/octet-stream');
    const out = decodeV2BinaryResponse(tfsimple.headers, tfsimple.body).outputs;
    assert.deepEqual(out.map((o) => [o.name, o.shape, o.data]), [
      ['OUTPUT0', [1, 16], Array.from({ length: 16 }, (_, i) => 2 * i)],
      ['OUTPUT1', [1, 16], new Array(16).fill(0)],
    ]);
    const add10 = await sendPrepared(buildV2BinaryHttpRequest({ baseUrl: server.url, model: 'add10', payload: loadNamedPayload('add10'), binaryOutput: true }));
    assert.deepEqual(decodeV2BinaryResponse(add10.headers, add10.body).outputs[0].data, new Array(4).fill(Math.fround(Math.fround(0.1) + 10)));
    const echo = await sendPrepared(buildV2BinaryHttpRequest({ baseUrl: server.url, model: 'echo', payload: loadNamedPayload('echo', 3), binaryOutput: true }));
    assert.deepEqual(decodeV2BinaryResponse(echo.headers, echo.body).outputs[0].data, ['hello', 'hello', 'hello']);
  });

  it('binary inputs with JSON outputs, and JSON inputs with binary outputs', async () => {
    const payload = loadNamedPayload('tfsimple_string', 2);
    const jsonOut = await sendPrepared(buildV2BinaryHttpRequest({ baseUrl: server.url, model: 'tfsimple_string', payload }));
    assert.equal(jsonOut.headers['inference-header-content-length'], undefined);
    assert.equal(checkV2JsonResponse(jsonOut.status, jsonOut.headers, jsonOut.body, expectedOutputs(loadNamedPayloadTemplate('tfsimple_string'), 2)), null);
    const sums = (JSON.parse(jsonOut.body.toString()) as { outputs: Array<{ data: string[] }> }).outputs[0].data;
    assert.deepEqual(sums, new Array(32).fill('2'));
    const binOut = await sendPrepared(buildV2BinaryHttpRequest({ baseUrl: server.url, model: 'iris', payload: loadNamedPayload('iris'), binaryInputs: false, binaryOutput: true }));
    assert.ok(binOut.headers['inference-header-content-length'] !== undefined);
    assert.equal(server.stats.lastRequest?.protocol, 'v2-json');
    assert.equal(checkV2BinaryResponse(binOut.status, binOut.headers, binOut.body, { outputs: [{ name: 'predict', datatype: 'INT64', shape: [1] }] }), null);
  });
});

describe('TF Serving REST predict', () => {
  const types = ['iris', 'tfsimple', 'tfsimple_string', 'echo', 'add10', 'mlflow_wine', 'tfmnist', 'onnx_gpt2'];
  for (const format of ['row', 'columnar'] as TfServingFormat[]) {
    for (const type of types) {
      it(`${format}: ${type}`, async () => {
        const b = batchFor(type);
        const payload = loadNamedPayload(type, b);
        const req = buildTfServingHttpRequest({ baseUrl: server.url, model: type, payload, format, signatureName: 'serving_default' });
        await exchange(type, req, checkTfServingResponse, 'tfserving', payload, b);
        assert.deepEqual(server.stats.lastRequest?.parameters, { signature_name: 'serving_default' });
      });
    }
  }

  it('answers rows as the model computes them', async () => {
    const reply = await sendPrepared(buildTfServingHttpRequest({ baseUrl: server.url, model: 'add10', payload: loadNamedPayload('add10') }));
    assert.deepEqual(JSON.parse(reply.body.toString()), { predictions: new Array(4).fill(Math.fround(Math.fround(0.1) + 10)) });
  });
});

describe('Seldon v1 REST predictions', () => {
  const cases: Array<[string, SeldonDataFormat]> = [
    ['iris', 'ndarray'],
    ['iris', 'tensor'],
    ['tfmnist', 'ndarray'],
    ['tfmnist', 'tensor'],
    ['mlflow_wine', 'ndarray'],
    ['mlflow_wine', 'tensor'],
    ['add10', 'tensor'],
    ['echo', 'ndarray'],
    ['sentiment', 'ndarray'],
  ];
  for (const [type, format] of cases) {
    it(`${format}: ${type}`, async () => {
      const b = batchFor(type);
      const payload = loadNamedPayload(type, b);
      // iris goes to the bare path (the server's default Seldon model), others through the ingress path.
      const route = type === 'iris' ? {} : { namespace: 'seldon', deployment: type };
      const req = buildSeldonHttpRequest({ baseUrl: server.url, payload, format, ...route });
      await exchange(type, req, checkSeldonResponse, 'seldon', payload, b);
    });
  }
});

describe('Seldon Core 2 routing headers and instances', () => {
  it('routing headers and x-request-id reach the server; instances from --models answer under their names', async () => {
    const ids = new RequestIdGenerator('lg');
    const [iris] = parseModelsFlag('iris:3');
    for (const name of iris.names) {
      const req = buildV2HttpRequest({ baseUrl: server.url, model: name, payload: loadNamedPayload('iris') });
      const id = ids.header();
      const reply = await sendPrepared(req, [...seldonRoutingHeaders({ model: name }), ACCEPT_IDENTITY as [string, string], id]);
      assert.equal(reply.status, 200);
      assert.equal((JSON.parse(reply.body.toString()) as { model_name: string }).model_name, name);
      const seen = server.stats.lastRequest;
      assert.equal(seen?.model, name);
      assert.equal(seen?.headers['seldon-model'], name);
      assert.equal(seen?.headers['x-request-id'], id[1]);
      assert.equal(seen?.headers['accept-encoding'], 'identity');
    }
    const versioned = buildV2HttpRequest({ baseUrl: server.url, model: 'tfsimple0_1', payload: loadNamedPayload('tfsimple') });
    const reply = await sendPrepared(versioned, seldonRoutingHeaders({ model: 'tfsimple0', envoy: false }));
    assert.equal(reply.status, 200);
    assert.equal(server.stats.lastRequest?.headers['seldon-internal-model'], 'tfsimple0_1');
  });
});
