/**
 * --server-metrics end to end against the reference server (10 ms per inference, Triton's metric
 * names): the record's `server` agrees with the run, the text report shows the server's section
 * (and only then), the HTML report its table, and an unreadable endpoint is bad input before any load.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';
import { parseLatencyModel } from '../../src/servers/latency-model.js';
import { runCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-server-view-'));
let server: ReferenceServer;
before(async () => {
  server = await startReferenceServer({ port: 0, latency: parseLatencyModel('10ms') });
});
after(() => server.close());

test("the server's view: family, successes and request time in the record, text and html", async () => {
  const record = join(dir, 'run.json');
  const html = join(dir, 'run.html');
  const args = ['infer', '--url', server.url, '--model', 'iris', '--rate', '50', '-d', '1s', '--warmup', '3'];
  const r = await runCli([...args, '--server-metrics', `${server.url}/metrics`, '--server-metric', 'nv_inference_count', '--server-metric', 'model_infer_request_duration_seconds', '--result', record, '--report', 'text', '--report', `html=${html}`]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(readFileSync(record, 'utf8')) as Record<string, any>;
  assert.equal(doc.server.family, 'triton');
  assert.equal(doc.server.successes, doc.successes, 'warm-up requests are before the first scrape');
  assert.ok(doc.server.request_ns >= 10e6, `server time ${doc.server.request_ns} ns`);
  const [count, duration] = doc.server.metrics;
  assert.deepEqual(count, { name: 'nv_inference_count', delta: doc.successes, mean: null }, 'a counter named _count stays a counter');
  assert.equal(duration.name, 'model_infer_request_duration_seconds');
  assert.equal(duration.delta, doc.successes);
  assert.ok(duration.mean >= 0.01, `histogram mean ${duration.mean} s`);
  assert.match(r.stdout, /^Server metrics \(triton, http:\/\/127\.0\.0\.1:\d+\/metrics\):$/m);
  assert.match(r.stdout, /^ {2}network and overhead +-?\d/m);
  assert.match(readFileSync(html, 'utf8'), /<h2>The server&#39;s view<\/h2>|<h2>The server&#x27;s view<\/h2>|<h2>The server's view<\/h2>/);
  const again = await runCli(['report', '--type', 'text', record]);
  assert.equal(again.stdout, r.stdout, 'the text from the record shows the same section');
});

test('a run without --server-metrics prints no server section', async () => {
  const r = await runCli(['infer', '--url', server.url, '--model', 'iris', '-n', '5']);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /Server metrics/);
});

test('an unreadable metrics endpoint exits 2 with one line before any load', async () => {
  const before = server.stats.inferences;
  const port = await freePort();
  const r = await runCli(['infer', '--url', server.url, '--model', 'iris', '-n', '5', '--server-metrics', `http://127.0.0.1:${port}/metrics`]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^loadgen: --server-metrics: cannot read the server's metrics before the load \(.*\); nothing was sent\n$/);
  assert.equal(server.stats.inferences, before);
  const lone = await runCli(['infer', '--url', server.url, '--model', 'iris', '-n', '5', '--server-metric', 'x']);
  assert.equal(lone.code, 2);
  assert.match(lone.stderr, /^loadgen: --server-metric needs --server-metrics URL/);
});

test('demo: a bare --server-metrics reads the embedded server', async () => {
  const record = join(dir, 'demo.json');
  const r = await runCli(['demo', '-n', '20', '--rate', '100', '--server-metrics', '--result', record]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(readFileSync(record, 'utf8')) as Record<string, any>;
  assert.equal(doc.server.family, 'triton');
  assert.equal(doc.server.successes, 20);
});
