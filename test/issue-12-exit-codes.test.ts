/**
 * Issue 12, exit codes that gate: a run in which no request succeeded exits 1 with one line
 * saying what every request got; a run with some success exits 0; a missed objective stays 99.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from './helpers/cli.js';
import { startFixture, type Fixture } from './helpers/http-fixture.js';
import { freePort } from './helpers/ports.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-i12-exit-'));
let target: Fixture;

before(async () => {
  target = await startFixture();
});
after(() => target.close());

test('every request refused: exit 1, one line with the top error, and the reports still written', async () => {
  const port = await freePort();
  const report = join(dir, 'refused.json');
  const r = await runCli(['attack', '--url', `http://127.0.0.1:${port}/`, '--rate', '20', '-d', '1s', '--report', `json=${report}`, '--report', 'text']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^loadgen: all (\d+) requests failed; every one got: Get "http:\/\/127\.0\.0\.1:\d+\/": dial tcp 127\.0\.0\.1:\d+: connect: connection refused\n$/);
  assert.match(r.stdout, /Requests\s+\d+ sent, 0 ok/);
  assert.equal((JSON.parse(readFileSync(report, 'utf8')) as { successes: number }).successes, 0);
});

test('an unresolvable host: exit 1 saying no such host', async () => {
  const r = await runCli(['attack', '--url', 'http://no-such-host.invalid/', '--rate', '5', '-n', '3', '--report', `json=${join(dir, 'dns.json')}`]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^loadgen: all 3 requests failed; every one got: .*no such host\n$/);
});

test('every answer a 500: exit 1; the same target answering 200 exits 0', async () => {
  target.behaviour = { status: 500 };
  try {
    const failing = await runCli(['attack', '--url', target.url, '--rate', '20', '-n', '10', '--report', `json=${join(dir, '500.json')}`]);
    assert.equal(failing.code, 1, failing.stderr);
    assert.match(failing.stderr, /^loadgen: all 10 requests failed; every one got: 500 Internal Server Error\n$/);
  } finally {
    target.behaviour = {};
  }
  const ok = await runCli(['attack', '--url', target.url, '--rate', '20', '-n', '10', '--report', `json=${join(dir, '200.json')}`]);
  assert.equal(ok.code, 0, ok.stderr);
});

test('some successes among failures: exit 0', async () => {
  let n = 0;
  const flaky = await startFixture();
  // Every other answer fails: the run is degraded, not dead.
  Object.defineProperty(flaky, 'behaviour', { get: () => ({ status: n++ % 2 === 0 ? 200 : 503 }), set: () => {} });
  try {
    const r = await runCli(['attack', '--url', flaky.url, '--vus', '1', '-n', '10', '--report', `json=${join(dir, 'flaky.json')}`]);
    assert.equal(r.code, 0, r.stderr);
    const rep = JSON.parse(readFileSync(join(dir, 'flaky.json'), 'utf8')) as { successes: number; requests: number };
    assert.equal(rep.successes, 5);
    assert.equal(rep.requests, 10);
  } finally {
    await flaky.close();
  }
});

test('every request failed and an objective missed: 99 (the objective gate), not 1', async () => {
  const port = await freePort();
  const r = await runCli(['attack', '--url', `http://127.0.0.1:${port}/`, '--rate', '20', '-n', '5', '--slo', 'error-rate<1%', '--report', `json=${join(dir, 'slo.json')}`]);
  assert.equal(r.code, 99, r.stderr);
});

test('streams cut on purpose (--stream-call-count: Canceled, as ghz reports them) are not a failed run: exit 0', async () => {
  const { startGrpcReferenceServer } = await import('../src/servers/grpc-reference-server.js');
  const grpc = await startGrpcReferenceServer({ port: 0 });
  try {
    const r = await runCli(['grpc', '--insecure', '--proto', 'echo', '--call', 'loadgen.echo.Echo/ServerStream', '-d', '{"text":"s","count":50}', '-c', '2', '-n', '4', '--stream-call-count', '3', '-O', 'json', '-o', join(dir, 'cut.json'), grpc.address]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(readFileSync(join(dir, 'cut.json'), 'utf8')) as { statusCodeDistribution: Record<string, number> }).statusCodeDistribution, { Canceled: 4 });
  } finally {
    await grpc.close();
  }
});
