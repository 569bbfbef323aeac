/**
 * `--dry-run` prints the complete plan as JSON and exits 0 having sent nothing: no request, no
 * readiness check, no warm-up, no report written. Checked against reference servers that count
 * every request they receive, and a listener that counts every connection.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';
import { startGrpcReferenceServer, type GrpcReferenceServer } from '../../src/servers/grpc-reference-server.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-dry-run-'));
let http: ReferenceServer;
let grpc: GrpcReferenceServer;
/** listener accepts TCP connections and counts them: a dry run must not even connect. */
let listener: Server;
let connections = 0;
let listenerAddress = '';

before(async () => {
  http = await startReferenceServer({ port: 0 });
  grpc = await startGrpcReferenceServer({ port: 0 });
  listener = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const a = listener.address();
  listenerAddress = typeof a === 'object' && a !== null ? `127.0.0.1:${a.port}` : '';
});
after(async () => {
  await Promise.all([http.close(), grpc.close(), new Promise((resolve) => listener.close(resolve))]);
});

/** PlanJson is the part of the printed plan these tests read. */
interface PlanJson {
  load: { kind: string; vus?: number; rate?: { freq: number; perNs: number }; maxInFlight?: number };
  stop: { durationNs: number; iterations: number };
  source: {
    kind: string;
    requests?: Array<{ method: string; origin: string; path: string; body: { bytes: number; base64: string } | null }>;
    calls?: Array<{ path: string; frame: { bytes: number; base64: string } }>;
    authority?: string;
  };
  readiness: { timeoutNs: number; http: Array<{ url: string }>; grpc: { models: Array<{ name: string }> } | null } | null;
  warmUp: { count: number; durationMs: number } | null;
  reports: Array<{ type: string; file: string | null }>;
  output: { path: string; format: string; bodyBytes?: number } | null;
  record: string | null;
  ghz: { options: { call: string; host: string }; timed: boolean } | null;
}

