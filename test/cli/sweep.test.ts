/**
 * `loadgen sweep` end to end, as a user runs it (the built CLI), against the reference servers
 * (REST and gRPC) serving the ModelMesh example's model: the dry run prints every run and sends
 * nothing; a short Howitzer sweep writes a folder per run and the roll-up (summary.json in
 * Howitzer's key shape, a summary.md row per run, summary.html with a chart per swept parameter),
 * going on past a run that misses its threshold; bad input in any run is one line, exit 2, before
 * any load.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it, test } from 'node:test';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';
import { startGrpcReferenceServer, type GrpcReferenceServer } from '../../src/servers/grpc-reference-server.js';
import { REFERENCE_MODELS } from '../../src/servers/models/model-registry.js';
import { zeroOutputModel } from '../../src/servers/models/zero-output-model.js';
import { startLlmServer } from '../../src/servers/llm-server.js';
import { parseLatencyModel } from '../../src/servers/latency-model.js';
import { seededRandom } from '../../src/core/seeded-random.js';
import { runCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/howitzer/', import.meta.url));

/** SNAPML_MNIST is the example config's model: sklearn MNIST SVM, `predict` FP32 [B,64] (model-zoo.md 5). */
const SNAPML_MNIST = zeroOutputModel({
  name: 'snapml-mnist-svm',
  platform: 'sklearn',
  inputs: [{ name: 'predict', datatype: 'FP32', shape: [-1, 64] }],
  outputs: [{ name: 'predict', datatype: 'INT64', shape: [-1] }],
});
const MODELS = [...REFERENCE_MODELS, SNAPML_MNIST];

let http: ReferenceServer;
let grpc: GrpcReferenceServer;
let dir: string;
before(async () => {
  http = await startReferenceServer({ models: MODELS });
  grpc = await startGrpcReferenceServer({ models: MODELS });
  dir = mkdtempSync(join(tmpdir(), 'loadgen-sweep-'));
});
after(async () => {
  await http.close();
  await grpc.close();
  rmSync(dir, { recursive: true, force: true });
});

/** served is every request both servers have received. */
const served = () => http.stats.requests + [...grpc.stats.byPath.values()].reduce((a, b) => a + b, 0);

/** localConfig writes a fixture with its base_url placeholders pointed at the local servers. */
function localConfig(name: string, edit: (text: string) => string = (t) => t): string {
  const text = readFileSync(join(FIXTURES, name), 'utf8')
    .replaceAll('localhost:8033', `127.0.0.1:${grpc.port}`)
    .replaceAll('GRPC_HOST_PORT', `127.0.0.1:${grpc.port}`)
    .replaceAll('HTTP_HOST_PORT', `127.0.0.1:${http.port}`);
  const file = join(dir, `${Math.random().toString(36).slice(2)}-${name}`);
  writeFileSync(file, edit(text));
  return file;
}

