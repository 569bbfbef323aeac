/**
 * The per-request results stream: valid vegeta JSON lines and CSV per the spec, and `loadgen
 * report` over it reproduces the live report exactly.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { startFixture, type Fixture } from '../helpers/http-fixture.js';

let server: Fixture;
const dir = mkdtempSync(join(tmpdir(), 'loadgen-results-'));
before(async () => {
  server = await startFixture({ body: '{"ok":true}' });
});
after(() => server.close());

const KEYS = ['attack', 'seq', 'code', 'timestamp', 'latency', 'bytes_out', 'bytes_in', 'error', 'body', 'method', 'url', 'headers'];
const RFC3339_NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/;

test('JSON lines results: key order, types and values as vegeta writes them; re-report equals the live report', async () => {
  const results = join(dir, 'r.jsonl');
  const live = join(dir, 'live.json');
  // --max-body -1: bodies kept as vegeta keeps them (loadgen's results files keep none by default).
  const r = await runCli(['attack', '--url', `${server.url}/x?y=1`, '--rate', '200', '-d', '1s', '--name', 'a"b', '-o', results, '--max-body', '-1', '--report', `vegeta-json=${live}`]);
  assert.equal(r.code, 0, r.stderr);
  const lines = readFileSync(results, 'utf8').split('\n');
  assert.equal(lines.pop(), '', 'every line ends with \\n');
  assert.equal(lines.length, 200);
  const seqs = new Set<number>();
  for (const line of lines) {
    const rec = JSON.parse(line) as Record<string, unknown>;
    assert.deepEqual(Object.keys(rec), KEYS);
    assert.equal(rec.attack, 'a"b');
    assert.equal(rec.code, 200);
    assert.match(String(rec.timestamp), RFC3339_NANO);
    assert.ok(Number.isInteger(rec.latency) && (rec.latency as number) > 0);
    assert.equal(rec.bytes_in, 11);
    assert.equal(Buffer.from(String(rec.body), 'base64').toString(), '{"ok":true}');
    assert.equal(rec.method, 'GET');
    assert.equal(rec.url, `${server.url}/x?y=1`);
    assert.deepEqual((rec.headers as Record<string, string[]>)['Content-Length'], ['11']);
    seqs.add(rec.seq as number);
  }
  assert.equal(seqs.size, 200);
  const again = await runCli(['report', '--type', 'vegeta-json', results]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, readFileSync(live, 'utf8'));
});

test('CSV results: 12 columns, Unix-ns timestamps; report from CSV equals report from JSON lines', async () => {
  const csv = join(dir, 'r.csv');
  const live = join(dir, 'live-csv.txt');
  const r = await runCli(['attack', '--url', `${server.url}/`, '--rate', '100', '-n', '50', '-o', csv, '--output-format', 'csv', '--report', `vegeta-text=${live}`]);
  assert.equal(r.code, 0, r.stderr);
  const rows = readFileSync(csv, 'utf8').trim().split('\n');
  assert.equal(rows.length, 50);
  for (const row of rows) {
    const cols = row.split(',');
    assert.equal(cols.length, 12, row);
    assert.match(cols[0], /^\d{19}$/);
    assert.equal(cols[1], '200');
    const headers = Buffer.from(cols[11], 'base64').toString();
    assert.match(headers, /^(?:[A-Z][\w-]*: .*\r\n)+\r\n$/);
  }
  const again = await runCli(['report', '--type', 'vegeta-text', csv]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, readFileSync(live, 'utf8'));
});

test('`-o -` streams results to stdout for a pipeline and prints no report there', async () => {
  const r = await runCli(['attack', '--url', `${server.url}/`, '--rate', '50', '-n', '10', '-o', '-']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 10);
  for (const l of lines) assert.equal((JSON.parse(l) as { code: number }).code, 200);
});

test('report reads several files round-robin and merges them', async () => {
  const a = join(dir, 'a.jsonl');
  const b = join(dir, 'b.jsonl');
  for (const f of [a, b]) assert.equal((await runCli(['attack', '--url', `${server.url}/`, '--rate', '100', '-n', '30', '-o', f])).code, 0);
  const r = await runCli(['report', '--type', 'json', a, b]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { requests: number; successes: number };
  assert.equal(j.requests, 60);
  assert.equal(j.successes, 60);
});
