/**
 * `loadgen grpc` (ghz's command line) and `infer --transport grpc` end to end against the
 * reference gRPC server: rates and schedules, closed loop, templated data and metadata,
 * deadlines, a server going away, TLS, ghz-format reports and bad input.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { loadGrpcMethod } from '../../src/grpc/grpc-method.js';
import { startGrpcReferenceServer, type GrpcReferenceServer } from '../../src/servers/grpc-reference-server.js';
import { runCli, startCli } from '../helpers/cli.js';
import { NGINX, startNginx } from '../helpers/nginx.js';
import { freePort } from '../helpers/ports.js';
import { until } from '../helpers/until.js';
import { makeCert } from '../helpers/tls.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-grpc-'));

/** rawGrpcServer serves one unary method on bytes, for tests that inspect or shape the wire. */
async function rawGrpcServer(
  path: string,
  handler: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => void,
): Promise<{ server: grpc.Server; port: number }> {
  const identity = (b: Buffer) => b;
  const server = new grpc.Server();
  server.addService(
    { M: { path, requestStream: false, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity } },
    { M: handler },
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { server, port };
}
const ECHO = ['--proto', 'protos/loadgen/echo.proto', '--call', 'loadgen.echo.Echo/Unary'];
let server: GrpcReferenceServer;

before(async () => {
  server = await startGrpcReferenceServer({ port: 0 });
});
after(() => server.close());

interface GhzJson {
  date: string;
  endReason: string;
  options: Record<string, unknown>;
  count: number;
  total: number;
  rps: number;
  statusCodeDistribution: Record<string, number>;
  errorDistribution: Record<string, number>;
  latencyDistribution: Array<{ percentage: number; latency: number }> | null;
  histogram: unknown[] | null;
  details: unknown[] | null;
}

/** ghz runs loadgen grpc with -O json; exit is 0, or 1 where no call is to succeed (issue 12). */
async function ghz(args: string[], address = server.address, exit = 0): Promise<GhzJson> {
  const out = join(dir, `g-${Math.random().toString(36).slice(2)}.json`);
  const r = await runCli(['grpc', '--insecure', ...args, '-O', 'json', '-o', out, address]);
  assert.equal(r.code, exit, r.stderr);
  return JSON.parse(readFileSync(out, 'utf8')) as GhzJson;
}

test('--rps 500 -z 2s makes 1000 calls (open loop) and -O json has every ghz key', async () => {
  const j = await ghz([...ECHO, '-d', '{"text":"hi"}', '--rps', '500', '-z', '2s']);
  assert.ok(Math.abs(j.count - 1000) <= 1, `${j.count} calls`);
  assert.deepEqual(Object.keys(j), [
    'date', 'endReason', 'options', 'count', 'total', 'average', 'fastest', 'slowest', 'rps',
    'errorDistribution', 'statusCodeDistribution', 'latencyDistribution', 'histogram', 'details',
  ]);
  assert.equal(j.endReason, 'timeout');
  assert.deepEqual(j.statusCodeDistribution, { OK: j.count });
  assert.deepEqual(j.latencyDistribution!.map((l) => l.percentage), [10, 25, 50, 75, 90, 95, 99]);
  assert.equal(j.histogram!.length, 11);
  assert.equal(j.details, null, 'details only with --details');
  assert.equal(j.options.rps, 500);
  assert.equal(j.options.total, 2147483647, 'ghz writes MaxInt32 under -z');
  assert.deepEqual(j.options['import-paths'], ['protos/loadgen', '.'], 'the proto\'s folder and the current one, as ghz resolves them');
  assert.equal(j.options['dial-timeout'], 10_000_000_000, "ghz's --connect-timeout default");
  const keys = Object.keys(j.options);
  assert.deepEqual([keys.indexOf('proto') + 1, keys.indexOf('timeout') + 1], [keys.indexOf('import-paths'), keys.indexOf('dial-timeout')]);
  assert.match(j.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
});

test('closed loop: -c 8 -n 300 makes exactly 300 calls; --details lists each', async () => {
  const j = await ghz([...ECHO, '-d', '{"text":"hi"}', '-c', '8', '-n', '300', '--details']);
  assert.equal(j.count, 300);
  assert.equal(j.endReason, 'normal');
  assert.equal(j.details!.length, 300);
});

test('--load-schedule step and line send the integral of the stepped rate', async () => {
  const step = await ghz([...ECHO, '-d', '{}', '--load-schedule', 'step', '--load-start', '100', '--load-step', '100', '--load-step-duration', '1s', '--load-end', '300', '-z', '3s']);
  assert.ok(Math.abs(step.count - 600) <= 2, `step: ${step.count} calls (100 + 200 + 300)`);
  const line = await ghz([...ECHO, '-d', '{}', '--load-schedule', 'line', '--load-start', '50', '--load-step', '50', '-z', '2s']);
  assert.ok(Math.abs(line.count - 150) <= 2, `line: ${line.count} calls (50 + 100)`);
});

test('templated call data is used round-robin by request number, with metadata (text and -bin)', async () => {
  const method = loadGrpcMethod({ proto: 'protos/loadgen/echo.proto', call: 'loadgen.echo.Echo/Unary' });
  const seen: Array<{ text: string; meta: string; bin: string }> = [];
  const { server: recorder, port } = await rawGrpcServer('/loadgen.echo.Echo/Unary', (call, cb) => {
    const msg = method.requestMessage.decode(call.request) as unknown as { text: string };
    const bin = call.metadata.get('k-bin')[0] as Buffer;
    seen.push({ text: msg.text, meta: String(call.metadata.get('x-req')[0]), bin: bin.toString() });
    cb(null, call.request);
  });
  try {
    const j = await ghz([...ECHO, '-d', '[{"text":"a{{.RequestNumber}}"},{"text":"b"}]', '-m', '{"x-req":"r{{.RequestNumber}}","k-bin":"aGk="}', '-c', '1', '-n', '6', '--workers', '1'], `127.0.0.1:${port}`);
    assert.equal(j.count, 6);
    assert.deepEqual(seen.map((s) => s.text), ['a0', 'b', 'a2', 'b', 'a4', 'b']);
    assert.deepEqual(seen.map((s) => s.meta), ['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
    assert.ok(seen.every((s) => s.bin === 'hi'), '-bin metadata is sent decoded');
  } finally {
    recorder.forceShutdown();
  }
});

test('a deadline shorter than the server latency ends calls as DeadlineExceeded', async () => {
  const slow = await startGrpcReferenceServer({ port: 0, latency: '300ms' });
  try {
    const j = await ghz([...ECHO, '-d', '{}', '-n', '4', '-c', '2', '-t', '50ms'], slow.address, 1);
    assert.equal(j.count, 4);
    assert.deepEqual(j.statusCodeDistribution, { DeadlineExceeded: 4 });
    assert.deepEqual(j.errorDistribution, { 'rpc error: code = DeadlineExceeded desc = context deadline exceeded': 4 });
  } finally {
    await slow.close();
  }
});

test('a server going away mid-run: every call is counted, failures as Unavailable, exit 0', async () => {
  const doomed = await startGrpcReferenceServer({ port: 0 });
  const out = join(dir, 'away.json');
  const { done } = startCli(['grpc', '--insecure', ...ECHO, '-d', '{}', '--rps', '200', '-z', '2s', '-O', 'lg-json', '-o', out, doomed.address]);
  // Once calls flow (however long start-up took), the server goes away with the run half done.
  await until(() => doomed.stats.requests >= 150);
  await doomed.close();
  const r = await done;
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(readFileSync(out, 'utf8')) as { requests: number; successes: number; status_codes: Record<string, number>; protocol: string };
  assert.equal(j.protocol, 'grpc');
  assert.ok(Math.abs(j.requests - 400) <= 1, `${j.requests} calls`);
  assert.ok(j.successes > 50 && j.successes < j.requests, `${j.successes} ok`);
  assert.ok((j.status_codes['14'] ?? 0) > 0, 'Unavailable after the server left');
});

test('TLS: --cacert trusts a self-signed server; without it the calls fail', async () => {
  const { cert, key } = makeCert();
  const tls = await startGrpcReferenceServer({ port: 0, tls: { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') } });
  try {
    const run = async (extra: string[], exit = 0) => {
      const out = join(dir, `tls-${Math.random()}.json`);
      const r = await runCli(['grpc', ...ECHO, '-d', '{}', '-n', '5', '-c', '1', ...extra, '-O', 'json', '-o', out, tls.address]);
      assert.equal(r.code, exit, r.stderr);
      return JSON.parse(readFileSync(out, 'utf8')) as GhzJson;
    };
    assert.deepEqual((await run(['--cacert', cert])).statusCodeDistribution, { OK: 5 });
    assert.deepEqual((await run(['--skipTLS'])).statusCodeDistribution, { OK: 5 });
    // Every call failed: exit 1 (issue 12).
    assert.deepEqual((await run([], 1)).statusCodeDistribution, { Unavailable: 5 });
  } finally {
    await tls.close();
  }
});

test('-O summary and -O csv are ghz\'s formats', async () => {
  const summary = await runCli(['grpc', '--insecure', ...ECHO, '-d', '{}', '-n', '20', '-c', '2', server.address]);
  assert.equal(summary.code, 0, summary.stderr);
  assert.match(summary.stdout, /^\nSummary:\n  Count:\t20\n  Total:\t.+\n  Slowest:\t.+\n  Fastest:\t.+\n  Average:\t.+\n  Requests\/sec:\t[\d.]+\n\nResponse time histogram:\n/);
  assert.match(summary.stdout, /Status code distribution:\n  \[OK\]\s+20 responses/);
  const csv = await runCli(['grpc', '--insecure', ...ECHO, '-d', '{}', '-n', '5', '-c', '1', '--details', '-O', 'csv', server.address]);
  assert.equal(csv.code, 0, csv.stderr);
  const lines = csv.stdout.split('\n');
  assert.equal(lines[1], 'duration (ms),status,error');
  assert.equal(lines.filter((l) => /^[\d.]+,OK,$/.test(l)).length, 5);
});

test('infer --transport grpc --proto v2: ModelInfer at a fixed rate against the reference server', async () => {
  const out = join(dir, 'infer-grpc.json');
  const before = server.stats.inferences;
  // The acceptance run: 5 s with zero failed checks.
  const r = await runCli(['infer', '--transport', 'grpc', '--proto', 'v2', '--url', `http://${server.address}`, '--model', 'iris', '--rate', '50', '-d', '5s', '--report', `json=${out}`]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(readFileSync(out, 'utf8')) as { requests: number; successes: number };
  assert.equal(j.requests, 250);
  assert.equal(j.successes, 250);
  assert.equal(server.stats.inferences - before, 250);
  const raw = await runCli(['infer', '--transport', 'grpc', '--url', server.address, '--model', 'tfsimple', '--raw-contents', '-n', '10', '--report', `json=${out}`]);
  assert.equal(raw.code, 0, raw.stderr);
  assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { successes: number }).successes, 10);
});

// argv                                                      what the one line says
const bad: Array<[string[], RegExp]> = [
  [['--proto', 'nope.proto', '--call', 'a.B/C'], /nope\.proto/],
  [['--proto', 'protos/loadgen/echo.proto', '--call', 'loadgen.echo.Echo/Nope'], /Nope/],
  [[...ECHO, '-d', '{"nosuchfield":1}'], /nosuchfield/],
  [[...ECHO, '-d', '{"text":'], /-d/],
  [[...ECHO, '--load-schedule', 'step', '--load-start', '0'], /--load-start > 0/],
  [[...ECHO, '-O', 'html'], /-O\/--format: "html"/],
  [['--proto', 'protos/loadgen/echo.proto'], /--call is required/],
  [[...ECHO, '--stream-call-count', '3'], /apply to streaming methods; this method is unary/],
  [['--proto', 'echo', '--call', 'loadgen.echo.Echo/ServerStream', '--stream-interval', '1s'], /only streams replies/],
  [['--proto', 'echo', '--call', 'loadgen.echo.Echo/Bidi', '--stream-dynamic-messages'], /--stream-dynamic-messages is not supported/],
];
for (const [argv, message] of bad) {
  test(`bad gRPC input: loadgen grpc ${argv.join(' ')}`, async () => {
    const r = await runCli(['grpc', '--insecure', ...argv, '127.0.0.1:1']);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, message);
  });
}

test('infer --transport grpc checks answers: an OK ModelInfer without outputs fails the check', async () => {
  const { server: empty, port } = await rawGrpcServer('/inference.GRPCInferenceService/ModelInfer', (_call, cb) => cb(null, Buffer.alloc(0)));
  try {
    const out = join(dir, 'grpc-check.json');
    const checked = await runCli(['infer', '--transport', 'grpc', '--url', `127.0.0.1:${port}`, '--model', 'iris', '-n', '4', '--report', `json=${out}`]);
    // No answer passed its check: exit 1 (issue 12).
    assert.equal(checked.code, 1, checked.stderr);
    const j = JSON.parse(readFileSync(out, 'utf8')) as { successes: number; errors: Array<{ text: string }> };
    assert.equal(j.successes, 0);
    assert.equal(j.errors[0].text, 'check: no outputs');
    const unchecked = await runCli(['infer', '--transport', 'grpc', '--url', `127.0.0.1:${port}`, '--model', 'iris', '-n', '4', '--no-check', '--report', `json=${out}`]);
    assert.equal(unchecked.code, 0, unchecked.stderr);
    assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { successes: number }).successes, 4);
  } finally {
    empty.forceShutdown();
  }
});

test('infer --transport grpc --wait-ready uses ServerReady/ModelReady; --warmup calls stay out of the statistics', async () => {
  const out = join(dir, 'grpc-ready.json');
  const before = server.stats.inferences;
  const ok = await runCli(['infer', '--transport', 'grpc', '--url', server.address, '--model', 'iris', '-n', '10', '--wait-ready', '3s', '--warmup', '4', '--report', `json=${out}`]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stderr, /warm-up: 4 requests, 0 failed/);
  assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { requests: number }).requests, 10);
  assert.equal(server.stats.inferences - before, 14);
  const missing = await runCli(['infer', '--transport', 'grpc', '--url', server.address, '--model', 'nosuchmodel', '--input', 'x:FP32:B,4', '-n', '3', '--wait-ready', '500ms']);
  assert.equal(missing.code, 3, missing.stderr);
  assert.match(missing.stderr, /^loadgen: not ready after 0\.5s \(ModelReady nosuchmodel: .*\); no load was sent\n$/);
});

test('through nginx (grpc_pass, h2c): a real proxy\'s HTTP/2 and HPACK; a dead upstream is Unavailable', { skip: NGINX === null && 'nginx is not installed' }, async () => {
  const nginx = await startNginx({ grpcUpstream: server.address });
  const dead = await startNginx({ grpcUpstream: `127.0.0.1:${await freePort()}` });
  try {
    const j = await ghz([...ECHO, '-d', '{"text":"via nginx"}', '--rps', '200', '-z', '2s', '--connections', '2'], nginx.grpcAddress);
    assert.ok(Math.abs(j.count - 400) <= 1, `${j.count} calls`);
    assert.deepEqual(j.statusCodeDistribution, { OK: j.count });
    const down = await ghz([...ECHO, '-d', '{}', '-n', '3', '-c', '1'], dead.grpcAddress, 1);
    assert.deepEqual(down.errorDistribution, { 'rpc error: code = Unavailable desc = unexpected HTTP status code received from server: 502': 3 });
  } finally {
    await Promise.all([nginx.stop(), dead.stop()]);
  }
});

test('--enable-compression sends gzipped request messages the server accepts', async () => {
  const j = await ghz([...ECHO, '-d', '{"text":"compress me please, compress me please"}', '-n', '20', '-c', '2', '--enable-compression']);
  assert.deepEqual(j.statusCodeDistribution, { OK: 20 });
  assert.equal(j.options['enable-compression'], true);
  const templated = await ghz([...ECHO, '-d', '{"text":"n{{.RequestNumber}}"}', '-n', '10', '-c', '1', '-e']);
  assert.deepEqual(templated.statusCodeDistribution, { OK: 10 });
});

test('--concurrency-schedule step adds users over time (1 -> 4), up to the end value', async () => {
  const slow = await startGrpcReferenceServer({ port: 0, latency: '50ms' });
  try {
    const out = join(dir, 'users.json');
    const r = await runCli(['grpc', '--insecure', ...ECHO, '-d', '{}', '--concurrency-schedule', 'step', '--concurrency-start', '1', '--concurrency-step', '1', '--concurrency-step-duration', '500ms', '--concurrency-end', '4', '-z', '2s', '--workers', '1', '-O', 'lg-json', '-o', out, slow.address]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(readFileSync(out, 'utf8')) as { requests: number; in_flight_peak: number; latency: { service: { exact: { count: number; total_ns: number } } } };
    // 0.5 s at each of 1, 2, 3 and 4 users, each user one call after another: 5 s of user time
    // over the mean call time (50 ms on a quiet machine; longer when the cores are busy).
    const meanS = j.latency.service.exact.total_ns / j.latency.service.exact.count / 1e9;
    const expected = 5 / meanS;
    assert.ok(j.requests >= 0.75 * expected && j.requests <= 1.25 * expected, `${j.requests} calls, ${expected.toFixed(1)} expected at ${(meanS * 1000).toFixed(1)} ms per call`);
    assert.equal(j.in_flight_peak, 4);
  } finally {
    await slow.close();
  }
});

test('streaming methods: one call per stream; server streams read every reply, client and bidi streams send the whole data array', async () => {
  const data = '[{"text":"a","count":3},{"text":"b","count":3}]';
  const run = async (method: string) => {
    const out = join(dir, `stream-${method}.json`);
    const r = await runCli(['grpc', '--insecure', '--proto', 'echo', '--call', `loadgen.echo.Echo/${method}`, '-d', data, '-n', '10', '-c', '2', '-O', 'lg-json', '-o', out, server.address]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(readFileSync(out, 'utf8')) as { requests: number; successes: number; bytes_in: { total: number } };
  };
  const server3 = await run('ServerStream');
  const client = await run('ClientStream');
  const bidi = await run('Bidi');
  for (const j of [server3, client, bidi]) assert.deepEqual([j.requests, j.successes], [10, 10]);
  // Replies are framed messages of similar size (server-stream replies also carry a sequence
  // number): 3 per server stream, 1 per client stream, 2 per bidi stream.
  const ratio = (j: { bytes_in: { total: number } }) => j.bytes_in.total / client.bytes_in.total;
  assert.ok(ratio(server3) >= 2.8 && ratio(server3) <= 4, `server stream: ${ratio(server3)}x a client stream's bytes`);
  assert.ok(ratio(bidi) >= 1.8 && ratio(bidi) <= 2.2, `bidi: ${ratio(bidi)}x a client stream's bytes`);
});

test('ghz stream options: --stream-call-count cycles the data, --stream-interval paces, --stream-call-duration ends streams', async () => {
  // A client-streaming server that keeps what each stream sent and when.
  const identity = (b: Buffer) => b;
  const streams: Array<Array<{ atMs: number; message: string }>> = [];
  const raw = new grpc.Server();
  raw.addService(
    { M: { path: '/loadgen.echo.Echo/ClientStream', requestStream: true, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity } },
    {
      M: (call: grpc.ServerReadableStream<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
        const seen: Array<{ atMs: number; message: string }> = [];
        call.on('data', (b: Buffer) => seen.push({ atMs: performance.now(), message: b.subarray(2).toString() }));
        call.on('end', () => {
          streams.push(seen);
          cb(null, Buffer.alloc(0));
        });
      },
    },
  );
  const port = await new Promise<number>((resolve, reject) => raw.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
  const CLIENT = ['--proto', 'echo', '--call', 'loadgen.echo.Echo/ClientStream', '-d', '[{"text":"a"},{"text":"b"}]', '-c', '1'];
  try {
    const counted = await ghz([...CLIENT, '-n', '2', '--stream-call-count', '5'], `127.0.0.1:${port}`);
    assert.deepEqual(counted.statusCodeDistribution, { OK: 2 });
    assert.deepEqual(streams.map((m) => m.map((x) => x.message).join('')), ['ababa', 'ababa']);

    streams.length = 0;
    const paced = await ghz([...CLIENT, '-n', '1', '--stream-call-count', '3', '--stream-interval', '100ms'], `127.0.0.1:${port}`);
    assert.deepEqual(paced.statusCodeDistribution, { OK: 1 });
    const at = streams[0].map((m) => m.atMs);
    assert.equal(at.length, 3);
    for (let i = 1; i < at.length; i++) assert.ok(at[i] - at[i - 1] >= 90, `gap ${at[i] - at[i - 1]} ms`);

    streams.length = 0;
    const timed = await ghz([...CLIENT, '-n', '1', '--stream-call-duration', '300ms', '--stream-interval', '50ms'], `127.0.0.1:${port}`);
    assert.deepEqual(timed.statusCodeDistribution, { OK: 1 });
    assert.ok(streams[0].length >= 4 && streams[0].length <= 8, `${streams[0].length} messages in 300 ms at one per 50 ms`);
  } finally {
    raw.forceShutdown();
  }

  // Server streams: cancelled after N replies or after the duration, as ghz reports them (Canceled).
  const SERVER = ['--proto', 'echo', '--call', 'loadgen.echo.Echo/ServerStream', '-d', '{"text":"s","count":50}', '-c', '2', '-n', '4'];
  const byCount = await ghz([...SERVER, '--stream-call-count', '3']);
  assert.deepEqual(byCount.statusCodeDistribution, { Canceled: 4 });
  const slow = await startGrpcReferenceServer({ port: 0, latency: '1s' });
  try {
    const byTime = await ghz([...SERVER, '--stream-call-duration', '200ms'], slow.address);
    assert.deepEqual(byTime.statusCodeDistribution, { Canceled: 4 });
    assert.ok(byTime.total < 1.5e9, `cut at 200 ms, not after the 1 s replies: total ${byTime.total} ns`);
  } finally {
    await slow.close();
  }
});

test('--grpc-client grpc-js: the same calls, deadlines, metadata and TLS through @grpc/grpc-js', async () => {
  const j = await ghz([...ECHO, '-d', '{"text":"hi"}', '--rps', '200', '-z', '1s', '--grpc-client', 'grpc-js', '-m', '{"x-a":"1"}']);
  assert.ok(Math.abs(j.count - 200) <= 1, `${j.count} calls`);
  assert.deepEqual(j.statusCodeDistribution, { OK: j.count });
  const closed = await ghz([...ECHO, '-d', '{}', '-c', '4', '-n', '50', '--grpc-client', 'grpc-js']);
  assert.equal(closed.count, 50);
  const slow = await startGrpcReferenceServer({ port: 0, latency: '300ms' });
  try {
    // Every call missed its deadline: the report is written and the run gates with exit 1 (issue 12).
    const late = await ghz([...ECHO, '-d', '{}', '-n', '2', '-c', '2', '-t', '50ms', '--grpc-client', 'grpc-js'], slow.address, 1);
    assert.deepEqual(late.errorDistribution, { 'rpc error: code = DeadlineExceeded desc = context deadline exceeded': 2 });
  } finally {
    await slow.close();
  }
  const { cert, key } = makeCert();
  const tls = await startGrpcReferenceServer({ port: 0, tls: { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') } });
  try {
    const out = join(dir, 'grpcjs-tls.json');
    const r = await runCli(['grpc', ...ECHO, '-d', '{}', '-n', '5', '-c', '1', '--cacert', cert, '--grpc-client', 'grpc-js', '-O', 'json', '-o', out, tls.address]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(readFileSync(out, 'utf8')) as GhzJson).statusCodeDistribution, { OK: 5 });
  } finally {
    await tls.close();
  }
  const infer = await runCli(['infer', '--transport', 'grpc', '--grpc-client', 'grpc-js', '--url', server.address, '--model', 'iris', '-n', '10', '--report', `json=${join(dir, 'grpcjs-infer.json')}`]);
  assert.equal(infer.code, 0, infer.stderr);
  assert.equal((JSON.parse(readFileSync(join(dir, 'grpcjs-infer.json'), 'utf8')) as { successes: number }).successes, 10);
});
