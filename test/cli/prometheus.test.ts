/**
 * Against a real Prometheus: it scrapes loadgen's /metrics during a run and its last scrape holds
 * the run's final request count; and it receives loadgen's remote write under k6's names, the
 * final push holding the end-of-run figures.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';
import { eventually, PROMETHEUS, startPrometheus } from '../helpers/prometheus.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-prom-'));
const skip = PROMETHEUS === null ? 'no prometheus binary (apt-get install -y prometheus)' : false;

function requestsOf(file: string): number {
  return (JSON.parse(readFileSync(file, 'utf8')) as { requests: number }).requests;
}

test('Prometheus scrapes --prometheus-addr; the last scrape sees the final count', { skip }, async () => {
  const port = await freePort();
  const prom = await startPrometheus({ scrapeTarget: `127.0.0.1:${port}` });
  try {
    // Prometheus hands new targets to its scrapers a few seconds after start: wait for its first (failed) scrape.
    await eventually('the first scrape of the target', async () => (await prom.query('up{job="loadgen"}')).length > 0);
    const out = join(dir, 'scraped.json');
    // The final count must be scraped: --prometheus-linger keeps /metrics up until a scrape has seen it.
    const r = await runCli(['demo', '-d', '4s', '--rate', '150', '--quiet', '--prometheus-addr', `127.0.0.1:${port}`, '--prometheus-linger', '10s', '--report', `json=${out}`]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`live metrics on http://127\\.0\\.0\\.1:${port}/metrics`));
    const requests = requestsOf(out);
    assert.equal(requests, 600);
    let seen: number[] = [];
    await eventually(`loadgen_requests_total = ${requests}`, async () => {
      seen = await prom.query('sum(last_over_time(loadgen_requests_total{job="loadgen"}[5m]))');
      return seen[0] === requests;
    }).catch((err: Error) => assert.fail(`${err.message}; last seen ${JSON.stringify(seen)}`));
    const scrapes = await prom.query('count_over_time(loadgen_in_flight{job="loadgen"}[5m])');
    assert.ok(scrapes[0] >= 3, `${scrapes[0]} scrapes during a 4 s run`);
    const buckets = await prom.query('last_over_time(loadgen_request_duration_seconds_bucket{job="loadgen",le="+Inf"}[5m])');
    assert.deepEqual(buckets, [requests]);
  } finally {
    await prom.stop();
  }
});

test('Prometheus receives --prometheus-rw under k6 names; the final push has the run figures', { skip }, async () => {
  const prom = await startPrometheus({ remoteWrite: true });
  try {
    const out = join(dir, 'written.json');
    const r = await runCli([
      'demo', '-d', '3s', '--rate', '100', '--quiet',
      '--prometheus-rw', `${prom.url}/api/v1/write`, '--prometheus-rw-interval', '1s', '--prometheus-tag', 'testid=rw-1',
      '--report', `json=${out}`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!/remote write .* failed/.test(r.stderr), r.stderr);
    const requests = requestsOf(out);
    assert.equal(requests, 300);
    for (const metric of ['k6_http_reqs_total', 'k6_iterations_total']) {
      let seen: number[] = [];
      await eventually(`${metric} = ${requests}`, async () => {
        seen = await prom.query(`sum(last_over_time(${metric}{testid="rw-1"}[5m]))`);
        return seen[0] === requests;
      }).catch((err: Error) => assert.fail(`${err.message}; last seen ${JSON.stringify(seen)}`));
    }
    const pushes = await prom.query('count_over_time(k6_iterations_total{testid="rw-1"}[5m])');
    assert.ok(pushes[0] >= 3, `${pushes[0]} pushes: one a second and the final one`);
    const p99 = await prom.query('last_over_time(k6_http_req_duration_p99{testid="rw-1"}[5m])');
    assert.ok(p99.length === 1 && p99[0] > 0 && p99[0] < 1, `p99 in seconds: ${p99}`);
  } finally {
    await prom.stop();
  }
});

test('a remote-write receiver that is down is reported once and never fails the run', async () => {
  const port = await freePort();
  const r = await runCli(['demo', '-d', '2s', '--quiet', '--prometheus-rw', `http://127.0.0.1:${port}/api/v1/write`, '--prometheus-rw-interval', '500ms']);
  assert.equal(r.code, 0, r.stderr);
  const failures = r.stderr.split('\n').filter((l) => l.includes('remote write'));
  assert.equal(failures.length, 1, r.stderr);
  assert.match(failures[0], /remote write to http:\/\/127\.0\.0\.1:\d+\/api\/v1\/write failed: ECONNREFUSED \(the run goes on\)/);
  assert.match(r.stdout, /Requests +400 sent/);
});
