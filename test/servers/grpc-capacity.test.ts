/**
 * The reference gRPC server's capacity (startGrpcReferenceServer({capacityHz}), `serve
 * --capacity` with --grpc-port): V2 ModelInfer at twice the capacity is answered at about the
 * capacity with latency growing; at half of it, as without the cap; a rate range over it shows
 * the knee.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startGrpcReferenceServer, type GrpcReferenceServer } from '../../src/servers/grpc-reference-server.js';
import { runCli } from '../helpers/cli.js';
import type { RangeResult } from '../../src/results/range-result.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-grpc-capacity-'));
const CAPACITY = 100;

interface Report {
  requests: number;
  successes: number;
  throughput: number;
  latency: { service: { p50_ns: number; p99_ns: number } };
}

async function load(address: string, rate: number): Promise<Report> {
  const out = join(dir, `r-${rate}.json`);
  const r = await runCli(['infer', '--transport', 'grpc', '--url', address, '--model', 'iris', '--rate', String(rate), '-d', '2s', '--report', `json=${out}`]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(readFileSync(out, 'utf8')) as Report;
}

describe('a reference gRPC server with capacityHz', () => {
  let capped: GrpcReferenceServer;
  before(async () => {
    capped = await startGrpcReferenceServer({ capacityHz: CAPACITY, latency: '2ms' });
  });
  after(() => capped.close());

  it('at twice its capacity answers ModelInfer at about N/s, and latency grows', async () => {
    const r = await load(capped.address, 2 * CAPACITY);
    assert.equal(r.successes, r.requests);
    assert.ok(Math.abs(r.throughput - CAPACITY) <= 0.1 * CAPACITY, `throughput ${r.throughput}/s`);
    assert.ok(r.latency.service.p50_ns > 300e6, `p50 ${r.latency.service.p50_ns / 1e6} ms`);
  });

  it('at half its capacity answers at the offered rate without queueing', async () => {
    const r = await load(capped.address, CAPACITY / 2);
    assert.ok(Math.abs(r.throughput - CAPACITY / 2) <= 0.1 * (CAPACITY / 2), `throughput ${r.throughput}/s`);
    assert.ok(r.latency.service.p50_ns < 20e6, `p50 ${r.latency.service.p50_ns / 1e6} ms`);
  });

  it('a gRPC rate range shows the knee: the achieved rate follows the offered one up to N/s, then stays there', async () => {
    const out = join(dir, 'range.json');
    const r = await runCli(['infer', '--transport', 'grpc', '--url', capped.address, '--model', 'iris', '--rate-range', '50:200:x4', '--window', '1s', '--max-windows', '3', '--result', out, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(readFileSync(out, 'utf8')) as RangeResult;
    assert.deepEqual(j.levels.map((l) => l.level), [50, 200]);
    const [below, past] = j.levels;
    assert.ok(Math.abs(below.achievedRps - 50) <= 0.15 * 50, `achieved ${below.achievedRps}/s at 50/s`);
    assert.ok(Math.abs(past.achievedRps - CAPACITY) <= 0.15 * CAPACITY, `achieved ${past.achievedRps}/s at 200/s`);
    assert.ok(past.p50Ns > 10 * below.p50Ns, `p50 ${past.p50Ns / 1e6} ms past capacity vs ${below.p50Ns / 1e6} ms below`);
  });

  it('refuses a capacity that is not a rate', async () => {
    await assert.rejects(startGrpcReferenceServer({ capacityHz: -1 }), /--capacity: must be a positive rate/);
  });
});