describe('loadgen sweep', () => {
  it("--dry-run prints every run of the documented Howitzer example and sends nothing", async () => {
    const before_ = served();
    const out = join(dir, 'dry');
    const r = await runCli(['sweep', localConfig('inference_test_skmnist.json'), '--dry-run', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const printed = JSON.parse(r.stdout) as { runs: number; plan: Array<{ id: string; name: string; command: string; plan: { load: unknown } }> };
    assert.equal(printed.runs, 5);
    assert.deepEqual(printed.plan.map((p) => p.id), ['001-0-warmup_0', '002-small_vus_sklearn_test_0', '003-small_vus_sklearn_test_1', '004-small_vus_sklearn_test_2', '005-small_vus_sklearn_test_3']);
    assert.match(printed.plan[4].command, /^loadgen infer --transport grpc --url 127\.0\.0\.1:\d+ --model snapml-mnist-svm --payload modelmesh-sklearn-mnist --vus 20 --duration 10s /);
    assert.deepEqual(printed.plan[4].plan.load, { kind: 'closed', vus: 20 });
    for (const p of printed.plan) assert.ok(existsSync(join(out, p.id, 'plan.json')), `${p.id}/plan.json`);
    assert.equal(existsSync(join(out, 'summary.json')), false, 'no roll-up without runs');
    assert.equal(served(), before_, 'nothing sent');
  });

  it('runs a short Howitzer sweep: a folder per run, the roll-up, and past a run that misses its threshold', async () => {
    const out = join(dir, 'run');
    const r = await runCli(['sweep', localConfig('short-sweep.json'), '--out', out, '--cooldown', '100ms']);
    assert.equal(r.code, 99, `a missed threshold makes the sweep exit 99\n${r.stderr}`);
    const ids = ['001-small_vus_sklearn_test_0', '002-small_vus_sklearn_test_1', '003-http_threshold_miss_0'];
    assert.deepEqual(readdirSync(out).sort(), [...ids, 'summary.html', 'summary.json', 'summary.md']);
    for (const id of ids) {
      assert.deepEqual(readdirSync(join(out, id)).filter((f) => f !== 'thresholds.json').sort(), ['k6-summary.json', 'plan.json', 'record.json', 'report.txt'], id);
    }

    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, { test_configs: Record<string, unknown>; start_time: string; end_time: string; test_results: { metrics: Record<string, Record<string, number>>; root_group: unknown } }>;
    assert.deepEqual(Object.keys(summary), ['small_vus_sklearn_test_0', 'small_vus_sklearn_test_1', 'http_threshold_miss_0']);
    for (const entry of Object.values(summary)) {
      assert.deepEqual(Object.keys(entry), ['test_configs', 'start_time', 'end_time', 'test_results']);
      assert.match(entry.start_time, /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}$/);
      assert.ok(!('http_req_duration{expected_response:true}' in entry.test_results.metrics), "removed as Howitzer's scraper does");
    }
    const grpcRun = summary.small_vus_sklearn_test_1;
    assert.deepEqual(grpcRun.test_configs.k6_opts, { vus: 2, duration: '1s' });
    assert.equal(grpcRun.test_configs.template, 'grpc/script_grpc_skmnist.js');
    assert.ok(grpcRun.test_results.metrics.grpc_req_duration.avg > 0, 'gRPC latency measured');
    assert.ok(grpcRun.test_results.metrics.iterations.count > 0);
    assert.ok(grpc.stats.byModel.get('snapml-mnist-svm')! > 0 || grpc.stats.inferences > 0, 'the gRPC server saw the model');
    const miss = summary.http_threshold_miss_0.test_results.metrics;
    assert.equal(miss.http_reqs.count, 20, 'iterations: 20 requests');
    assert.deepEqual((miss.http_req_duration as unknown as { thresholds: Record<string, boolean> }).thresholds, { 'avg<0.000001': true }, 'failed threshold marked as k6 does');

    const md = readFileSync(join(out, 'summary.md'), 'utf8').split('\n');
    const header = md.find((l) => l.startsWith('| run |'))!;
    assert.deepEqual(header.split('|').map((c) => c.trim()).filter(Boolean), ['run', 'vus', 'duration', 'iterations', 'requests', 'rps', 'throughput/s', 'errors', 'p50 ms', 'p90 ms', 'p99 ms', 'SLO']);
    const rows = md.filter((l) => /^\| 00\d-/.test(l)).map((l) => l.split('|').map((c) => c.trim()).slice(1, -1));
    assert.deepEqual(rows.map((c) => [c[0], c[1], c[2], c[3], c[11]]), [
      ['001-small_vus_sklearn_test_0', '1', '1s', '', '-'],
      ['002-small_vus_sklearn_test_1', '2', '1s', '', '-'],
      ['003-http_threshold_miss_0', '', '', '20', 'fail'],
    ]);
    assert.equal(rows[2][4], '20', 'requests');
    assert.equal(rows[2][7], '0', 'errors');

    const html = readFileSync(join(out, 'summary.html'), 'utf8');
    assert.equal(html.match(/<div class="chart" id="chart-param-\d+">/g)?.length, 3, 'one chart per swept parameter: vus, duration, iterations');
    assert.match(html, /default-src 'none'/);
    assert.match(html, /Latency and throughput by vus/);
  });

  it('bad input in a later run is one line, exit 2, before any load', async () => {
    const before_ = served();
    const config = localConfig('short-sweep.json', (t) => t.replace('"iterations": [20]', '"iterations": [20], "stages": [{"duration": "1s", "target": 2}]'));
    const r = await runCli(['sweep', config, '--out', join(dir, 'bad')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^loadgen: .*:\d+: test_configs\[1\]\.k6_opts\.stages: k6 option "stages" has no loadgen equivalent; remove it/);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.equal(served(), before_);
  });

  it("bad input found by a later run's plan (a rate that is not one) stops the sweep before any load", async () => {
    const before_ = served();
    const config = join(dir, 'native.yaml');
    writeFileSync(config, `command: infer\nflags:\n  url: ${http.url}\n  model: iris\n  iterations: [1, 2]\n  rate: ["10", "ten"]\n`);
    const r = await runCli(['sweep', config, '--out', join(dir, 'bad2')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^loadgen: sweep run infer_1 \(002-infer_1\): --rate/);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.equal(served(), before_);
  });

  it("loadgen's own format: a missed objective stops the sweep with --stop-on-failure; extra reports in the run folder", async () => {
    const config = join(dir, 'stop.yaml');
    writeFileSync(config, `name: iris\ncommand: infer\nreports: [html]\nflags:\n  url: ${http.url}\n  model: iris\n  iterations: [5, 6]\n  slo: "p99<=1ns"\n`);
    const out = join(dir, 'stop');
    const r = await runCli(['sweep', config, '--out', out, '--stop-on-failure', '--cooldown', '0']);
    assert.equal(r.code, 99, r.stderr);
    assert.deepEqual(readdirSync(join(out, '001-iris_0')).sort(), ['html.html', 'k6-summary.json', 'plan.json', 'record.json', 'report.txt']);
    assert.deepEqual(readdirSync(join(out, '002-iris_1')), ['plan.json'], 'planned, never run');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, { test_configs: unknown }>;
    assert.deepEqual(Object.keys(summary), ['iris_0']);
    assert.deepEqual(summary.iris_0.test_configs, { name: 'iris', command: 'infer', flags: { url: http.url, model: 'iris', iterations: 5, slo: 'p99<=1ns' } });
  });

  it('a run that fails outright (not ready) is recorded as an error, the sweep goes on and exits 1', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const config = join(dir, 'error.yaml');
    writeFileSync(config, `command: infer\nflags:\n  url: [${closed}, ${http.url}]\n  model: iris\n  iterations: 3\n  wait-ready: 300ms\n`);
    const out = join(dir, 'error');
    const r = await runCli(['sweep', config, '--out', out, '--cooldown', '0']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /loadgen: sweep: 001-infer_0: .*not ready/i);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, { test_results: { metrics: Record<string, { count: number }> } | null }>;
    assert.equal(summary.infer_0.test_results, null, 'no record, no results');
    assert.equal(summary.infer_1.test_results!.metrics.http_reqs.count, 3);
    const row = readFileSync(join(out, 'summary.md'), 'utf8').split('\n').find((l) => l.startsWith('| 001-infer_0 |'))!;
    assert.deepEqual(row.split('|').map((c) => c.trim()).slice(1, -1), ['001-infer_0', closed, '', '', '', '', '', '', '', 'error']);
  });
});

test('a native sweep of generate: one run per listed rate against the reference LLM server, each counted exactly', async () => {
  const llm = await startLlmServer({ random: seededRandom(3), itl: parseLatencyModel('1ms', '--itl') });
  const tmp = mkdtempSync(join(tmpdir(), 'loadgen-sweep-llm-'));
  try {
    const config = join(tmp, 'llm.yaml');
    writeFileSync(config, `name: chat\ncommand: generate\nflags:\n  url: ${llm.url}\n  output-tokens: 4\n  rate: ["5", "10"]\n  duration: 1s\n`);
    const out = join(tmp, 'out');
    const r = await runCli(['sweep', config, '--out', out, '--cooldown', '0']);
    assert.equal(r.code, 0, r.stderr);
    const records = ['001-chat_0', '002-chat_1'].map((d) => JSON.parse(readFileSync(join(out, d, 'record.json'), 'utf8')) as { requests: number; llm: { requests: number; output_tokens: number } });
    assert.deepEqual(records.map((x) => x.requests), [5, 10], 'rate x duration per run');
    assert.deepEqual(records.map((x) => x.llm.output_tokens), [5 * 4, 10 * 4]);
    assert.equal(llm.stats.requests, 15, 'the server saw every request');
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as object), ['chat_0', 'chat_1']);
  } finally {
    await llm.close();
    rmSync(tmp, { recursive: true, force: true });
  }
});
