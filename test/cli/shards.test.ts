/**
 * A test split over 3 shard processes (--shard i/3, started together by --start-barrier) against
 * one reference server with a fixed latency (200 ms, so the machine's scheduling noise is small beside it), against the same open-loop load (300/s for 3 s) from
 * one process: `loadgen merge` of the 3 records has exactly the single run's 900 requests, its
 * p50 and p99 within 5 % of the single run's, and ONE verdict on the records' objectives (exit
 * 99 on a miss). A shard stopped by SIGTERM mid-run still leaves a record that merges.
 *
 * Latency percentiles of two runs on a shared 2-core machine differ by the machine's noise, not
 * by the merge (side by side, the two runs' load on this machine costs seconds of queueing); so
 * the comparison is tried up to ATTEMPTS times (a fresh single run, then a fresh sharded run),
 * passing when one attempt is within 5 %. The request counts must be exact on every attempt.
 * When no attempt even measured the server's fixed hold cleanly (p50 within 10 %, p99 within
 * 50 % of it), the machine is too loaded to compare percentiles at all and the comparison is
 * skipped, saying so; with a clean attempt and none within 5 %, the test fails.
 * The single run has 3 worker threads to the shards' 1 each: the same number of isolates
 * compiling the hot path at the start (a stall on 2 cores that moves p99), in one process.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';
import { parseLatencyModel } from '../../src/servers/latency-model.js';
import { runCli, startCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-shards-'));
const ATTEMPTS = 5;
const TOLERANCE = 0.05;
const LATENCY_NS = 200e6;

interface Record {
  requests: number;
  successes: number;
  rate_hz: number | null;
  interrupted: boolean;
  shard: { index: number; count: number; segment: string } | null;
  latency: { service: { p50_ns: number; p99_ns: number } };
  slos: Array<{ text: string; pass: boolean }> | null;
}

let server: ReferenceServer;
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record;
const load = (extra: string[], duration = '3s') => ['infer', '--url', server.url, '--model', 'iris', '--rate', '300', '-d', duration, '--report', 'text=/dev/null', ...extra];

before(async () => {
  server = await startReferenceServer({ port: 0, latency: parseLatencyModel(`${LATENCY_NS / 1e6}ms`), preciseLatency: false });
});
after(async () => {
  await server.close();
});

/** sharded runs the 3 shards together and returns their record files. */
async function sharded(tag: string, extra: string[] = []): Promise<string[]> {
  const files = [0, 1, 2].map((i) => join(dir, `${tag}-shard-${i}.json`));
  const runs = files.map((f, i) => runCli(load(['--quiet', '--workers', '1', '--shard', `${i}/3`, '--start-barrier', join(dir, `${tag}-barrier`), '--result', f, ...extra])));
  for (const r of await Promise.all(runs)) assert.equal(r.code, 0, r.stderr);
  return files;
}

