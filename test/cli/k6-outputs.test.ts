/**
 * k6's output flags on the load commands: --summary-export FILE writes k6's legacy summary with
 * the objectives as thresholds (true = failed, as k6 writes them), --out csv=FILE.gz k6's CSV
 * gzipped, and an output kind loadgen does not write is refused with one line before any load.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';
import { startGrpcReferenceServer, type GrpcReferenceServer } from '../../src/servers/grpc-reference-server.js';
import { K6_CSV_HEADER } from '../../src/results/k6-csv-encoder.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-k6-out-'));
let http: ReferenceServer;
let grpc: GrpcReferenceServer;
before(async () => {
  http = await startReferenceServer({ port: 0 });
  grpc = await startGrpcReferenceServer({ port: 0 });
});
after(async () => {
  await http.close();
  await grpc.close();
});

test("--summary-export writes k6's summary, objectives as thresholds that say whether they failed", async () => {
  const file = join(dir, 'summary.json');
  const r = await runCli(['infer', '--url', http.url, '--model', 'iris', '--rate', '100', '-d', '1s', '--slo', 'p(90)<=1s', '--slo', 'rps>=1000000', '--summary-export', file]);
  assert.equal(r.code, 99, r.stderr);
  assert.match(r.stdout, /^loadgen infer: /, 'the text report still goes to stdout');
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
  assert.equal(doc.root_group.id, 'd41d8cd98f00b204e9800998ecf8427e');
  const duration = doc.metrics.http_req_duration;
  assert.equal(typeof duration['p(90)'], 'number');
  assert.ok(duration['p(90)'] > 0 && duration['p(90)'] < 1000, `p(90) ${duration['p(90)']} ms`);
  assert.deepEqual(duration.thresholds, { 'p(90)<=1s': false });
  assert.deepEqual(doc.metrics.http_reqs.thresholds, { 'rps>=1000000': true });
  assert.equal(doc.metrics.http_reqs.count, 100);
});

test("--out csv=FILE.gz writes k6's CSV gzipped, k6's header first", async () => {
  const file = join(dir, 'results.csv.gz');
  const r = await runCli(['attack', '--url', `${http.url}/v2/health/ready`, '--rate', '50', '-d', '1s', '--out', `csv=${file}`]);
  assert.equal(r.code, 0, r.stderr);
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  assert.equal(text.slice(0, K6_CSV_HEADER.length), K6_CSV_HEADER);
  assert.equal(text.split('\n').filter((l) => l.startsWith('http_reqs,')).length, 50);
});

test('--out json=FILE streams vegeta JSON lines, one per request', async () => {
  const file = join(dir, 'results.jsonl');
  const r = await runCli(['attack', '--url', `${http.url}/v2/health/ready`, '--rate', '50', '-d', '1s', '--out', `json=${file}`]);
  assert.equal(r.code, 0, r.stderr);
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 50);
  assert.equal((JSON.parse(lines[0]) as { code: number }).code, 200);
});

test('loadgen grpc takes --out csv= and --summary-export too (grpc_req_duration)', async () => {
  const csv = join(dir, 'grpc.csv');
  const summary = join(dir, 'grpc-summary.json');
  const echo = ['--insecure', '--proto', 'protos/loadgen/echo.proto', '--call', 'loadgen.echo.Echo/Unary', '-d', '{"text":"hi"}'];
  const r = await runCli(['grpc', ...echo, '-n', '20', '-c', '2', '--out', `csv=${csv}`, '--summary-export', summary, grpc.address]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(csv, 'utf8').split('\n').filter((l) => l.startsWith('grpc_req_duration,')).length, 20);
  assert.equal(typeof (JSON.parse(readFileSync(summary, 'utf8')) as any).metrics.grpc_req_duration['p(95)'], 'number');
});

test('--out of a kind loadgen does not write, or beside -o, is refused with one line before any load', async () => {
  const before = http.stats.inferences;
  const influx = await runCli(['infer', '--url', http.url, '--model', 'iris', '-n', '5', '--out', 'influxdb=http://localhost:8086/k6']);
  assert.equal(influx.code, 2);
  assert.match(influx.stderr, /^loadgen: --out: "influxdb=http:\/\/localhost:8086\/k6" is not an output loadgen writes; .*\n$/);
  const both = await runCli(['infer', '--url', http.url, '--model', 'iris', '-n', '5', '--out', 'csv=a.csv', '-o', 'b.jsonl']);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /^loadgen: --out and -o\/--output both stream results; give one of them\n$/);
  const nowhere = await runCli(['infer', '--url', http.url, '--model', 'iris', '-n', '5', '--summary-export', join(dir, 'no-such-dir', 's.json')]);
  assert.equal(nowhere.code, 2);
  assert.match(nowhere.stderr, /^loadgen: --summary-export .*s\.json: directory .*no-such-dir does not exist; .*\n$/);
  assert.equal(http.stats.inferences, before);
});
