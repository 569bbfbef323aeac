/**
 * `loadgen infer --transport grpc --proto tfserving|seldon` end to end against the reference gRPC
 * server: TF Serving's PredictionService/Predict and Seldon v1's Seldon/Predict at a fixed rate
 * with zero failed checks, and the server received exactly the spec's tensors (names, shapes,
 * datatypes, values) and routing metadata.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { expandPayloadTemplate } from '../../src/payloads/payload-template.js';
import { loadNamedPayloadTemplate } from '../../src/payloads/payload-library.js';
import { startGrpcReferenceServer, type GrpcReferenceServer } from '../../src/servers/grpc-reference-server.js';
import { runWithJsonReport } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-infer-grpc-'));
let server: GrpcReferenceServer;
before(async () => {
  server = await startGrpcReferenceServer({ port: 0 });
});
after(() => server.close());

interface Report {
  requests: number;
  successes: number;
  errors: Array<{ text: string; count: number }>;
}

const infer = (args: string[]) => runWithJsonReport<Report>(['infer', '--transport', 'grpc', '--url', server.address, ...args], dir);

// proto        model          recorded protocol  path
const matrix: Array<[string, string, string, string]> = [
  ['tfserving', 'iris', 'tfserving-grpc', '/tensorflow.serving.PredictionService/Predict'],
  ['tfserving', 'tfsimple', 'tfserving-grpc', '/tensorflow.serving.PredictionService/Predict'],
  ['seldon', 'iris', 'seldon-grpc', '/seldon.protos.Seldon/Predict'],
  ['seldon', 'mlflow_wine', 'seldon-grpc', '/seldon.protos.Seldon/Predict'],
];
for (const [proto, model, protocol, path] of matrix) {
  test(`infer --transport grpc --proto ${proto} --model ${model}: zero failed checks, the spec's tensors received`, async () => {
    const before = server.stats.byPath.get(path) ?? 0;
    // The acceptance run: 5 s per protocol and transport with zero failed checks.
    const { code, stderr, report } = await infer(['--proto', proto, '--model', model, '--rate', '50', '-d', '5s']);
    assert.equal(code, 0, stderr);
    assert.equal(report!.requests, 250);
    assert.equal(report!.successes, 250, JSON.stringify(report!.errors));
    assert.equal((server.stats.byPath.get(path) ?? 0) - before, 250);
    const seen = server.stats.lastRequest!;
    assert.equal(seen.protocol, protocol);
    assert.equal(seen.model, model);
    assert.equal(seen.path, path);
    if (proto === 'seldon') assert.equal(seen.headers.seldon, model, 'the seldon metadata names the deployment');
    const want = expandPayloadTemplate(loadNamedPayloadTemplate(model), 1, model).inputs;
    assert.deepEqual(
      seen.inputs.map((t) => t.name).sort(),
      want.map((t) => t.name).sort(),
    );
    for (const w of want) {
      const got = seen.inputs.find((t) => t.name === w.name)!;
      assert.equal(got.datatype, w.datatype, w.name);
      assert.deepEqual(got.shape, w.shape, w.name);
      const expected = (w.data as number[]).map((v) => (w.datatype === 'FP32' ? Math.fround(v) : v));
      assert.deepEqual((got.data as number[]).map(Number), expected, w.name);
    }
  });
}

test('infer --transport grpc --proto tfserving sends model_spec version and signature_name', async () => {
  const { code, stderr, report } = await infer(['--proto', 'tfserving', '--model', 'iris', '--model-version', '1', '--signature', 'serving_default', '-n', '3']);
  assert.equal(code, 0, stderr);
  assert.equal(report!.successes, 3, JSON.stringify(report!.errors));
  assert.deepEqual(server.stats.lastRequest!.parameters, { signature_name: 'serving_default' });
  const bad = await infer(['--proto', 'tfserving', '--model', 'iris', '--model-version', 'v1', '-n', '1']);
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /--model-version: TF Serving versions are whole numbers/);
});

test('infer --transport grpc --proto seldon rejects a non-numeric payload in one line', async () => {
  const r = await infer(['--proto', 'seldon', '--model', 'sentiment', '-n', '1']);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /Seldon gRPC: input "args" is BYTES/);
});

test('infer --transport grpc: the checks catch an unknown model (NOT_FOUND) for both protocols', async () => {
  for (const proto of ['tfserving', 'seldon']) {
    const { code, stderr, report } = await infer(['--proto', proto, '--model', 'nosuchmodel', '--payload', 'iris', '-n', '2']);
    assert.equal(code === 0 || code === 1, true, stderr);
    assert.equal(report!.successes, 0, proto);
  }
});
