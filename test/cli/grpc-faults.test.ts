/**
 * gRPC faults of the reference server: injected status errors, stalls, reset streams and GOAWAYs
 * are counted by ghz's status names, every call once, and the run ends on time.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, startCli } from '../helpers/cli.js';
import { until } from '../helpers/until.js';
import { parseGrpcFaults } from '../../src/servers/grpc/grpc-faults.js';
import { startReferenceServer } from '../../src/servers/reference-server.js';
import { seededRandom } from '../../src/core/seeded-random.js';
import { startGrpcReferenceServer } from '../../src/servers/grpc-reference-server.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-grpc-faults-'));

test('gRPC status errors (serve --error-rate with --grpc-error-code): counted by ghz status name, on time', { timeout: 60_000 }, async () => {
  const server = await startGrpcReferenceServer({ port: 0, errorRate: 0.5, errorCode: 14, random: seededRandom(3) });
  try {
    const out = join(dir, 'grpc-status.json');
    const r = await runCli(['grpc', '--insecure', '--proto', 'echo', '--call', 'loadgen.echo.Echo/Unary', '-d', '{}', '--rps', '100', '-z', '500ms', '-O', 'json', '-o', out, server.address]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(readFileSync(out, 'utf8')) as { count: number; statusCodeDistribution: Record<string, number>; errorDistribution: Record<string, number> };
    assert.equal(j.count, 50, 'R x D calls');
    assert.equal(j.statusCodeDistribution.OK + j.statusCodeDistribution.Unavailable, 50, JSON.stringify(j.statusCodeDistribution));
    assert.ok(j.statusCodeDistribution.Unavailable > 0 && j.statusCodeDistribution.OK > 0);
    const [text, count] = Object.entries(j.errorDistribution)[0];
    assert.match(text, /^rpc error: code = Unavailable desc = /);
    assert.equal(count, j.statusCodeDistribution.Unavailable);
    assert.equal(server.stats.requests, 50, 'every call reached the server');
  } finally {
    await server.close();
  }
});

// Faults of the gRPC port (serve --grpc-fault): each mode ends on time, counts every call once
// (count = sum of status names = per-call details = the record's requests), and names the
// failures as ghz does.
interface GhzJson {
  count: number;
  statusCodeDistribution: Record<string, number>;
  errorDistribution: Record<string, number>;
  details: unknown[];
}
interface GrpcRow {
  faults: string[];
  /** rate replaces RATE (calls per second). */
  rate?: number;
  expect: (j: GhzJson, served: Record<string, number>, kinds: Record<string, number>) => void;
}
const RATE = 100;
const DURATION_S = 1;
const TIMEOUT_S = 0.5;
/** BUSY_MARGIN_S covers a busy 2-core machine; a stalled call outliving -t would take the test's whole minute. */
const BUSY_MARGIN_S = 8;
const grpcRows: GrpcRow[] = [
  {
    faults: ['stall@0.3'],
    expect: (j, served, kinds) => {
      assert.equal(j.statusCodeDistribution.DeadlineExceeded, served.stall, 'each stalled call meets its deadline');
      assert.deepEqual(Object.keys(j.errorDistribution), ['rpc error: code = DeadlineExceeded desc = context deadline exceeded']);
      assert.deepEqual(kinds, { timeout: served.stall });
    },
  },
  {
    // grpc-go's mapping of RST_STREAM codes: REFUSED_STREAM Unavailable, CANCEL Canceled, INTERNAL_ERROR Internal.
    faults: ['rst-stream:REFUSED_STREAM@0.2', 'rst-stream:CANCEL@0.2', 'rst-stream@0.2'],
    expect: (j, served, kinds) => {
      const d = j.statusCodeDistribution;
      assert.equal(d.Unavailable + d.Canceled + d.Internal, served['rst-stream'], JSON.stringify(d));
      assert.equal(j.errorDistribution['rpc error: code = Unavailable desc = stream terminated by RST_STREAM with error code: REFUSED_STREAM'], d.Unavailable);
      assert.equal(j.errorDistribution['rpc error: code = Canceled desc = stream terminated by RST_STREAM with error code: CANCEL'], d.Canceled);
      assert.equal(j.errorDistribution['rpc error: code = Internal desc = stream terminated by RST_STREAM with error code: INTERNAL_ERROR'], d.Internal);
      assert.deepEqual(kinds, { reset: served['rst-stream'] });
    },
  },
  {
    // GOAWAY and the connection closed: the faulted call and any other in flight on it are Unavailable.
    faults: ['goaway:ENHANCE_YOUR_CALM@0.05'],
    expect: (j, served) => {
      assert.ok(served.goaway > 0 && j.statusCodeDistribution.Unavailable >= served.goaway, JSON.stringify([j.statusCodeDistribution, served]));
      assert.equal(j.statusCodeDistribution.OK + j.statusCodeDistribution.Unavailable, j.count);
      const closed = 'rpc error: code = Unavailable desc = closing transport due to: connection error: desc = "error reading from server: EOF", received prior goaway: code: ENHANCE_YOUR_CALM, debug data: ""';
      assert.ok(j.errorDistribution[closed] > 0, JSON.stringify(j.errorDistribution));
      for (const text of Object.keys(j.errorDistribution)) assert.match(text, /^rpc error: code = Unavailable desc = .*(GOAWAY|goaway: code:) ENHANCE_YOUR_CALM/);
    },
  },
  {
    // Faults racing on shared connections (stalled and reset calls on a connection a GOAWAY closes).
    faults: ['goaway@0.05', 'rst-stream@0.1', 'stall@0.05', 'status:Internal@0.05'],
    rate: 500,
    expect: (j) => {
      assert.ok(j.statusCodeDistribution.OK > 0 && j.statusCodeDistribution.Unavailable > 0 && j.statusCodeDistribution.Internal > 0, JSON.stringify(j.statusCodeDistribution));
    },
  },
];

