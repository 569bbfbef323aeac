/**
 * `loadgen infer` end to end against the reference server: every serving protocol over HTTP with
 * zero failed checks and the spec's tensors received, the binary extension, checks that fail on
 * malformed answers, several models, readiness and warm-up.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';
import { runCli, runWithJsonReport } from '../helpers/cli.js';
import { startFixture } from '../helpers/http-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-infer-'));
let server: ReferenceServer;
before(async () => {
  server = await startReferenceServer({ port: 0, modelInstances: true });
});
after(() => server.close());

interface Report {
  requests: number;
  successes: number;
  bytes_out: { total: number };
  errors: Array<{ text: string; count: number }>;
}

const infer = (args: string[], url = server.url) => runWithJsonReport<Report>(['infer', '--url', url, ...args], dir);

// protocol flags                                  model          input the server must have seen
const matrix: Array<[string[], string, { name: string; datatype: string; shape: number[]; first: unknown }]> = [
  [['--proto', 'v2'], 'tfsimple', { name: 'INPUT0', datatype: 'INT32', shape: [1, 16], first: 0 }],
  [['--proto', 'v2', '--binary-data', '--binary-output'], 'iris', { name: 'predict', datatype: 'FP32', shape: [1, 4], first: 0 }],
  [['--proto', 'v2', '--batch-size', '3'], 'iris', { name: 'predict', datatype: 'FP32', shape: [3, 4], first: 0 }],
  [['--proto', 'tfserving'], 'add10', { name: 'INPUT', datatype: 'FP32', shape: [4], first: 0.1 }],
  [['--proto', 'tfserving', '--format', 'columnar'], 'iris', { name: 'predict', datatype: 'FP32', shape: [1, 4], first: 0 }],
  [['--proto', 'seldon'], 'iris', { name: 'predict', datatype: 'FP32', shape: [1, 4], first: 0 }],
];
for (const [flags, model, input] of matrix) {
  test(`infer ${flags.join(' ')} --model ${model}: zero failed checks, the spec's tensors received`, async () => {
    // The acceptance run: 5 s per protocol and transport with zero failed checks.
    const { code, stderr, report } = await infer([...flags, '--model', model, '--rate', '50', '-d', '5s']);
    assert.equal(code, 0, stderr);
    assert.equal(report!.requests, 250);
    assert.equal(report!.successes, 250, JSON.stringify(report!.errors));
    const seen = server.stats.lastRequest!;
    assert.equal(seen.model, model);
    const tensor = seen.inputs.find((t) => t.name === input.name)!;
    assert.equal(tensor.datatype, input.datatype);
    assert.deepEqual(tensor.shape, input.shape);
    assert.ok(Math.abs(Number(tensor.data[0]) - Number(input.first)) < 1e-6, `first value ${String(tensor.data[0])}`);
  });
}

test('--binary-data sends 4x fewer bytes than JSON for real-valued image tensors, and passes checks', async () => {
  const input = ['--model', 'tfresnet152', '--input', 'input_1:FP32:B,224,224,3:random', '-n', '3'];
  const json = await infer(input);
  const binary = await infer([...input, '--binary-data']);
  assert.equal(json.report!.successes, 3, JSON.stringify(json.report!.errors));
  assert.equal(binary.report!.successes, 3, JSON.stringify(binary.report!.errors));
  assert.ok(json.report!.bytes_out.total >= 4 * binary.report!.bytes_out.total, `${json.report!.bytes_out.total} vs ${binary.report!.bytes_out.total}`);
});

test('checks: a 200 that is not an inference response fails with a stable reason; --no-check counts it ok', async () => {
  const liar = await startFixture({ body: 'hello' });
  try {
    const checked = await infer(['--model', 'iris', '-n', '5'], liar.url);
    assert.equal(checked.report!.successes, 0);
    assert.match(checked.report!.errors[0].text, /^check: /);
    const unchecked = await infer(['--model', 'iris', '-n', '5', '--no-check'], liar.url);
    assert.equal(unchecked.report!.successes, 5);
  } finally {
    await liar.close();
  }
});

test('--models iris:3,tfsimple:2 spreads requests over iris0..iris2 and tfsimple0..tfsimple1', async () => {
  const before = new Map(server.stats.byModel);
  const { code, stderr, report } = await infer(['--models', 'iris:3,tfsimple:2', '-n', '50', '--vus', '2']);
  assert.equal(code, 0, stderr);
  assert.equal(report!.successes, 50);
  for (const name of ['iris0', 'iris1', 'iris2', 'tfsimple0', 'tfsimple1']) {
    assert.equal((server.stats.byModel.get(name) ?? 0) - (before.get(name) ?? 0), 10, name);
  }
});

test('--wait-ready waits for a server that becomes ready, and exits 3 sending nothing when it does not', async () => {
  const late = await startReferenceServer({ port: 0, notReadyForMs: 800 });
  try {
    const ok = await infer(['--model', 'iris', '-n', '5', '--wait-ready', '5s'], late.url);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.report!.successes, 5);
    late.setNotReady(10_000);
    const inferences = late.stats.inferences;
    const timedOut = await infer(['--model', 'iris', '-n', '5', '--wait-ready', '600ms'], late.url);
    assert.equal(timedOut.code, 3);
    assert.match(timedOut.stderr, /^loadgen: not ready after 0\.6s .*no load was sent\n$/);
    assert.equal(late.stats.inferences, inferences, 'no load sent');
  } finally {
    await late.close();
  }
});

test('--warmup N requests are sent and checked but kept out of every statistic', async () => {
  const before = server.stats.inferences;
  const { code, stderr, report } = await infer(['--model', 'iris', '-n', '20', '--warmup', '7']);
  assert.equal(code, 0, stderr);
  assert.match(stderr, /warm-up: 7 requests, 0 failed/);
  assert.equal(report!.requests, 20);
  assert.equal(server.stats.inferences - before, 27);
});

test('--warmup-duration warms each model for that long, out of every statistic', async () => {
  const before = server.stats.inferences;
  const started = Date.now();
  const { code, stderr, report } = await infer(['--models', 'iris:2', '-n', '10', '--warmup-duration', '300ms']);
  assert.equal(code, 0, stderr);
  const warmed = Number(/warm-up: (\d+) requests, 0 failed/.exec(stderr)![1]);
  // Closed loop for 300 ms per model: at least one request each (hundreds on a quiet machine).
  assert.ok(warmed >= 2, `${warmed} warm-up requests in 2 x 300 ms`);
  assert.ok(Date.now() - started >= 600);
  assert.equal(report!.requests, 10);
  assert.equal(server.stats.inferences - before, warmed + 10);
});

test('--model-type picks the zoo payload (the model name defaults to it); unknown types are one line', async () => {
  const typed = await infer(['--model-type', 'tfsimple', '-n', '3']);
  assert.equal(typed.report!.successes, 3, JSON.stringify(typed.report!.errors));
  assert.equal(server.stats.lastRequest!.model, 'tfsimple');
  const named = await infer(['--model-type', 'iris', '--model', 'iris7', '-n', '2']);
  assert.equal(named.report!.successes, 2);
  assert.equal(server.stats.lastRequest!.model, 'iris7');
  const unknown = await infer(['--model-type', 'nosuch', '-n', '1']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^loadgen: --model-type: unknown model type "nosuch"; available: /);
});

test('--batch-size is rejected for a model without a batch dimension', async () => {
  const { code, stderr } = await infer(['--model', 'add10', '--batch-size', '2', '-n', '1']);
  assert.equal(code, 2);
  assert.match(stderr, /add10/);
  assert.equal(stderr.trim().split('\n').length, 1);
});

test('Seldon Core 2 routing: seldon-model per model, .pipeline, internal versioned names, a fresh x-request-id per request', async () => {
  const routed = await infer(['--models', 'iris:2', '--seldon-model', 'auto', '--request-id-prefix', 'lg', '-n', '20', '--vus', '1']);
  assert.equal(routed.report!.successes, 20, JSON.stringify(routed.report!.errors));
  const recent = server.stats.lastRequests.slice(-20);
  assert.deepEqual(new Set(recent.map((r) => r.headers['seldon-model'])), new Set(['iris0', 'iris1']));
  assert.ok(recent.every((r) => r.headers['seldon-model'] === r.model));
  const ids = recent.map((r) => String(r.headers['x-request-id']));
  assert.ok(ids.every((id) => /^lg_[A-Za-z0-9]{15}$/.test(id)), ids[0]);
  assert.equal(new Set(ids).size, 20, 'every request has its own id');
  assert.ok(recent.every((r) => r.headers['accept-encoding'] === 'identity'));

  // A pipeline is addressed by its name in the path and routed by `<name>.pipeline`.
  const pipeline = await infer(['--model', 'tfsimple', '--seldon-model', 'tfsimple', '--pipeline', '-n', '2']);
  assert.equal(pipeline.report!.successes, 2, JSON.stringify(pipeline.report!.errors));
  assert.equal(server.stats.lastRequest!.headers['seldon-model'], 'tfsimple.pipeline');

  const internal = await infer(['--model', 'iris3', '--payload', 'iris', '--seldon-model', 'auto', '--seldon-internal', '-n', '2']);
  assert.equal(internal.report!.successes, 2, JSON.stringify(internal.report!.errors));
  const last = server.stats.lastRequest!;
  assert.equal(last.model, 'iris3_1');
  assert.equal(last.headers['seldon-model'], 'iris3_1');
  assert.equal(last.headers['seldon-internal-model'], 'iris3_1');
});

test('--mix http:1,grpc:1 alternates transports, each round-robin over the models, with both kinds of status counted apart', async () => {
  const { startGrpcReferenceServer } = await import('../../src/servers/grpc-reference-server.js');
  const grpcServer = await startGrpcReferenceServer({ port: 0, modelInstances: true });
  try {
    const httpBefore = new Map(server.stats.byModel);
    const out = join(dir, 'mix.json');
    const r = await runCli(['infer', '--url', server.url, '--grpc-url', grpcServer.address, '--mix', 'http:1,grpc:1', '--models', 'iris:2', '-n', '40', '--vus', '2', '--warmup', '1', '--report', `json=${out}`]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(readFileSync(out, 'utf8')) as { requests: number; successes: number; protocol: string; status_codes: Record<string, number> };
    assert.equal(j.protocol, 'mixed');
    assert.equal(j.successes, 40);
    assert.deepEqual(j.status_codes, { '200': 20, 'grpc:OK': 20 });
    // Warm-up: one per model on each side; then 10 per model on each side.
    for (const name of ['iris0', 'iris1']) assert.equal((server.stats.byModel.get(name) ?? 0) - (httpBefore.get(name) ?? 0), 11, name);
    assert.equal(grpcServer.stats.inferences, 22);
  } finally {
    await grpcServer.close();
  }
});