/** dryRun runs loadgen with --dry-run and returns the parsed plan, asserting nothing reached a server. */
async function dryRun(args: string[]): Promise<PlanJson> {
  const before = { http: http.stats.requests, grpc: grpc.stats.requests, connections };
  const r = await runCli([...args, '--dry-run']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const plan = JSON.parse(r.stdout) as PlanJson;
  assert.deepEqual({ http: http.stats.requests, grpc: grpc.stats.requests, connections }, before, 'no request, readiness check or warm-up was sent');
  return plan;
}

test('infer --dry-run (HTTP): the requests, readiness endpoints, warm-up and reports; nothing sent', async () => {
  const report = join(dir, 'infer.json');
  const plan = await dryRun(['infer', '--url', http.url, '--model', 'iris', '--rate', '20', '-d', '2s', '--wait-ready', '2s', '--warmup', '3', '--report', `json=${report}`]);
  assert.equal(plan.load.kind, 'open');
  assert.equal(plan.stop.durationNs, 2e9);
  const request = plan.source.requests![0];
  assert.deepEqual([request.method, request.origin, request.path], ['POST', http.url, '/v2/models/iris/infer']);
  assert.ok(request.body!.bytes > 0);
  assert.equal(Buffer.from(request.body!.base64.replace(/…$/, ''), 'base64').toString('utf8').slice(0, 10), '{"inputs":');
  assert.deepEqual(
    plan.readiness!.http.map((u) => u.url),
    [`${http.url}/v2/health/live`, `${http.url}/v2/health/ready`, `${http.url}/v2/models/iris/ready`],
  );
  assert.equal(plan.readiness!.timeoutNs, 2e9);
  assert.deepEqual(plan.warmUp, { count: 3, durationMs: 0 });
  assert.deepEqual(plan.reports, [{ type: 'json', file: report }]);
  assert.equal(plan.record, null);
  assert.equal(existsSync(report), false, 'no report written');
});

test('infer --dry-run (gRPC): the framed calls and the model names ModelReady will ask for; nothing sent', async () => {
  const plan = await dryRun(['infer', '--transport', 'grpc', '--url', grpc.address, '--models', 'iris:2', '-n', '10', '--wait-ready', '1s', '--warmup', '2']);
  assert.equal(plan.source.kind, 'grpc');
  assert.equal(plan.source.authority, `http://${grpc.address}`);
  assert.equal(plan.source.calls!.length, 2);
  assert.equal(plan.source.calls![0].path, '/inference.GRPCInferenceService/ModelInfer');
  assert.ok(plan.source.calls![0].frame.bytes > 5);
  assert.deepEqual(plan.readiness!.grpc!.models.map((m) => m.name), ['iris0', 'iris1']);
  assert.deepEqual(plan.readiness!.http, []);
  assert.deepEqual(plan.reports, [{ type: 'text', file: null }]);
});

test('infer --dry-run does not connect even to a target that accepts connections', async () => {
  const plan = await dryRun(['infer', '--url', `http://${listenerAddress}`, '--model', 'tfsimple', '--proto', 'tfserving', '--wait-ready', '1s', '--warmup-duration', '1s']);
  assert.deepEqual(plan.readiness!.http.map((u) => u.url), [`http://${listenerAddress}/v1/models/tfsimple`]);
  assert.deepEqual(plan.warmUp, { count: 0, durationMs: 1000 });
});

test('attack --dry-run: the load, the target and the results file; nothing sent, no file created', async () => {
  const results = join(dir, 'attack.jsonl');
  const plan = await dryRun(['attack', '--url', `${http.url}/v2/health/live`, '--rate', '50/1s', '-d', '3s', '--max-in-flight', '4', '-o', results]);
  assert.equal(plan.load.kind, 'open');
  assert.equal(plan.load.maxInFlight, 4);
  assert.deepEqual(plan.source.requests!.map((r) => [r.method, r.path, r.body]), [['GET', '/v2/health/live', null]]);
  // Results files keep no body unless --max-body asks (issue 12).
  assert.deepEqual(plan.output, { path: results, format: 'json', bodyBytes: 0 });
  assert.deepEqual(plan.reports, [{ type: 'text', file: null }]);
  assert.equal(plan.readiness, null);
  assert.equal(existsSync(results), false, 'no results file created');
});

test("grpc --dry-run: ghz's report format and the options its report will show; nothing sent", async () => {
  const plan = await dryRun(['grpc', '--insecure', '--proto', 'protos/loadgen/echo.proto', '--call', 'loadgen.echo.Echo/Unary', '-d', '{"text":"dry"}', '-z', '2s', '-O', 'json', grpc.address]);
  assert.deepEqual(plan.reports, [{ type: 'ghz-json', file: null }]);
  assert.equal(plan.ghz!.options.call, 'loadgen.echo.Echo/Unary');
  assert.equal(plan.ghz!.options.host, grpc.address);
  assert.equal(plan.ghz!.timed, true);
  assert.equal(plan.load.kind, 'closed');
  assert.equal(plan.load.vus, 50);
  assert.equal(plan.source.calls![0].path, '/loadgen.echo.Echo/Unary');
});

test('lifecycle --dry-run: every model cycle planned; nothing loaded', async () => {
  const r = await runCli(['lifecycle', '--url', http.url, '--models', 'iris:2', '--dry-run']);
  assert.equal(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout) as { models: Array<{ name: string; loadPath: string }>; reports: unknown[] };
  assert.deepEqual(plan.models.map((m) => [m.name, m.loadPath]), [['iris0', '/v2/repository/models/iris0/load'], ['iris1', '/v2/repository/models/iris1/load']]);
  assert.deepEqual(plan.reports, [{ type: 'text', file: null }]);
  assert.equal(http.stats.requests, 0);
});

test('bad flags with --dry-run still exit 2 with one line, and print no plan', async () => {
  for (const args of [
    ['infer', '--url', http.url, '--model', 'iris', '--rate', 'abc'],
    ['grpc', '--insecure', '--call', 'loadgen.echo.Echo/Unary', '--proto', 'protos/loadgen/echo.proto', '-O', 'pdf', grpc.address],
    ['infer', '--transport', 'grpc', '--proto', 'tfserving', '--url', grpc.address, '--model', 'iris', '--wait-ready', '1s'],
  ]) {
    const r = await runCli([...args, '--dry-run']);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  }
});

test('demo --dry-run: the demo run against the embedded server, planned and not run', async () => {
  const at = Date.now();
  const r = await runCli(['demo', '--dry-run']);
  assert.equal(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout) as PlanJson & { meta: { command: string } };
  assert.equal(plan.meta.command, 'demo');
  assert.deepEqual(plan.stop, { durationNs: 10e9, iterations: 0 });
  assert.match(plan.source.requests![0].path, /^\/v2\/models\/iris\/infer$/);
  assert.ok(Date.now() - at < 8000, 'the 10 s demo run did not happen');
});
