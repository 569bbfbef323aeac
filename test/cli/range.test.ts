/**
 * Ranges end to end: `infer --rate-range` over 3 levels writes the level table and the range
 * record (exact levels, offered rates rising, windows per level within the bounds), the page;
 * `grpc --concurrency-range` (ghz's command line) the same in closed loop; --dry-run shows the
 * range; bad range input exits 2 with one line before any load.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseLatencyModel } from '../../src/servers/latency-model.js';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';
import { startGrpcReferenceServer, type GrpcReferenceServer } from '../../src/servers/grpc-reference-server.js';
import type { RangeResult } from '../../src/results/range-result.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-range-'));
const WINDOWS = ['--window', '1s', '--max-windows', '4', '--stability', '25%', '--stability-metric', 'p50'];

describe('ranges', () => {
  let server: ReferenceServer;
  let grpc: GrpcReferenceServer;
  before(async () => {
    server = await startReferenceServer({ latency: parseLatencyModel('2ms') });
    grpc = await startGrpcReferenceServer({ latency: '2ms' });
  });
  after(() => Promise.all([server.close(), grpc.close()]));

  it('infer --rate-range 20:60:+20: one table row and one record level per rate, in order', async () => {
    const record = join(dir, 'rates.json');
    const page = join(dir, 'rates.html');
    const r = await runCli(['infer', '--url', server.url, '--model', 'iris', '--rate-range', '20:60:+20', ...WINDOWS, '--report', 'text', '--report', `html=${page}`, '--result', record]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(readFileSync(record, 'utf8')) as RangeResult;
    assert.equal(j.schema, 'loadgen.range/v1');
    assert.equal(j.kind, 'rate');
    assert.deepEqual(j.levels.map((l) => l.level), [20, 40, 60]);
    assert.deepEqual(j.levels.map((l) => l.offeredRps), [20, 40, 60]);
    for (const l of j.levels) {
      // Stable after 3..4 windows, or given up at 4; the judged windows are the last 3.
      assert.ok(l.windowsUsed >= 3 && l.windowsUsed <= 4, `level ${l.level}: ${l.windowsUsed} windows`);
      assert.equal(l.windows.length, l.windowsUsed);
      assert.ok(!l.stable ? l.windowsUsed === 4 : true);
      assert.equal(l.errors, 0);
      assert.ok(Math.abs(l.achievedRps - l.level) <= 0.25 * l.level, `level ${l.level}: achieved ${l.achievedRps}/s`);
      assert.ok(l.p50Ns >= 2e6 && l.p50Ns <= l.p90Ns && l.p90Ns <= l.p99Ns, `level ${l.level}: p50 ${l.p50Ns} p90 ${l.p90Ns} p99 ${l.p99Ns}`);
      for (const w of l.windows) assert.ok(w.endNs - w.startNs >= 0.9e9, `a window of ${(w.endNs - w.startNs) / 1e9}s`);
    }
    const rows = r.stdout.split('\n').filter((line) => /^\d+\s+\d+\.\d\/s/.test(line));
    assert.deepEqual(rows.map((line) => Number(line.split(/\s+/)[0])), [20, 40, 60], r.stdout);
    assert.match(r.stdout, /Rate\s+Offered\s+Achieved\s+p50\s+p90\s+p99\s+Errors\s+CPU\s+Windows\s+Stable/);
    assert.match(r.stderr, /60\/s: window 3: /);
    const html = readFileSync(page, 'utf8');
    assert.match(html, /Latency against achieved throughput/);
    assert.match(html, /id="chart-curve"/);
    assert.match(html, /"xLabel":"achieved throughput \(1\/s\)"/);
  });

  it('grpc --concurrency-range 1:4:x2: closed loop at 1, 2 and 4 users, -O json writes the range record', async () => {
    const out = join(dir, 'users.json');
    const args = ['grpc', '--insecure', '--proto', 'protos/loadgen/echo.proto', '--call', 'loadgen.echo.Echo/Unary', '-d', '{}'];
    const r = await runCli([...args, '--concurrency-range', '1:4:x2', ...WINDOWS, '-O', 'json', '-o', out, grpc.address]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(readFileSync(out, 'utf8')) as RangeResult;
    assert.equal(j.kind, 'concurrency');
    assert.deepEqual(j.levels.map((l) => l.level), [1, 2, 4]);
    assert.deepEqual(j.levels.map((l) => l.offeredRps), [null, null, null]);
    // Closed loop over a 2 ms server: more users, more calls per second.
    assert.ok(j.levels[2].achievedRps > j.levels[0].achievedRps * 1.5, j.levels.map((l) => l.achievedRps).join(', '));
  });

  it('--dry-run prints the plan with its range and sends nothing', async () => {
    const before = server.stats.inferences;
    const r = await runCli(['infer', '--url', server.url, '--model', 'iris', '--concurrency-range', '1:64:x2', '--window-count', '500', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as { range: { kind: string; levels: number[]; stability: { window: unknown; tolerance: number; metric: string; maxWindows: number } } };
    assert.deepEqual(plan.range.levels, [1, 2, 4, 8, 16, 32, 64]);
    assert.equal(plan.range.kind, 'concurrency');
    assert.deepEqual(plan.range.stability, { maxWindows: 10, metric: 'mean', tolerance: 0.1, window: { kind: 'count', requests: 500 } });
    assert.equal(server.stats.inferences, before);
  });

  it('attack --concurrency-range plans closed-loop levels on its targets', async () => {
    const r = await runCli(['attack', '--url', server.url, '--concurrency-range', '8:32:+8', '--window', '2s', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as { range: { kind: string; levels: number[]; stability: { window: unknown } } };
    assert.deepEqual([plan.range.kind, plan.range.levels, plan.range.stability.window], ['concurrency', [8, 16, 24, 32], { kind: 'time', ns: 2e9 }]);
  });

  // argv after infer --url U --model iris          what the one line says
  const bad: Array<[string[], RegExp]> = [
    [['--rate-range', '100:2000'], /^--rate-range: "100:2000": needs START:END:STEP; use START:END:xFACTOR or START:END:\+STEP/],
    [['--concurrency-range', '1:64:x0.5'], /^--concurrency-range: .*F > 1/],
    [['--concurrency-range', '1:8:x2', '--rate-range', '1:8:x2'], /exclude each other/],
    [['--window', '2s'], /need --concurrency-range or --rate-range/],
    [['--rate-range', '10:20:+10', '--stability', '150%'], /^--stability: give a percentage/],
    [['--rate-range', '10:20:+10', '--window', '100ms'], /^--window: .*at least 1s/],
    [['--rate-range', '10:20:+10', '--stability-metric', 'p95'], /^--stability-metric: "p95"/],
    [['--rate-range', '10:20:+10', '--max-windows', '2'], /^--max-windows: give a whole number >= 3/],
    [['--rate-range', '10:20:+10', '--slo', 'p99<=1s'], /use loadgen find-max/],
  ];
  for (const [args, line] of bad) {
    it(`refuses ${args.join(' ')}: exit 2, one line, nothing sent`, async () => {
      const before = server.stats.inferences;
      const r = await runCli(['infer', '--url', server.url, '--model', 'iris', ...args]);
      assert.equal(r.code, 2, r.stderr);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0].replace(/^loadgen: /, ''), line);
      assert.equal(server.stats.inferences, before);
    });
  }
});
