/**
 * HTTP/2 faults of the reference server (`loadgen serve --h2c --fault ...`, issue 12): over h2c
 * every mode ends on time, counts every request (sent = recorded = sum of status codes =
 * results-file lines), and reports the errors by kind and in Go's net/http words.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:http2';
import { test } from 'node:test';
import { runCli, startCli } from '../helpers/cli.js';
import { until } from '../helpers/until.js';
import { startReferenceServer } from '../../src/servers/reference-server.js';
import { parseHttpFaults } from '../../src/servers/http-faults.js';
import { parseLatencyModel } from '../../src/servers/latency-model.js';
import { seededRandom } from '../../src/core/seeded-random.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-h2c-faults-'));

interface H2Json {
  requests: number;
  successes: number;
  status_codes: Record<string, number>;
  errors: Array<{ text: string; count: number }>;
  error_kinds: Record<string, number>;
}
interface H2Row {
  faults: string[];
  /** rate replaces RATE (requests per second). */
  rate?: number;
  expect: (j: H2Json, served: Record<string, number>) => void;
}
const RATE = 100;
const DURATION_S = 1;
const TIMEOUT_S = 0.5;
/** BUSY_MARGIN_S covers a busy 2-core machine; a stall outliving --timeout would take the test's whole minute. */
const BUSY_MARGIN_S = 8;

