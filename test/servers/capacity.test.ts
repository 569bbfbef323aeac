/**
 * The reference server's capacity (`serve --capacity N/s`): loaded at twice its capacity it answers
 * about N per second and latency grows with the queue; below capacity it answers as a server
 * without the cap does. `loadgen serve --capacity` wires it, and refuses a rate that is not positive.
 */
import assert from 'node:assert/strict';
import { boundFor } from '../helpers/machine-load.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseLatencyModel } from '../../src/servers/latency-model.js';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';
import { runCli, runWithJsonReport, startCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-capacity-'));
const CAPACITY = 100;

interface Report {
  requests: number;
  successes: number;
  throughput: number;
  latency: { service: { p50_ns: number; p99_ns: number } };
}

async function load(url: string, rate: number, duration: string): Promise<Report> {
  const r = await runWithJsonReport<Report>(['infer', '--url', url, '--model', 'iris', '--rate', String(rate), '-d', duration, '--report', 'text=/dev/null'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.report !== null);
  return r.report;
}

describe('a reference server with --capacity', () => {
  let capped: ReferenceServer;
  let free: ReferenceServer;
  before(async () => {
    capped = await startReferenceServer({ capacityHz: CAPACITY, latency: parseLatencyModel('2ms') });
    free = await startReferenceServer({ latency: parseLatencyModel('2ms') });
  });
  after(() => Promise.all([capped.close(), free.close()]));

  it('at twice its capacity answers about N/s, and latency grows', async () => {
    const r = await load(capped.url, 2 * CAPACITY, '2s');
    assert.equal(r.successes, r.requests);
    // 400 requests in 2 s, answered at 100/s: the last after about 4 s.
    assert.ok(Math.abs(r.throughput - CAPACITY) <= 0.1 * CAPACITY, `throughput ${r.throughput}/s`);
    assert.ok(r.latency.service.p50_ns > 300e6, `p50 ${r.latency.service.p50_ns / 1e6} ms`);
    assert.ok(r.latency.service.p99_ns > 1000e6, `p99 ${r.latency.service.p99_ns / 1e6} ms`);
  });

  it('below capacity answers as a server without the cap', async () => {
    const [withCap, without] = [await load(capped.url, CAPACITY / 2, '2s'), await load(free.url, CAPACITY / 2, '2s')];
    assert.ok(Math.abs(withCap.throughput - CAPACITY / 2) <= 0.1 * (CAPACITY / 2), `throughput ${withCap.throughput}/s`);
    // Constant pacing at half the capacity never meets a full bucket: no queueing, so no added latency.
    const p50 = (r: Report) => r.latency.service.p50_ns / 1e6;
    const bound = boundFor(1, 3, 10);
    assert.ok(Math.abs(p50(withCap) - p50(without)) < bound, `p50 ${p50(withCap)} ms vs ${p50(without)} ms without the cap (bound ${bound} ms)`);
    assert.ok(withCap.latency.service.p99_ns < 50e6, `p99 ${withCap.latency.service.p99_ns / 1e6} ms`);
  });
});

describe('loadgen serve --capacity', () => {
  it('caps the answers of the server it runs', async () => {
    const { child, done } = startCli(['serve', '--port', '0', '--capacity', '50/s']);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let err = '';
        child.stderr!.on('data', (d: string) => {
          err += d;
          const m = /listening on (http:\/\/\S+)/.exec(err);
          if (m !== null) resolve(m[1]);
        });
        child.once('exit', () => reject(new Error(`serve exited: ${err}`)));
      });
      const r = await load(url, 100, '1s');
      // 100 requests answered at 50/s take about 2 s.
      assert.ok(Math.abs(r.throughput - 50) <= 5, `throughput ${r.throughput}/s`);
    } finally {
      child.kill('SIGTERM');
      await done;
    }
  });

  for (const bad of ['0', '-5/s', 'fast']) {
    it(`refuses --capacity ${bad} with exit 2`, async () => {
      const r = await runCli(['serve', '--port', '0', `--capacity=${bad}`]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /--capacity/);
    });
  }
});