for (const row of grpcRows) {
  test(`gRPC fault ${row.faults.join(' ')}: on time, every call counted, ghz status names`, { timeout: 60_000 }, async () => {
    const server = await startGrpcReferenceServer({ port: 0, faults: parseGrpcFaults(row.faults), random: seededRandom(7) });
    try {
      const name = row.faults.join('-').replace(/[^a-z0-9-]/gi, '_');
      const out = join(dir, `${name}.json`);
      const record = join(dir, `${name}.record.json`);
      const rate = row.rate ?? RATE;
      const args = ['grpc', '--insecure', '--proto', 'echo', '--call', 'loadgen.echo.Echo/Unary', '-d', '{}', '--rps', String(rate), '-c', '200', '-z', `${DURATION_S}s`, '-t', `${TIMEOUT_S * 1000}ms`];
      const { child, done } = startCli([...args, '--details', '-O', 'json', '-o', out, '--result', record, server.address]);
      await until(() => server.stats.requests > 0 || child.exitCode !== null);
      const firstAt = Date.now();
      const r = await done;
      assert.ok(Date.now() - firstAt < (DURATION_S + TIMEOUT_S + BUSY_MARGIN_S) * 1000, 'ended on time');
      assert.equal(r.code, 0, r.stderr);
      const j = JSON.parse(readFileSync(out, 'utf8')) as GhzJson;
      const rec = JSON.parse(readFileSync(record, 'utf8')) as { requests: number; error_kinds: Record<string, number> };
      assert.equal(j.count, rate * DURATION_S, 'R x D calls sent and counted');
      assert.equal(Object.values(j.statusCodeDistribution).reduce((a, b) => a + b, 0), j.count, 'sum of status names');
      assert.equal(j.details.length, j.count, 'per-call details');
      assert.equal(rec.requests, j.count, 'the record has every call');
      assert.equal(Object.values(j.errorDistribution).reduce((a, b) => a + b, 0), j.count - (j.statusCodeDistribution.OK ?? 0), 'every failure has its error text');
      row.expect(j, server.faults.state().counts, rec.error_kinds);
    } finally {
      await server.close();
    }
  });
}

