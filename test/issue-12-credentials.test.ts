/**
 * Issue 12, secrets: credentials in a URL are sent as a Basic Authorization header (as curl and
 * Go) and printed nowhere; Authorization (HTTP) and `authorization` (gRPC metadata) values, and
 * each --redact-header NAME, are REDACTED in the plan, reports, records and results files.
 * Also: results files keep no response body unless --max-body asks.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startGrpcReferenceServer, type GrpcReferenceServer } from '../src/servers/grpc-reference-server.js';
import { runCli } from './helpers/cli.js';
import { startFixture, type Fixture } from './helpers/http-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-i12-cred-'));
const at = (name: string) => join(dir, name);
let target: Fixture;
let grpcServer: GrpcReferenceServer;

before(async () => {
  target = await startFixture({ body: 'x'.repeat(100_000) });
  grpcServer = await startGrpcReferenceServer({ port: 0 });
});
after(async () => {
  await target.close();
  await grpcServer.close();
});

test('URL credentials: sent as Basic auth, printed in no report, record, results file, html or plan', async () => {
  const url = target.url.replace('http://', 'http://alice:S3CRET@') + '/p';
  const r = await runCli([
    'attack', '--url', url, '--rate', '20', '-n', '5',
    '-o', at('r.jsonl'), '--report', 'text', '--report', `json=${at('j.json')}`, '--report', `html=${at('r.html')}`, '--report', `vegeta-json=${at('v.json')}`, '--result', at('rec.json'),
  ]);
  assert.equal(r.code, 0, r.stderr);
  const sent = target.headers.slice(-5).map((h) => h.authorization);
  assert.deepEqual(sent, Array(5).fill(`Basic ${Buffer.from('alice:S3CRET').toString('base64')}`));
  assert.match(r.stdout, /GET http:\/\/alice:REDACTED@127\.0\.0\.1:\d+\/p/);
  const printed = [r.stdout, r.stderr, ...['r.jsonl', 'j.json', 'r.html', 'v.json', 'rec.json'].map((f) => readFileSync(at(f), 'utf8'))];
  for (const text of printed) assert.doesNotMatch(text, /S3CRET|YWxpY2U6UzNDUkVU/);
  const plan = await runCli(['attack', '--url', url, '--rate', '20', '-n', '5', '--dry-run']);
  assert.doesNotMatch(plan.stdout, /S3CRET|YWxpY2U6UzNDUkVU/);
  assert.match(plan.stdout, /"Authorization",\s+"REDACTED"/);
});

test('an explicit Authorization header wins over URL credentials, as in curl and Go', async () => {
  const url = target.url.replace('http://', 'http://alice:S3CRET@') + '/';
  const r = await runCli(['attack', '--url', url, '-H', 'Authorization: Bearer T0KEN', '--rate', '20', '-n', '2', '--report', `json=${at('explicit.json')}`]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(target.headers.slice(-2).map((h) => h.authorization), ['Bearer T0KEN', 'Bearer T0KEN']);
});

test('--redact-header NAME: the request header in the plan and the response header in results files show REDACTED', async () => {
  const plan = await runCli(['attack', '--url', `${target.url}/`, '-H', 'X-Api-Key: K3Y', '-H', 'Authorization: Bearer T0KEN', '--redact-header', 'x-api-key', '--rate', '1', '-n', '1', '--dry-run']);
  assert.equal(plan.code, 0, plan.stderr);
  assert.doesNotMatch(plan.stdout, /K3Y|T0KEN/);
  assert.match(plan.stdout, /"X-Api-Key",\s+"REDACTED"/);
  const r = await runCli(['attack', '--url', `${target.url}/`, '--redact-header', 'Content-Length', '--rate', '20', '-n', '2', '-o', at('redact.jsonl')]);
  assert.equal(r.code, 0, r.stderr);
  for (const line of readFileSync(at('redact.jsonl'), 'utf8').trim().split('\n')) {
    assert.deepEqual((JSON.parse(line) as { headers: Record<string, string[]> }).headers['Content-Length'], ['REDACTED']);
  }
});

test('gRPC authorization metadata: REDACTED in the plan and in ghz report options', async () => {
  const args = ['grpc', '--insecure', '--proto', 'protos/loadgen/echo.proto', '--call', 'loadgen.echo.Echo/Unary', '-d', '{"text":"hi"}', '-m', '{"authorization":"Bearer G0SECRET","x-tenant":"t1"}', '-n', '3'];
  const plan = await runCli([...args, '--dry-run', grpcServer.address]);
  assert.equal(plan.code, 0, plan.stderr);
  assert.doesNotMatch(plan.stdout, /G0SECRET/);
  const r = await runCli([...args, '-O', 'json', '-o', at('ghz.json'), '--result', at('ghz-rec.json'), grpcServer.address]);
  assert.equal(r.code, 0, r.stderr);
  const ghz = JSON.parse(readFileSync(at('ghz.json'), 'utf8')) as { options: { metadata: Record<string, string> } };
  assert.deepEqual(ghz.options.metadata, { authorization: 'REDACTED', 'x-tenant': 't1' });
  assert.doesNotMatch(readFileSync(at('ghz-rec.json'), 'utf8'), /G0SECRET/);
});

test('results files keep no body by default (the field present, empty), bytes_in counts it all; --max-body keeps that much', async () => {
  const r = await runCli(['attack', '--url', `${target.url}/`, '--rate', '20', '-n', '3', '-o', at('nobody.jsonl')]);
  assert.equal(r.code, 0, r.stderr);
  for (const line of readFileSync(at('nobody.jsonl'), 'utf8').trim().split('\n')) {
    const rec = JSON.parse(line) as { body: string; bytes_in: number };
    assert.deepEqual([rec.body, rec.bytes_in], ['', 100_000]);
  }
  const kept = await runCli(['attack', '--url', `${target.url}/`, '--rate', '20', '-n', '3', '-o', at('some.jsonl'), '--max-body', '10']);
  assert.equal(kept.code, 0, kept.stderr);
  const first = JSON.parse(readFileSync(at('some.jsonl'), 'utf8').split('\n')[0]!) as { body: string };
  assert.equal(Buffer.from(first.body, 'base64').toString(), 'x'.repeat(10));
});
