/**
 * `loadgen attack` end to end against a real local HTTP server: pacing accuracy, closed loop,
 * stop conditions, vegeta headers and the results stream.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { startFixture, type Fixture } from '../helpers/http-fixture.js';

let server: Fixture;
const dir = mkdtempSync(join(tmpdir(), 'loadgen-attack-'));

before(async () => {
  server = await startFixture();
});
after(() => server.close());

interface VegetaJsonReport {
  requests: number;
  rate: number;
  duration: number;
  success: number;
  status_codes: Record<string, number>;
  errors: string[];
}

async function attack(args: string[]): Promise<VegetaJsonReport> {
  const out = join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
  const r = await runCli(['attack', '--url', `${server.url}/`, ...args, '--report', `vegeta-json=${out}`]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(readFileSync(out, 'utf8')) as VegetaJsonReport;
}

for (const [rate, seconds] of [
  [100, 2],
  [1000, 5], // the acceptance run: 5000 requests, rate within 0.5 %
  [3000, 2],
] as const) {
  test(`open loop at ${rate}/s for ${seconds}s sends exactly rate x duration requests at that rate`, async (t) => {
    const before = server.requests;
    const results = join(dir, `rate-${rate}.jsonl`);
    const report = await attack(['--rate', String(rate), '--duration', `${seconds}s`, '-o', results]);
    assert.equal(report.requests, rate * seconds);
    assert.equal(server.requests - before, rate * seconds, 'the server received every request');
    assert.equal(report.success, 1);
    // The rate over the measured span, robust to a busy machine (issue 12): a stall of the
    // generator (or of this test's own server) makes sends late, and late sends catch up, so the
    // span runs between the least-late send of each half of the schedule. When the second half
    // never got back on schedule (the machine could not keep up), the run must still never go
    // faster than asked.
    const sends = readFileSync(results, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { seq: number; timestamp: string });
    const lateness = (s: { seq: number; timestamp: string }): number => unixNs(s.timestamp) - (s.seq * 1e9) / rate;
    const half = sends.length / 2;
    const least = (part: typeof sends) => part.reduce((a, b) => (lateness(b) < lateness(a) ? b : a));
    const a = least(sends.filter((s) => s.seq < half));
    const b = least(sends.filter((s) => s.seq >= half));
    if (lateness(b) - lateness(a) < 10e6) {
      const measured = ((b.seq - a.seq) * 1e9) / (unixNs(b.timestamp) - unixNs(a.timestamp));
      assert.ok(Math.abs(measured - rate) / rate < 0.005, `rate ${measured} within 0.5% of ${rate}`);
    } else {
      t.diagnostic(`the machine could not keep ${rate}/s: the second half stayed ${((lateness(b) - lateness(a)) / 1e6).toFixed(1)} ms behind`);
      assert.ok(report.rate <= rate * 1.005, `rate ${report.rate} never above ${rate}`);
    }
  });
}

/** unixNs reads an RFC 3339 timestamp with up to ns digits (vegeta's results), in ns (float). */
function unixNs(ts: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(ts);
  assert.ok(m !== null, ts);
  return Date.parse(m[1] + m[3]) * 1e6 + Number((m[2] ?? '').padEnd(9, '0'));
}

test('the vegeta-json report has every field of vegeta\'s, in vegeta\'s order', async () => {
  const out = join(dir, 'fields.json');
  const r = await runCli(['attack', '--url', `${server.url}/`, '--rate', '100', '-n', '20', '--report', `vegeta-json=${out}`]);
  assert.equal(r.code, 0, r.stderr);
  const text = readFileSync(out, 'utf8');
  const j = JSON.parse(text) as Record<string, Record<string, unknown>>;
  assert.deepEqual(Object.keys(j), [
    'latencies', 'bytes_in', 'bytes_out', 'earliest', 'latest', 'end', 'duration', 'wait',
    'requests', 'rate', 'throughput', 'success', 'status_codes', 'errors',
  ]);
  assert.deepEqual(Object.keys(j.latencies), ['total', 'mean', '50th', '90th', '95th', '99th', 'max', 'min']);
  assert.deepEqual(Object.keys(j.bytes_in), ['total', 'mean']);
  assert.ok(text.endsWith('}\n') && !text.includes(' '), 'compact, one trailing newline');
});

test('the merged schedule of several workers is the single-process one: every seq once', async () => {
  server.seqs.length = 0;
  const report = await attack(['--rate', '400', '-d', '1s', '--workers', '3']);
  assert.equal(report.requests, 400);
  assert.deepEqual([...server.seqs].sort((a, b) => a - b), Array.from({ length: 400 }, (_, i) => i));
});

