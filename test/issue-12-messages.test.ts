/**
 * Issue 12, messages and figures a user relies on: the workers used (capped at the usable CPUs)
 * in the header, --h2c against an HTTP/1.1 server, grpc -d DURATION, and an open loop that fell
 * behind its schedule saying so instead of silently sending fewer.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from './helpers/cli.js';
import { startFixture } from './helpers/http-fixture.js';
import { usableCpus } from '../src/plan/usable-cpus.js';
import { parseLatencyModel } from '../src/servers/latency-model.js';
import { startGrpcReferenceServer } from '../src/servers/grpc-reference-server.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-issue12-'));

test('--workers above the usable CPUs: a warning, and the header shows the workers used', async () => {
  const server = await startFixture();
  try {
    const r = await runCli(['attack', '--url', `${server.url}/`, '--rate', '100', '-n', '50', '--workers', '10000', '--report', 'text']);
    assert.equal(r.code, 0, r.stderr);
    const cpus = usableCpus();
    assert.match(r.stderr, new RegExp(`^loadgen: --workers 10000: only ${cpus} CPUs? (is|are) usable here .*; using ${cpus} workers$`, 'm'));
    assert.match(r.stdout, new RegExp(`, ${cpus} workers?\\n`));
    // One user can keep one worker busy: the header says 1, not the 2 asked.
    const one = await runCli(['attack', '--url', `${server.url}/`, '--vus', '1', '-n', '5', '--workers', '2', '--report', 'text']);
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /, 1 worker\n/);
  } finally {
    await server.close();
  }
});

test('--h2c against an HTTP/1.1-only server says to drop --h2c', async () => {
  const h1 = createServer((_req, res) => res.end('hi'));
  await new Promise<void>((resolve) => h1.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(h1.address() as AddressInfo).port}/`;
    const out = join(dir, 'h2c.json');
    const r = await runCli(['attack', '--url', url, '--h2c', '--rate', '50', '-n', '3', '--report', `json=${out}`]);
    assert.equal(r.code === 0 || r.code === 1, true, r.stderr);
    const j = JSON.parse(readFileSync(out, 'utf8')) as { requests: number; errors: Array<{ text: string; count: number }> };
    assert.equal(j.requests, 3);
    assert.deepEqual(j.errors.map((e) => e.count), [3]);
    assert.match(j.errors[0].text, /^Get ".*": Protocol error \(the server does not speak HTTP\/2 over cleartext; drop --h2c\)$/);
  } finally {
    h1.closeAllConnections();
    await new Promise<void>((resolve) => h1.close(() => resolve()));
  }
});

test('an open loop held back by its in-flight cap says how many it did not send, and sent + dropped = R x D', async () => {
  // 100 ms per call and -c 4: at most ~40 calls/s can be in flight for the 200/s asked.
  const server = await startGrpcReferenceServer({ port: 0, latency: parseLatencyModel('100ms') });
  try {
    const out = join(dir, 'shortfall.json');
    const r = await runCli(['grpc', '--insecure', '--proto', 'echo', '--call', 'loadgen.echo.Echo/Unary', '-d', '{}', '--rps', '200', '-z', '1s', '-c', '4', '-O', 'lg-json', '-o', out, server.address]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(readFileSync(out, 'utf8')) as { requests: number; dropped: number };
    assert.equal(j.requests + j.dropped, 200, 'every scheduled call is sent or counted as dropped');
    assert.ok(j.dropped > 100, `${j.dropped} dropped`);
    assert.match(r.stderr, new RegExp(`^loadgen: ${j.dropped} of 200 scheduled requests were not sent \\(dropped\\): -c 4 were in flight and the schedule fell behind; raise the cap or lower the rate$`, 'm'));
  } finally {
    await server.close();
  }
});
