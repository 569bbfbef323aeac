/**
 * The SLO gate end to end: a run against the reference server (10 ms per inference) judged on
 * --slo objectives exits 99 with the verdict table on stderr when one fails and 0 when all pass;
 * `loadgen assert` on the saved record gives the same verdicts and exit codes; an unknown metric
 * is bad input (exit 2) before any request.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';
import { parseLatencyModel } from '../../src/servers/latency-model.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-slo-'));
let server: ReferenceServer;
let failing: { code: number | null; stderr: string; record: string };
let passing: { code: number | null; stderr: string; record: string };

async function judgedRun(name: string, slos: readonly string[]): Promise<{ code: number | null; stderr: string; record: string }> {
  const record = join(dir, `${name}.json`);
  const args = ['infer', '--url', server.url, '--model', 'iris', '-d', '2s', '--rate', '50', ...slos.flatMap((s) => ['--slo', s]), '--result', record];
  const r = await runCli(args);
  return { code: r.code, stderr: r.stderr, record };
}

/** tableOf is the verdict table's lines of stderr (from its header to its summary line). */
function tableOf(stderr: string): string {
  const m = /^SLO +objective +measured +result\n(?:.*\n)*?(?:all \d+ SLOs passed|\d+ of \d+ SLOs failed)\n/m.exec(stderr);
  assert.ok(m !== null, `no verdict table in:\n${stderr}`);
  return m[0];
}

before(async () => {
  server = await startReferenceServer({ port: 0, latency: parseLatencyModel('10ms') });
  failing = await judgedRun('failing', ['p99<=1ms']);
  passing = await judgedRun('passing', ['p99<=1s', 'error-rate<1%']);
});
after(() => server.close());

test('a missed objective exits 99 after the reports, with the table showing FAIL', () => {
  assert.equal(failing.code, 99, failing.stderr);
  assert.match(tableOf(failing.stderr), /^p99 +<= 1ms +\d+(\.\d+)?ms +FAIL$/m);
  assert.match(failing.stderr, /1 of 1 SLOs failed/);
  const doc = JSON.parse(readFileSync(failing.record, 'utf8')) as Record<string, any>;
  assert.equal(doc.requests, 100);
  assert.deepEqual(
    doc.slos.map((s: any) => [s.text, s.name, s.op, s.limit, s.pass]),
    [['p99<=1ms', 'p99', '<=', 1e6, false]],
  );
  assert.ok(doc.slos[0].measured >= 10e6, `p99 ${doc.slos[0].measured} ns under the server's 10 ms`);
  assert.equal(doc.responses_checked, true);
});

test('objectives that hold exit 0, with every verdict a pass', () => {
  assert.equal(passing.code, 0, passing.stderr);
  const table = tableOf(passing.stderr);
  assert.match(table, /^p99 +<= 1s +.* pass$/m);
  assert.match(table, /^error-rate +< 1\.00% +0\.00% +pass$/m);
  assert.match(table, /all 2 SLOs passed/);
});

test('loadgen assert on the saved records gives the same verdicts and exit codes', async () => {
  const again = await runCli(['assert', failing.record]);
  assert.equal(again.code, 99, again.stderr);
  assert.equal(tableOf(again.stderr), tableOf(failing.stderr));
  const ok = await runCli(['assert', passing.record]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(tableOf(ok.stderr), tableOf(passing.stderr));
});

test('loadgen assert judges a record on new objectives, in any grammar', async () => {
  const strict = await runCli(['assert', passing.record, '--slo', 'http/latency-p50<=1']);
  assert.equal(strict.code, 99, strict.stderr);
  assert.match(tableOf(strict.stderr), /^http\/latency-p50 +<= 1ms .* FAIL$/m);
  const loose = await runCli(['assert', failing.record, '--slo', 'p99<=1s', '--slo', 'requests>=100']);
  assert.equal(loose.code, 0, loose.stderr);
});

test('assert on a record run without objectives, and given none, is bad input', async () => {
  const plain = join(dir, 'plain.json');
  const r = await runCli(['infer', '--url', server.url, '--model', 'iris', '-n', '5', '--result', plain]);
  assert.equal(r.code, 0, r.stderr);
  const a = await runCli(['assert', plain]);
  assert.equal(a.code, 2);
  assert.match(a.stderr, /^loadgen: assert: .* was run without objectives; .*\n$/);
});

test('an unknown metric exits 2 with one line before any request', async () => {
  const before = server.stats.inferences;
  const r = await runCli(['infer', '--url', server.url, '--model', 'iris', '-d', '2s', '--rate', '50', '--slo', 'p99<=1s', '--slo', 'latency-p99<=1s']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^loadgen: --slo: unknown metric "latency-p99" .*\n$/);
  assert.equal(server.stats.inferences, before, 'no inference was sent');
});