test('gRPC faults switched at run time (POST /_loadgen/grpc-faults on the HTTP port), counted before and after', { timeout: 60_000 }, async () => {
  const grpc = await startGrpcReferenceServer({ port: 0 });
  const http = await startReferenceServer({ grpcFaults: grpc.faults });
  try {
    const out = join(dir, 'switch.json');
    const { done } = startCli(['grpc', '--insecure', '--proto', 'echo', '--call', 'loadgen.echo.Echo/Unary', '-d', '{}', '--rps', '100', '-z', '2s', '-O', 'json', '-o', out, grpc.address]);
    await until(() => grpc.stats.requests >= 30);
    const set = await fetch(`${http.url}/_loadgen/grpc-faults`, { method: 'POST', body: 'status:Unavailable' });
    assert.deepEqual(await set.json(), { faults: ['status:Unavailable'], counts: {} });
    const bad = await fetch(`${http.url}/_loadgen/grpc-faults`, { method: 'POST', body: 'status:OK' });
    assert.equal(bad.status, 400, 'a bad fault text is refused and the faults stay');
    const r = await done;
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(readFileSync(out, 'utf8')) as GhzJson;
    assert.equal(j.count, 200);
    assert.ok(j.statusCodeDistribution.OK >= 30, JSON.stringify(j.statusCodeDistribution));
    assert.equal(j.statusCodeDistribution.Unavailable, grpc.faults.state().counts.status, 'every injected status recorded');
    assert.equal(j.statusCodeDistribution.OK + j.statusCodeDistribution.Unavailable, 200);
    assert.deepEqual(Object.keys(j.errorDistribution), ['rpc error: code = Unavailable desc = injected status:Unavailable']);
    const cleared = await fetch(`${http.url}/_loadgen/grpc-faults`, { method: 'DELETE' });
    assert.deepEqual(await cleared.json(), { faults: [], counts: {} });
  } finally {
    await Promise.all([http.close(), grpc.close()]);
  }
});

test('serve --grpc-fault: applied on --grpc-port; without --grpc-port or with bad text, one line and exit 2', { timeout: 60_000 }, async () => {
  const serve = startCli(['serve', '--port', '0', '--grpc-port', '0', '--grpc-fault', 'rst-stream:REFUSED_STREAM']);
  try {
    let seen = '';
    serve.child.stderr!.on('data', (d: Buffer) => (seen += String(d)));
    await until(() => /gRPC server listening on (\S+)\n/.test(seen) || serve.child.exitCode !== null);
    const address = /gRPC server listening on (\S+)\n/.exec(seen)![1];
    const out = join(dir, 'serve-flag.json');
    const r = await runCli(['grpc', '--insecure', '--proto', 'echo', '--call', 'loadgen.echo.Echo/Unary', '-d', '{}', '-n', '10', '--rps', '50', '-O', 'json', '-o', out, address]);
    assert.equal(r.code, 1, r.stderr); // every call failed
    assert.deepEqual((JSON.parse(readFileSync(out, 'utf8')) as GhzJson).statusCodeDistribution, { Unavailable: 10 });
  } finally {
    serve.child.kill('SIGTERM');
    await serve.done;
  }
  const noPort = await runCli(['serve', '--port', '0', '--grpc-fault', 'stall']);
  assert.equal(noPort.code, 2);
  assert.equal(noPort.stderr, 'loadgen: --grpc-fault: needs --grpc-port, the port the gRPC server listens on\n');
  const bad = await runCli(['serve', '--port', '0', '--grpc-port', '0', '--grpc-fault', 'status:Fine']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^loadgen: --grpc-fault: "status:Fine": CODE is a gRPC error status: a name such as Unavailable or a number 1..16; use status:CODE/);
});