test('X-Vegeta-Seq counts every hit in decimal on both HTTP clients, bodies above the splice size included', async () => {
  const big = join(dir, 'big.bin');
  writeFileSync(big, Buffer.alloc(20_000, 0x61));
  for (const args of [['--rate', '5000', '-n', '1100'], ['--rate', '2000', '-n', '120', '--body', big], ['--rate', '2000', '-n', '120', '--http-client', 'undici']]) {
    server.seqs.length = 0;
    const report = await attack(args);
    const n = Number(args[3]);
    assert.equal(report.requests, n, args.join(' '));
    assert.deepEqual([...server.seqs].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i), args.join(' '));
  }
});

test('closed loop: --vus N with -n sends exactly n requests', async () => {
  const before = server.requests;
  const report = await attack(['--vus', '8', '-n', '1234']);
  assert.equal(report.requests, 1234);
  assert.equal(server.requests - before, 1234);
});

test('closed loop stops at --duration', async () => {
  const started = Date.now();
  const report = await attack(['--vus', '2', '-d', '1s']);
  assert.ok(report.requests > 50, `${report.requests} requests in 1s`);
  assert.ok(report.duration < 1.2e9, `attack lasted ${report.duration} ns`);
  assert.ok(Date.now() - started < 8000);
});

test('open loop: -n stops before --duration', async () => {
  const report = await attack(['--rate', '500', '-n', '250', '-d', '10s']);
  assert.equal(report.requests, 250);
  // 250 at 500/s is a 0.5 s schedule; a busy machine may send some late, never 10 s of them.
  assert.ok(report.duration < 5e9, `sent over ${report.duration} ns`);
});

test('--rate 0 with --max-in-flight runs unpaced with that many in flight', async () => {
  const report = await attack(['--rate', '0', '--max-in-flight', '4', '-n', '500']);
  assert.equal(report.requests, 500);
});

test('requests carry X-Vegeta-Seq, X-Vegeta-Attack and --header values with their case', async () => {
  server.headers.length = 0;
  await attack(['--rate', '50', '-n', '5', '--name', 'blue', '--header', 'X-Custom: yes', '--header', 'Authorization: Bearer t']);
  assert.equal(server.headers.length, 5);
  for (const h of server.headers) {
    assert.equal(h['x-vegeta-attack'], 'blue');
    assert.equal(h['x-custom'], 'yes');
    assert.equal(h.authorization, 'Bearer t');
    assert.match(String(h['x-vegeta-seq']), /^\d$/);
  }
});

test('a targets file (vegeta http format) is used round-robin with its bodies', async () => {
  const body = join(dir, 'body.json');
  writeFileSync(body, '{"x":1}');
  const targets = join(dir, 'targets.txt');
  writeFileSync(targets, `# two targets\nGET ${server.url}/a\n\nPOST ${server.url}/b\nContent-Type: application/json\n@${body}\n`);
  const out = join(dir, 'rr.jsonl');
  const r = await runCli(['attack', '--targets', targets, '--rate', '100', '-n', '6', '-o', out, '--report', 'vegeta-json']);
  assert.equal(r.code, 0, r.stderr);
  const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number; method: string; url: string; bytes_out: number });
  lines.sort((a, b) => a.seq - b.seq);
  assert.deepEqual(lines.map((l) => `${l.method} ${l.url.slice(server.url.length)} ${l.bytes_out}`), [
    'GET /a 0', 'POST /b 7', 'GET /a 0', 'POST /b 7', 'GET /a 0', 'POST /b 7',
  ]);
});

test('--lazy streams the targets file and ends when it does', async () => {
  const targets = join(dir, 'lazy.jsonl');
  const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ method: 'GET', url: `${server.url}/t${i}` }));
  writeFileSync(targets, lines.join('\n') + '\n');
  const out = join(dir, 'lazy-results.jsonl');
  const r = await runCli(['attack', '--targets', targets, '--format', 'json', '--lazy', '--rate', '200', '-d', '10s', '-o', out, '--workers', '2']);
  assert.equal(r.code, 0, r.stderr);
  const urls = readFileSync(out, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { url: string }).url.slice(server.url.length));
  assert.deepEqual(urls.sort(), Array.from({ length: 30 }, (_, i) => `/t${i}`).sort());
});

test('--lazy with a malformed line mid-file: the targets before it are sent and reported, then exit 2 naming the line', async () => {
  const targets = join(dir, 'lazy-bad.jsonl');
  const good = Array.from({ length: 10 }, (_, i) => JSON.stringify({ method: 'GET', url: `${server.url}/ok${i}` }));
  writeFileSync(targets, [...good, '{"method": "GET"', ''].join('\n'));
  const out = join(dir, 'lazy-bad.json');
  const r = await runCli(['attack', '--targets', targets, '--format', 'json', '--lazy', '--rate', '200', '-d', '5s', '--workers', '1', '--report', `vegeta-json=${out}`]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr.trim(), /^loadgen: .*lazy-bad\.jsonl:11: /);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.equal((JSON.parse(readFileSync(out, 'utf8')) as VegetaJsonReport).requests, 10);
});
