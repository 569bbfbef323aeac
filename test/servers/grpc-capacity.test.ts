/**
 * The reference gRPC server's capacity (startGrpcReferenceServer({capacityHz}), `serve
 * --capacity` with --grpc-port): V2 ModelInfer at twice the capacity is answered at about the
 * capacity with latency growing; at half of it, as without the cap.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startGrpcReferenceServer, type GrpcReferenceServer } from '../../src/servers/grpc-reference-server.js';
import { runCli } from '../helpers/cli.js';

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

  it('refuses a capacity that is not a rate', async () => {
    await assert.rejects(startGrpcReferenceServer({ capacityHz: -1 }), /--capacity: must be a positive rate/);
  });
});