/** errorsAre checks every error text (after `Get "URL": `) matches re. */
function errorsAre(j: H2Json, re: RegExp): void {
  for (const e of j.errors) assert.match(e.text.replace(/^Get "[^"]+": /, ''), re, `error text: ${e.text}`);
}

const rows: H2Row[] = [
  {
    faults: ['rst-stream:REFUSED_STREAM@0.3'],
    expect: (j, served) => {
      assert.equal(j.status_codes['0'], served['rst-stream'], 'each reset stream is one failed request');
      assert.equal(j.status_codes['0'] + j.status_codes['200'], j.requests);
      errorsAre(j, /^stream error: REFUSED_STREAM; received from peer$/);
      assert.deepEqual(j.error_kinds, { reset: served['rst-stream'] });
    },
  },
  {
    // Node reports RST_STREAM CANCEL and NO_ERROR without their code; undici's wording tells them apart.
    faults: ['rst-stream:CANCEL@0.2', 'rst-stream:NO_ERROR@0.2', 'rst-stream@0.2'],
    expect: (j, served) => {
      assert.equal(j.status_codes['0'], served['rst-stream']);
      errorsAre(j, /^stream error: (CANCEL|NO_ERROR|INTERNAL_ERROR); received from peer$/);
      assert.equal(j.errors.length, 3, JSON.stringify(j.errors));
      assert.deepEqual(j.error_kinds, { reset: served['rst-stream'] });
    },
  },
  {
    // GOAWAY closes the session: the faulted stream and the others in flight on it fail.
    faults: ['goaway:ENHANCE_YOUR_CALM@0.05'],
    expect: (j, served) => {
      assert.ok(served.goaway > 0 && j.status_codes['0'] >= served.goaway, `${j.status_codes['0']} failed, ${served.goaway} GOAWAYs`);
      assert.ok(j.status_codes['200'] > 0, JSON.stringify(j.status_codes));
      const goaway = j.errors.find((e) => e.text.endsWith(': http2: server sent GOAWAY and closed the connection; ErrCode=ENHANCE_YOUR_CALM'));
      assert.ok(goaway !== undefined, JSON.stringify(j.errors));
      errorsAre(j, /^(http2: server sent GOAWAY and closed the connection; ErrCode=ENHANCE_YOUR_CALM|EOF)$/);
      assert.equal(j.error_kinds.closed, j.status_codes['0']);
    },
  },
  {
    // Faults of the HTTP/1.1 server that keep their meaning per stream.
    faults: ['stall@0.2', 'status:503@0.2'],
    expect: (j, served) => {
      assert.equal(j.status_codes['0'], served.stall, 'each stall times out');
      assert.equal(j.status_codes['503'], served.status);
      assert.deepEqual(j.error_kinds, { timeout: served.stall, status: served.status });
      errorsAre(j, /^(context deadline exceeded \(Client.Timeout exceeded while awaiting headers\)|503 Service Unavailable)$/);
    },
  },
  {
    // A connection fault under the session: every stream on the connection fails with it.
    faults: ['close-after:5'],
    expect: (j, served) => {
      assert.ok(served['close-after'] > 0 && j.status_codes['0'] >= served['close-after'], JSON.stringify([j.status_codes, served]));
      assert.equal(j.status_codes['0'] + j.status_codes['200'], j.requests);
      assert.equal(j.error_kinds.closed ?? 0, j.status_codes['0'], JSON.stringify(j.errors));
    },
  },
  {
    // Faults racing on shared sessions (a reset's write ending after a GOAWAY took its session):
    // the server stays up and every request is still counted once.
    faults: ['goaway@0.05', 'reset@0.05', 'rst-stream@0.1', 'trickle:20ms@0.05', 'stall@0.02'],
    rate: 500,
    expect: (j) => {
      assert.ok(j.status_codes['200'] > 0 && j.status_codes['0'] > 0, JSON.stringify(j.status_codes));
      assert.equal(j.status_codes['0'] + j.status_codes['200'], j.requests);
    },
  },
];

for (const row of rows) {
  test(`h2c fault ${row.faults.join(' ')}: on time, every request counted, errors by kind`, { timeout: 60_000 }, async () => {
    const server = await startReferenceServer({ h2c: true, faults: parseHttpFaults(row.faults), random: seededRandom(12) });
    try {
      const name = row.faults.join('-').replace(/[^a-z0-9-]/gi, '_');
      const out = join(dir, `${name}.json`);
      const results = join(dir, `${name}.jsonl`);
      const rate = row.rate ?? RATE;
      const args = ['attack', '--h2c', '--url', `${server.url}/v2/health/live`, '--rate', String(rate), '-d', `${DURATION_S}s`, '--timeout', `${TIMEOUT_S * 1000}ms`];
      const { child, done } = startCli([...args, '-o', results, '--report', `json=${out}`]);
      await until(() => server.stats.requests > 0 || child.exitCode !== null);
      const firstAt = Date.now();
      const r = await done;
      assert.ok(Date.now() - firstAt < (DURATION_S + TIMEOUT_S + BUSY_MARGIN_S) * 1000, 'ended on time');
      assert.equal(r.code, 0, r.stderr);
      const j = JSON.parse(readFileSync(out, 'utf8')) as H2Json;
      assert.equal(j.requests, rate * DURATION_S, 'R x D sent and recorded');
      assert.equal(Object.values(j.status_codes).reduce((a, b) => a + b, 0), j.requests, 'sum of status codes');
      assert.equal(readFileSync(results, 'utf8').trim().split('\n').length, j.requests, 'results-file lines');
      assert.equal(Object.values(j.error_kinds).reduce((a, b) => a + b, 0), j.requests - j.successes, 'every failure has a kind');
      row.expect(j, server.faults().counts as Record<string, number>);
      assert.equal((await h2Get(server.url, '/v2/health/live')).status, 200, 'the server is still up');
    } finally {
      await server.close();
    }
  });
}

test('h2c faults switched at run time (POST /_loadgen/faults over h2c); HTTP/2 faults refused on HTTP/1.1', { timeout: 60_000 }, async () => {
  const server = await startReferenceServer({ h2c: true });
  try {
    const out = join(dir, 'switch.json');
    const { done } = startCli(['attack', '--h2c', '--url', `${server.url}/v2/health/live`, '--rate', '100', '-d', '2s', '--report', `json=${out}`]);
    await until(() => server.stats.requests >= 30);
    // The admin route is served over h2c too.
    assert.deepEqual(await h2Post(server.url, '/_loadgen/faults', 'rst-stream:REFUSED_STREAM'), { status: 200, body: { faults: ['rst-stream:REFUSED_STREAM'], counts: {} } });
    const r = await done;
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(readFileSync(out, 'utf8')) as H2Json;
    assert.equal(j.requests, 200);
    assert.ok(j.status_codes['200'] >= 30, JSON.stringify(j.status_codes));
    assert.equal(j.status_codes['0'], server.faults().counts['rst-stream'], 'every reset stream recorded');
    assert.equal(j.status_codes['200'] + j.status_codes['0'], 200);
  } finally {
    await server.close();
  }
  const h1 = await startReferenceServer();
  try {
    const bad = await fetch(`${h1.url}/_loadgen/faults`, { method: 'POST', body: 'goaway' });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /goaway:NO_ERROR is an HTTP\/2 fault; serve HTTP\/2 with loadgen serve --h2c/);
  } finally {
    await h1.close();
  }
});

