/**
 * Failing targets are measured, never a crash: refused connections, a target dying mid-run,
 * timeouts, 5xx, the in-flight cap dropping hits; and SIGINT stops gracefully with every report.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { freePort } from '../helpers/ports.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, startCli } from '../helpers/cli.js';
import { startFixture } from '../helpers/http-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-faults-'));

interface LoadgenJson {
  requests: number;
  successes: number;
  dropped: number;
  interrupted: boolean;
  status_codes: Record<string, number>;
  errors: Array<{ text: string; count: number }>;
}

/** untilRequests resolves once the server has received n requests (an event, not a guess at start-up time). */
async function untilRequests(server: { requests: number }, n: number): Promise<void> {
  while (server.requests < n) await new Promise((r) => setTimeout(r, 10));
}

test('connection refused is recorded as code 0 with Go-worded error text', async () => {
  const port = await freePort();
  const out = join(dir, 'refused.json');
  const r = await runCli(['attack', '--url', `http://127.0.0.1:${port}/`, '--rate', '100', '-n', '20', '--report', `json=${out}`]);
  // No success at all: exit 1 with the top error (issue 12), the report still written.
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^loadgen: all 20 requests failed; every one got: .*connection refused\n$/);
  const j = JSON.parse(readFileSync(out, 'utf8')) as LoadgenJson;
  assert.equal(j.requests, 20);
  assert.equal(j.successes, 0);
  assert.deepEqual(j.status_codes, { '0': 20 });
  assert.equal(j.errors[0].text, `Get "http://127.0.0.1:${port}/": dial tcp 127.0.0.1:${port}: connect: connection refused`);
});

test('a target that dies mid-run: every request sent is recorded, failures counted, exit 0', async () => {
  const server = await startFixture();
  const out = join(dir, 'dies.json');
  const results = join(dir, 'dies.jsonl');
  const poll = setInterval(() => {
    if (server.requests < 100) return;
    clearInterval(poll);
    void server.kill();
  }, 5);
  const r = await runCli(['attack', '--url', `${server.url}/`, '--rate', '200', '-d', '2s', '-o', results, '--report', `json=${out}`]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(readFileSync(out, 'utf8')) as LoadgenJson;
  assert.equal(j.requests, 400, 'sent = recorded');
  assert.ok(j.successes >= 100 && j.successes < 400, `${j.successes} ok before the target died`);
  assert.ok((j.status_codes['0'] ?? 0) > 0, 'failures after the death are code 0');
  assert.equal(readFileSync(results, 'utf8').trim().split('\n').length, 400, 'every result is in the results file');
});

test('5xx answers count as failures with the status text as the error', async () => {
  const server = await startFixture({ status: 503 });
  try {
    const out = join(dir, '503.json');
    const r = await runCli(['attack', '--url', `${server.url}/`, '--rate', '50', '-n', '10', '--report', `json=${out}`]);
    assert.equal(r.code, 1, r.stderr);
    const j = JSON.parse(readFileSync(out, 'utf8')) as LoadgenJson;
    assert.deepEqual(j.status_codes, { '503': 10 });
    assert.deepEqual(j.errors, [{ text: '503 Service Unavailable', count: 10 }]);
  } finally {
    await server.close();
  }
});

test('--timeout aborts slow requests with a deadline error', async () => {
  const server = await startFixture({ delayMs: 2000 });
  try {
    const out = join(dir, 'timeout.json');
    const r = await runCli(['attack', '--url', `${server.url}/`, '--rate', '20', '-n', '5', '--timeout', '200ms', '--report', `json=${out}`]);
    assert.equal(r.code, 1, r.stderr);
    const j = JSON.parse(readFileSync(out, 'utf8')) as LoadgenJson & { latency: { service: { exact: { max_ns: number } } } };
    // Each request ended at its timeout, not with the 2 s answer (a latency, not start-up time).
    assert.ok(j.latency.service.exact.max_ns < 1.5e9, `the run did not wait for the slow answers: max ${j.latency.service.exact.max_ns} ns`);
    assert.equal(j.requests, 5);
    assert.match(j.errors[0].text, /context deadline exceeded/);
  } finally {
    await server.close();
  }
});

test('--max-in-flight drops the hits that are due while the cap is reached, and counts them', async () => {
  const server = await startFixture({ delayMs: 100 });
  try {
    const out = join(dir, 'dropped.json');
    const r = await runCli(['attack', '--url', `${server.url}/`, '--rate', '200', '-d', '1s', '--max-in-flight', '2', '--workers', '1', '--report', `json=${out}`]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(readFileSync(out, 'utf8')) as LoadgenJson;
    assert.equal(j.requests + j.dropped, 200, 'every due hit is sent or dropped');
    assert.ok(j.dropped > 150, `${j.dropped} dropped`);
    assert.equal(j.requests, server.requests);
  } finally {
    await server.close();
  }
});

test('SIGINT stops sending, waits for in-flight requests, and still writes every report and result', async () => {
  const server = await startFixture({ delayMs: 300 });
  try {
    const out = join(dir, 'sigint.json');
    const results = join(dir, 'sigint.jsonl');
    const { child, done } = startCli(['attack', '--url', `${server.url}/`, '--rate', '50', '-d', '60s', '-o', results, '--report', `json=${out}`, '--report', 'text']);
    // Once the load runs (a signal before it would end the run with 0 requests and exit 130).
    await untilRequests(server, 1);
    const at = Date.now();
    child.kill('SIGINT');
    const r = await done;
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Date.now() - at < 3000, 'stopped promptly');
    const j = JSON.parse(readFileSync(out, 'utf8')) as LoadgenJson;
    assert.equal(j.interrupted, true);
    assert.equal(j.requests, server.requests, 'requests sent = requests recorded');
    assert.equal(j.successes, j.requests, 'in-flight requests were waited for, not cancelled');
    assert.equal(readFileSync(results, 'utf8').trim().split('\n').length, j.requests);
    assert.match(r.stdout, /Interrupted/);
  } finally {
    await server.close();
  }
});

test('after the grace period, requests still in flight are cancelled and recorded', async () => {
  const server = await startFixture({ delayMs: 5000 });
  try {
    const out = join(dir, 'grace.json');
    const { child, done } = startCli(['attack', '--url', `${server.url}/`, '--rate', '20', '-d', '60s', '--grace', '300ms', '--report', `json=${out}`]);
    await untilRequests(server, 1);
    child.kill('SIGTERM');
    const r = await done;
    // Every request cancelled by loadgen itself: not the target failing, so exit 0 (issue 12).
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(readFileSync(out, 'utf8')) as LoadgenJson;
    assert.ok(j.requests > 0);
    assert.equal(j.successes, 0);
    assert.match(j.errors[0].text, /context canceled/);
  } finally {
    await server.close();
  }
});
