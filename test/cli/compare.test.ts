/**
 * `loadgen compare` as a user runs it: on two records of runs against a reference server it prints
 * the table and a verdict per statistic, writes the JSON and HTML reports, and refuses bad input
 * (a missing file, one record, an empty side, records of two protocols, an unknown report) with
 * one line and exit 2.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseLatencyModel } from '../../src/servers/latency-model.js';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-compare-'));
const files = { a: join(dir, 'a.json'), b: join(dir, 'b.json'), grpc: join(dir, 'grpc.json'), json: join(dir, 'c.json'), html: join(dir, 'c.html') };
let server: ReferenceServer;

before(async () => {
  server = await startReferenceServer({ latency: parseLatencyModel('1ms') });
  for (const file of [files.a, files.b]) {
    const r = await runCli(['infer', '--url', server.url, '--model', 'iris', '--rate', '50', '-d', '1s', '--report', 'text=/dev/null', '--result', file]);
    assert.equal(r.code, 0, r.stderr);
  }
  // The same run claimed by a gRPC one: records of two protocols.
  writeFileSync(files.grpc, readFileSync(files.a, 'utf8').replace(/"protocol":\s*"http"/, '"protocol": "grpc"'));
});
after(() => server.close());

describe('loadgen compare A.json B.json', () => {
  it('prints the table, the method and a verdict per statistic, and writes the JSON and HTML reports', async () => {
    const r = await runCli(['compare', files.a, files.b, '--report', 'text', '--report', `json=${files.json}`, '--report', `html=${files.html}`]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^A: .*a\.json\nB: .*b\.json\n/);
    assert.match(r.stdout, /bootstrap-requests: bootstrap over requests/);
    assert.match(r.stdout, /^Statistic\s+A\s+B\s+B-A\s+95% CI/m);
    assert.match(r.stdout, /^(B adds|B is|no difference detected at) .*p50/m);
    const doc = JSON.parse(readFileSync(files.json, 'utf8'));
    assert.deepEqual(doc.statistics.map((s: { name: string }) => s.name), ['mean', 'p50', 'p90', 'p99', 'response mean', 'response p50', 'response p90', 'response p99', 'throughput']);
    for (const s of doc.statistics) for (const key of ['a', 'b', 'diff', 'ci_low', 'ci_high', 'method', 'verdict']) assert.ok(key in s, `${s.name}: ${key}`);
    const html = readFileSync(files.html, 'utf8');
    assert.match(html, /<section id="compare">/);
    assert.match(html, /<title>loadgen: A vs B<\/title>/);
  });
  it('is reproducible: the same records and seed give the same report', async () => {
    const [x, y] = await Promise.all([runCli(['compare', files.a, files.b, '--seed', '7']), runCli(['compare', files.a, files.b, '--seed', '7'])]);
    assert.equal(x.code, 0, x.stderr);
    assert.equal(x.stdout, y.stdout);
  });
});

describe('loadgen compare refuses bad input with one line and exit 2', () => {
  const table: Array<[name: string, args: () => string[], message: RegExp]> = [
    ['a missing file', () => [files.a, join(dir, 'none.json')], /none\.json: cannot read it/],
    ['one record', () => [files.a], /1 record\(s\) given/],
    ['an empty side', () => ['--a', files.a, '--b', ','], /at least one record per side/],
    ['--a without --b', () => ['--a', files.a], /at least one record per side/],
    ['records as arguments and lists', () => [files.a, '--a', files.a, '--b', files.b], /both as arguments and with --a\/--b/],
    ['two protocols', () => [files.a, files.grpc], /is of protocol grpc but .* of http/],
    ['an unknown report', () => [files.a, files.b, '--report', 'pdf'], /--report: unknown type "pdf"/],
    ['too few resamples', () => [files.a, files.b, '--resamples', '5'], /--resamples/],
  ];
  for (const [name, args, message] of table) {
    it(name, async () => {
      const r = await runCli(['compare', ...args()]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    });
  }
});