test('over h2c the inference routes keep --latency and --error-rate: checked answers, each held its latency', { timeout: 60_000 }, async () => {
  const server = await startReferenceServer({ h2c: true, latency: parseLatencyModel('20ms'), errorRate: 0.3, random: seededRandom(5) });
  try {
    const out = join(dir, 'infer.json');
    const r = await runCli(['infer', '--h2c', '--url', server.url, '--model', 'iris', '--rate', '50', '-d', '1s', '--report', `json=${out}`]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(readFileSync(out, 'utf8')) as H2Json & { latency: { service: { min_ns: number } } };
    assert.equal(j.requests, 50);
    assert.equal(j.status_codes['200'] + j.status_codes['500'], 50, JSON.stringify(j.status_codes));
    assert.ok(j.status_codes['500'] > 0 && j.status_codes['200'] > 0);
    assert.equal(j.successes, j.status_codes['200'], 'every 200 passed the inference check');
    assert.ok(j.latency.service.min_ns >= 20e6, `min latency ${j.latency.service.min_ns} ns`);
    assert.equal(server.stats.inferences, 50);
  } finally {
    await server.close();
  }
});

test('serve: an HTTP/2 fault without --h2c, or a bad CODE, is one line and exit 2', async () => {
  const noH2c = await runCli(['serve', '--port', '0', '--fault', 'rst-stream:CANCEL']);
  assert.equal(noH2c.code, 2);
  assert.match(noH2c.stderr, /^loadgen: --fault: rst-stream:CANCEL is an HTTP\/2 fault; serve HTTP\/2 with loadgen serve --h2c \(and attack with --h2c\)\n$/);
  const badCode = await runCli(['serve', '--h2c', '--port', '0', '--fault', 'goaway:LATER']);
  assert.equal(badCode.code, 2);
  assert.match(badCode.stderr, /^loadgen: --fault: "goaway:LATER": CODE is an HTTP\/2 error code: a name such as REFUSED_STREAM or a number 0..13; use /);
});

/** h2Get gets path over h2c (prior knowledge) with no faults in the way, or any status the faults give. */
async function h2Get(origin: string, path: string): Promise<{ status: number }> {
  await h2Post(origin, '/_loadgen/faults', '');
  return new Promise((resolve, reject) => {
    const session = connect(origin);
    session.on('error', reject);
    const req = session.request({ ':path': path });
    let status = 0;
    req.on('response', (h) => (status = Number(h[':status'])));
    // The body is read to its end, or the stream (and the server's close) would wait for it.
    req.resume();
    req.on('end', () => {
      session.close();
      resolve({ status });
    });
    req.on('error', reject);
    req.end();
  });
}

/** h2Post posts body to path over h2c (prior knowledge) and resolves with the status and the parsed JSON answer. */
function h2Post(origin: string, path: string, body: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const session = connect(origin);
    session.on('error', reject);
    const req = session.request({ ':method': 'POST', ':path': path });
    let status = 0;
    let text = '';
    req.on('response', (h) => (status = Number(h[':status'])));
    req.setEncoding('utf8').on('data', (d: string) => (text += d));
    req.on('end', () => {
      session.close();
      resolve({ status, body: JSON.parse(text) as unknown });
    });
    req.on('error', reject);
    req.end(body);
  });
}
