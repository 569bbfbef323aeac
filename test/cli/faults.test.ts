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
import { until } from '../helpers/until.js';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';
import { parseHttpFaults } from '../../src/servers/http-faults.js';
import { seededRandom } from '../../src/core/seeded-random.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-faults-'));

interface LoadgenJson {
  requests: number;
  successes: number;
  dropped: number;
  interrupted: boolean;
  status_codes: Record<string, number>;
  errors: Array<{ text: string; count: number }>;
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
  // The server never answers (a stall, ended when it closes): only the timeout can end this run.
  const server = await startReferenceServer({ faults: parseHttpFaults(['stall']) });
  try {
    const out = join(dir, 'timeout.json');
    const r = await runCli(['attack', '--url', `${server.url}/v2/health/live`, '--rate', '20', '-n', '5', '--timeout', '200ms', '--report', `json=${out}`]);
    assert.equal(r.code, 1, r.stderr); // every request failed (issue 12: exit 1)
    const j = JSON.parse(readFileSync(out, 'utf8')) as LoadgenJson;
    assert.equal(j.requests, 5);
    assert.deepEqual(j.status_codes, { '0': 5 });
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
    // Signal once the load is flowing (the server saw requests), however long start-up took.
    await until(() => server.requests >= 10);
    child.kill('SIGINT');
    const r = await done;
    assert.equal(r.code, 0, r.stderr);
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
    await until(() => server.requests >= 3);
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

// Faults of the reference server (loadgen serve --fault): every mode ends on time, counts every
// request (sent = recorded = sum of status codes = results-file lines), and reports the errors
// by kind, vegeta's way (code 0 and Go's error text for transport failures).
interface FaultJson extends LoadgenJson {
  bytes_in: { total: number; mean: number };
}
interface FaultRow {
  faults: string[];
  /** args replace the defaults (--timeout 300ms). */
  args?: string[];
  expect: (j: FaultJson, served: Record<string, number>) => void;
}
const RATE = 100;
const DURATION_S = 0.5;
const TIMEOUT_S = 0.3;
/** BUSY_MARGIN_S covers a busy 2-core machine; a stalled answer would take the test's whole minute. */
const BUSY_MARGIN_S = 8;
const errorsMatch = (j: FaultJson, re: RegExp): void => {
  for (const e of j.errors) assert.match(e.text, re, `error kind: ${e.text}`);
};
const faultRows: FaultRow[] = [
  { faults: ['status:503'], expect: (j) => (assert.deepEqual(j.status_codes, { '503': 50 }), assert.deepEqual(j.errors, [{ text: '503 Service Unavailable', count: 50 }])) },
  {
    faults: ['status:429@0.3', 'status:503@0.3'],
    expect: (j, served) => {
      assert.equal((j.status_codes['429'] ?? 0) + (j.status_codes['503'] ?? 0), served.status ?? 0, 'each injected status is recorded as sent');
      assert.ok((j.status_codes['200'] ?? 0) > 0 && (j.status_codes['503'] ?? 0) > 0, JSON.stringify(j.status_codes));
    },
  },
  { faults: ['reset'], expect: (j) => (assert.deepEqual(j.status_codes, { '0': 50 }), errorsMatch(j, /: (read: connection reset by peer|EOF)$/)) },
  { faults: ['stall'], expect: (j) => (assert.deepEqual(j.status_codes, { '0': 50 }), errorsMatch(j, /: context deadline exceeded/)) },
  { faults: ['trickle:100ms'], expect: (j) => (assert.deepEqual(j.status_codes, { '0': 50 }), errorsMatch(j, /: context deadline exceeded/)) },
  { faults: ['trickle:2ms'], args: ['--timeout', '10s'], expect: (j) => (assert.deepEqual(j.status_codes, { '200': 50 }), assert.equal(j.bytes_in.mean, 470, 'ten 47-byte chunks')) },
  { faults: ['huge:1MiB'], args: ['--timeout', '10s'], expect: (j) => (assert.deepEqual(j.status_codes, { '200': 50 }), assert.equal(j.bytes_in.total, 50 * 2 ** 20)) },
  {
    faults: ['close-after:5'],
    args: ['--timeout', '10s'],
    expect: (j, served) => {
      assert.equal(j.status_codes['0'], served['close-after'], 'each closed connection fails one request');
      assert.equal((j.status_codes['0'] ?? 0) + (j.status_codes['200'] ?? 0), 50);
      errorsMatch(j, /: EOF$/);
    },
  },
  { faults: ['refuse'], expect: (j) => (assert.deepEqual(j.status_codes, { '0': 50 }), errorsMatch(j, /: (read: connection reset by peer|EOF)$/)) },
];

for (const row of faultRows) {
  test(`fault ${row.faults.join(' ')}: on time, every request counted, errors by kind`, { timeout: 60_000 }, async () => {
    const server = await startReferenceServer({ faults: parseHttpFaults(row.faults), random: seededRandom(12) });
    try {
      const name = row.faults.join('-').replace(/[^a-z0-9-]/gi, '_');
      const out = join(dir, `fault-${name}.json`);
      const results = join(dir, `fault-${name}.jsonl`);
      const args = row.args ?? ['--timeout', `${TIMEOUT_S * 1000}ms`];
      const { child, done } = startCli(['attack', '--url', `${server.url}/v2/health/live`, '--rate', String(RATE), '-d', `${DURATION_S}s`, ...args, '-o', results, '--report', `json=${out}`]);
      // On time: from the first request (or connection) the server saw, the run ends within
      // -d + --timeout and a margin for a busy machine, never after a stalled answer's own pace.
      await until(() => server.stats.requests > 0 || child.exitCode !== null || faultCounts(server).refuse !== undefined);
      const firstAt = Date.now();
      const r = await done;
      // Rows with a long --timeout answer fast (trickle:2ms, close-after), so the same bound holds.
      assert.ok(Date.now() - firstAt < (DURATION_S + TIMEOUT_S + BUSY_MARGIN_S) * 1000, 'ended on time');
      const j = JSON.parse(readFileSync(out, 'utf8')) as FaultJson;
      // A run in which every request failed gates with exit 1 (and its one line); otherwise 0.
      assert.equal(r.code, j.successes === 0 ? 1 : 0, r.stderr);
      if (j.successes === 0) assert.match(r.stderr, /^loadgen: all \d+ requests failed/m);
      assert.equal(j.requests, RATE * DURATION_S, 'R x D sent and recorded');
      assert.equal(Object.values(j.status_codes).reduce((a, b) => a + b, 0), j.requests, 'sum of status codes');
      assert.equal(readFileSync(results, 'utf8').trim().split('\n').length, j.requests, 'results-file lines');
      const served = faultCounts(server);
      if (!row.faults.includes('refuse')) assert.equal(server.stats.requests, j.requests, 'every request reached the server');
      row.expect(j, served);
    } finally {
      await server.close();
    }
  });
}

/** faultCounts are the server's counts per fault kind, as GET /_loadgen/faults answers them. */
function faultCounts(server: ReferenceServer): Record<string, number> {
  return server.faults().counts;
}

test('faults switched at run time (POST /_loadgen/faults): before and after are both counted', { timeout: 60_000 }, async () => {
  const server = await startReferenceServer();
  try {
    const out = join(dir, 'fault-switch.json');
    const { done } = startCli(['attack', '--url', `${server.url}/v2/health/live`, '--rate', '100', '-d', '2s', '--report', `json=${out}`]);
    await until(() => server.stats.requests >= 30);
    const set = await fetch(`${server.url}/_loadgen/faults`, { method: 'POST', body: 'status:500' });
    assert.deepEqual(await set.json(), { faults: ['status:500'], counts: {} });
    const bad = await fetch(`${server.url}/_loadgen/faults`, { method: 'POST', body: 'status:200' });
    assert.equal(bad.status, 400, 'a bad fault text is refused and the faults stay');
    const r = await done;
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(readFileSync(out, 'utf8')) as LoadgenJson;
    assert.equal(j.requests, 200);
    assert.ok(j.status_codes['200'] >= 30, JSON.stringify(j.status_codes));
    assert.equal(j.status_codes['500'], server.faults().counts.status, 'every injected 500 recorded');
    assert.equal(j.status_codes['200'] + j.status_codes['500'], 200);
    const cleared = await fetch(`${server.url}/_loadgen/faults`, { method: 'DELETE' });
    assert.deepEqual(await cleared.json(), { faults: [], counts: {} });
  } finally {
    await server.close();
  }
});