test('3 shards merged = 1 process: exact request count, p50/p99 within 5 %, one SLO verdict', async (t) => {
  let within = false;
  let cleanAttempts = 0;
  for (let attempt = 1; attempt <= ATTEMPTS && !within; attempt++) {
    const single = join(dir, `single-${attempt}.json`);
    const one = await runCli(load(['--quiet', '--workers', '3', '--result', single]));
    assert.equal(one.code, 0, one.stderr);
    const files = await sharded(`a${attempt}`, ['--slo', 'p99<=10s']);
    const shards = files.map(read);
    assert.deepEqual(shards.map((s) => s.shard), [0, 1, 2].map((i) => ({ index: i, count: 3, segment: `${i}/3:${i + 1}/3` })));
    assert.deepEqual(shards.map((s) => s.requests), [300, 300, 300]);
    const mergedFile = join(dir, `merged-${attempt}.json`);
    const m = await runCli(['merge', ...files, '--result', mergedFile]);
    assert.equal(m.code, 0, m.stderr);
    // One verdict table for the merged run, not one per shard.
    assert.equal(m.stderr.match(/SLOs? passed/g)?.length, 1, m.stderr);
    const merged = read(mergedFile);
    const whole = read(single);
    assert.equal(whole.requests, 900);
    assert.equal(merged.requests, whole.requests);
    assert.equal(merged.successes, 900);
    assert.equal(merged.rate_hz, 300);
    assert.equal(merged.shard, null);
    assert.deepEqual(merged.slos?.map((s) => [s.text, s.pass]), [['p99<=10s', true]]);
    const off = (k: 'p50_ns' | 'p99_ns') => Math.abs(merged.latency.service[k] - whole.latency.service[k]) / whole.latency.service[k];
    const ms = (r: Record, k: 'p50_ns' | 'p99_ns') => (r.latency.service[k] / 1e6).toFixed(2);
    t.diagnostic(`attempt ${attempt}: p50 ${ms(merged, 'p50_ns')} vs ${ms(whole, 'p50_ns')} ms, p99 ${ms(merged, 'p99_ns')} vs ${ms(whole, 'p99_ns')} ms (merged vs single)`);
    within = off('p50_ns') <= TOLERANCE && off('p99_ns') <= TOLERANCE;
    // A run is clean when the machine let it measure the server's fixed hold: p50 within 10 %, p99 within 50 %.
    const clean = (r: Record) => r.latency.service.p50_ns <= 1.1 * LATENCY_NS && r.latency.service.p99_ns <= 1.5 * LATENCY_NS;
    if (clean(merged) && clean(whole)) cleanAttempts++;
  }
  if (!within && cleanAttempts === 0) {
    t.skip(`no attempt measured the server's ${LATENCY_NS / 1e6} ms cleanly (the machine is overloaded); request counts were exact in all ${ATTEMPTS}`);
    return;
  }
  assert.ok(within, `merged p50/p99 not within ${TOLERANCE * 100} % of the single run's in ${ATTEMPTS} attempts (${cleanAttempts} clean)`);
});

test('merge judges the merged run on the records’ objectives and exits 99 on a miss, reports and record written', async () => {
  const files = await sharded('slo', ['--slo', 'p50<1ms']);
  const mergedFile = join(dir, 'merged-slo.json');
  const m = await runCli(['merge', ...files, '--result', mergedFile, '--report', `text=${join(dir, 'merged-slo.txt')}`]);
  assert.equal(m.code, 99, m.stderr);
  assert.match(m.stderr, /1 of 1 SLOs failed: p50<1ms/);
  assert.deepEqual(read(mergedFile).slos?.map((s) => s.pass), [false]);
  assert.ok(existsSync(join(dir, 'merged-slo.txt')));
  const twice = await runCli(['merge', files[0], files[0]]);
  assert.equal(twice.code, 2);
  assert.match(twice.stderr, /are both shard 0\/3/);
  const partial = await runCli(['merge', files[0], files[2], '--report', 'text=/dev/null']);
  assert.equal(partial.code, 99);
  assert.match(partial.stderr, /shard 1\/3 missing; the merged run is not the whole test/);
});

test('SIGTERM to one shard mid-run still leaves a record that merges with the others', async () => {
  const files = [0, 1, 2].map((i) => join(dir, `term-shard-${i}.json`));
  const barrier = join(dir, 'term-barrier');
  const args = (i: number, duration: string, watch: string[]) => load(['--workers', '1', '--shard', `${i}/3`, '--start-barrier', barrier, '--result', files[i], ...watch], duration);
  const kept = [0, 2].map((i) => startCli(args(i, '3s', ['--quiet'])));
  const victim = startCli(args(1, '10s', ['--log-every', '500ms']));
  // Wait for the shard to be sending (its first progress line), then stop it as Kubernetes would.
  await new Promise<void>((resolve) => {
    let seen = '';
    victim.child.stderr!.on('data', (d: Buffer) => {
      seen += d.toString();
      if (/[1-9]\d* done/.test(seen)) resolve();
    });
  });
  victim.child.kill('SIGTERM');
  const stopped = await victim.done;
  assert.equal(stopped.code, 0, stopped.stderr);
  for (const r of await Promise.all(kept.map((k) => k.done))) assert.equal(r.code, 0, r.stderr);
  const record = read(files[1]);
  assert.equal(record.interrupted, true);
  assert.ok(record.requests > 0 && record.requests < 1000, `the stopped shard sent ${record.requests}`);
  const mergedFile = join(dir, 'merged-term.json');
  const m = await runCli(['merge', ...files, '--result', mergedFile, '--report', 'text=/dev/null']);
  assert.equal(m.code, 0, m.stderr);
  const merged = read(mergedFile);
  assert.equal(merged.requests, 300 + 300 + record.requests);
  assert.equal(merged.interrupted, true);
});
