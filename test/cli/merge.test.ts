/**
 * `loadgen merge`: two runs against one reference server, the second starting a second after the
 * first, merged from their records. Counts add exactly, percentiles match the two histograms
 * merged by hand (hdr-histogram-js) to HDR precision, rate is over the union of the spans, the
 * per-second series is on the wall clock, and records that cannot be merged are refused.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import * as hdr from 'hdr-histogram-js';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';
import { startGrpcReferenceServer } from '../../src/servers/grpc-reference-server.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-merge-'));

interface Latency {
  count: number;
  min_ns: number;
  max_ns: number;
  p50_ns: number;
  p90_ns: number;
  p99_ns: number;
  hdr_histogram: string;
}
interface Record {
  command: string;
  start_unix_ns: string;
  requests: number;
  successes: number;
  earliest_ns: number;
  latest_ns: number;
  end_ns: number;
  rate: number;
  throughput: number;
  bytes_in: { total: number };
  bytes_out: { total: number };
  status_codes: { [code: string]: number };
  errors: Array<{ text: string; count: number }>;
  latency: { service: Latency; response: Latency | null };
  series: Array<{ second: number; requests: number; errors: number }>;
}

let server: ReferenceServer;
let a: Record;
let b: Record;
let merged: Record;
const files = { a: join(dir, 'a.json'), b: join(dir, 'b.json'), merged: join(dir, 'merged.json') };

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record;
const infer = (rate: string, duration: string, result: string) =>
  runCli(['infer', '--url', server.url, '--model', 'iris', '--rate', rate, '-d', duration, '--report', 'text=/dev/null', '--result', result]);

before(async () => {
  server = await startReferenceServer({ port: 0, errorRate: 0.1 });
  const first = infer('150', '3s', files.a);
  await sleep(1000);
  const [ra, rb] = await Promise.all([first, infer('100', '2s', files.b)]);
  assert.equal(ra.code, 0, ra.stderr);
  assert.equal(rb.code, 0, rb.stderr);
  const m = await runCli(['merge', files.a, files.b, '--result', files.merged]);
  assert.equal(m.code, 0, m.stderr);
  [a, b, merged] = [read(files.a), read(files.b), read(files.merged)];
});
after(() => server.close());

test('counts, bytes, status codes and errors add exactly', () => {
  assert.equal(merged.command, 'merge');
  assert.equal(merged.requests, a.requests + b.requests);
  assert.equal(merged.requests, 650);
  assert.equal(merged.successes, a.successes + b.successes);
  assert.equal(merged.bytes_in.total, a.bytes_in.total + b.bytes_in.total);
  assert.equal(merged.bytes_out.total, a.bytes_out.total + b.bytes_out.total);
  for (const code of new Set([...Object.keys(a.status_codes), ...Object.keys(b.status_codes)])) {
    assert.equal(merged.status_codes[code], (a.status_codes[code] ?? 0) + (b.status_codes[code] ?? 0), code);
  }
  const errors = (r: Record) => r.errors.reduce((n, e) => n + e.count, 0);
  assert.ok(errors(merged) > 0, 'the injected errors show');
  assert.equal(errors(merged), errors(a) + errors(b));
  assert.equal(merged.latency.service.count, merged.requests);
});

test('percentiles equal the two histograms merged by hand, to HDR precision (3 significant digits)', () => {
  for (const kind of ['service', 'response'] as const) {
    const byHand = hdr.build({ lowestDiscernibleValue: 1000, highestTrackableValue: 3_600_000_000_000, numberOfSignificantValueDigits: 3 });
    for (const r of [a, b]) byHand.add(hdr.decodeFromCompressedBase64(r.latency[kind]!.hdr_histogram));
    const m = merged.latency[kind]!;
    assert.equal(m.count, byHand.totalCount);
    for (const [key, q] of [['p50_ns', 50], ['p90_ns', 90], ['p99_ns', 99]] as const) {
      const expected = Math.min(Math.max(byHand.getValueAtPercentile(q), m.min_ns), m.max_ns);
      assert.ok(Math.abs(m[key] - expected) <= expected * 1e-3, `${kind} ${key}: ${m[key]} vs ${expected} by hand`);
    }
    assert.equal(m.min_ns, Math.min(a.latency[kind]!.min_ns, b.latency[kind]!.min_ns));
    assert.equal(m.max_ns, Math.max(a.latency[kind]!.max_ns, b.latency[kind]!.max_ns));
  }
});

test('rate and throughput are over the union of the two spans on the wall clock, not summed', () => {
  const abs = (r: Record, offset: number) => Number(BigInt(r.start_unix_ns) - BigInt(a.start_unix_ns)) + offset;
  const from = Math.min(abs(a, a.earliest_ns), abs(b, b.earliest_ns));
  const sending = Math.max(abs(a, a.latest_ns), abs(b, b.latest_ns)) - from;
  const total = Math.max(abs(a, a.end_ns), abs(b, b.end_ns)) - from;
  assert.ok(Math.abs(merged.rate - merged.requests / (sending / 1e9)) < 1e-6 * merged.rate, `${merged.rate}`);
  assert.ok(Math.abs(merged.throughput - merged.successes / (total / 1e9)) < 1e-6 * merged.throughput, `${merged.throughput}`);
  // 650 requests over about 3 s: near 217/s, far from the 250/s the two rates add up to.
  assert.ok(merged.rate > 170 && merged.rate < 240, `merged rate ${merged.rate}`);
  assert.ok(Math.abs(merged.rate - (a.rate + b.rate)) > 10, `${merged.rate} vs summed ${a.rate + b.rate}`);
});

test('runs that did not overlap: the gap between them counts in neither rate nor throughput', async () => {
  const later = join(dir, 'a-later.json');
  const doc = JSON.parse(readFileSync(files.a, 'utf8')) as { start_unix_ns: string };
  doc.start_unix_ns = String(BigInt(doc.start_unix_ns) + 60_000_000_000n);
  writeFileSync(later, JSON.stringify(doc));
  const out = join(dir, 'gap.json');
  const r = await runCli(['merge', files.a, later, '--result', out]);
  assert.equal(r.code, 0, r.stderr);
  const gap = read(out);
  assert.equal(gap.requests, 2 * a.requests);
  // Twice the requests over twice the sending time: the rate of one run, not of a 63 s span.
  assert.ok(Math.abs(gap.rate - a.rate) < 1e-6 * a.rate, `${gap.rate} vs ${a.rate}`);
  assert.ok(Math.abs(gap.throughput - a.throughput) < 1e-6 * a.throughput, `${gap.throughput} vs ${a.throughput}`);
  assert.ok(gap.latest_ns - gap.earliest_ns > 60e9, 'the span itself runs from the first send to the last');
});

test('the per-second series is on the wall clock: the later run lands a second later', () => {
  const sum = (r: Record) => r.series.reduce((n, s) => n + s.requests, 0);
  assert.equal(sum(merged), merged.requests);
  const shift = Math.round(Number(BigInt(b.start_unix_ns) - BigInt(a.start_unix_ns)) / 1e9);
  assert.ok(shift >= 1, `b started ${shift}s after a`);
  for (const s of merged.series) {
    const fromA = a.series.find((x) => x.second === s.second)?.requests ?? 0;
    const fromB = b.series.find((x) => x.second + shift === s.second)?.requests ?? 0;
    assert.equal(s.requests, fromA + fromB, `second ${s.second}`);
  }
});

test('report on the merged record prints what merge printed', async () => {
  const live = await runCli(['merge', files.a, files.b, '--report', 'vegeta-text', '--report', 'text']);
  assert.equal(live.code, 0, live.stderr);
  const again = await runCli(['report', '--type', 'vegeta-text', '--type', 'text', files.merged]);
  assert.equal(again.stdout, live.stdout);
  assert.match(live.stdout, /^Requests\s+\[total, rate, throughput\]\s+650, /);
});

test('gRPC records: the per-call logs merge, and ghz reports count every call of both', async () => {
  const grpc = await startGrpcReferenceServer({ port: 0 });
  try {
    const echo = ['grpc', '--insecure', '--proto', 'protos/loadgen/echo.proto', '--call', 'loadgen.echo.Echo/Unary', '-d', '{"text":"x"}', '-O', 'csv', '-o', '/dev/null'];
    const records = [join(dir, 'g1.json'), join(dir, 'g2.json')];
    const runs = await Promise.all([
      runCli([...echo, '-n', '120', '-c', '2', '--result', records[0], grpc.address]),
      runCli([...echo, '-n', '80', '-c', '2', '--result', records[1], grpc.address]),
    ]);
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const m = await runCli(['merge', ...records, '--report', 'ghz-json']);
    assert.equal(m.code, 0, m.stderr);
    const j = JSON.parse(m.stdout) as { count: number; statusCodeDistribution: { OK: number }; details: Array<{ timestamp: string }> };
    assert.equal(j.count, 200);
    assert.equal(j.statusCodeDistribution.OK, 200);
    const csv = await runCli(['merge', ...records, '--report', 'ghz-csv']);
    const rows = csv.stdout.trim().split('\n').slice(1);
    assert.equal(rows.length, 200, 'every call of both runs is in the merged log');
  } finally {
    await grpc.close();
  }
});

test('records of different protocols, and files that are no records, are refused with one line and exit 2', async () => {
  const grpcRecord = join(dir, 'grpc.json');
  const doc = JSON.parse(readFileSync(files.b, 'utf8')) as { protocol: string };
  doc.protocol = 'grpc';
  writeFileSync(grpcRecord, JSON.stringify(doc));
  const notJson = join(dir, 'not.json');
  writeFileSync(notJson, 'this is not json');
  const notRecord = join(dir, 'other.json');
  writeFileSync(notRecord, '{"requests": 3}');
  const cases: Array<[string[], RegExp]> = [
    [['merge', files.a, grpcRecord], /grpc.json is of protocol grpc but .*a.json of http; merge records of one protocol only/],
    [['merge', files.a, join(dir, 'missing.json')], /missing.json: cannot read it \(ENOENT\); give a file written by --result/],
    [['merge', files.a, notJson], /not.json: not JSON, so not a loadgen record/],
    [['merge', notRecord], /other.json: not a loadgen record \(no "schema"/],
    [['merge', files.a, files.b, '--result', join(dir, 'no-such-dir', 'm.json')], /--result .*m.json: directory .*no-such-dir does not exist/],
    [['report', files.a, files.b], /report reads one record .*loadgen merge/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^loadgen: .*${message.source}.*\\n$`));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('an unwritable --result path is refused before any load is sent', async () => {
  const before = server.stats.requests;
  for (const command of [['infer', '--url', server.url, '--model', 'iris', '--warmup', '5'], ['attack', '--url', server.url]]) {
    const r = await runCli([...command, '--rate', '10', '-d', '1s', '--result', join(dir, 'nowhere', 'r.json')]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^loadgen: --result .*r.json: directory .*nowhere does not exist; create it or give another path\n$/);
  }
  const asDir = await runCli(['attack', '--url', server.url, '-d', '1s', '--result', dir]);
  assert.equal(asDir.code, 2);
  assert.match(asDir.stderr, /is a directory/);
  assert.equal(server.stats.requests, before, 'nothing reached the server');
});
