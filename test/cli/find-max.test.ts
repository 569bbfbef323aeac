/**
 * `loadgen find-max` against a reference server limited to C answers per second: the rate found
 * is within 10 % of C, reported with its evidence (every step's offered and achieved rate,
 * latency, verdict and the generator's CPU) in text, the json record and the page. Bad input
 * exits 2 with one line before any load.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseLatencyModel } from '../../src/servers/latency-model.js';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';
import type { FindMaxResult } from '../../src/results/find-max-result.js';
import { runCli } from '../helpers/cli.js';

interface DryPlan {
  meta: { command: string };
  slos: Array<{ text: string }>;
  findMax: { search: unknown };
}

const dir = mkdtempSync(join(tmpdir(), 'loadgen-find-max-'));
/**
 * CAPACITY is C. Low enough that this busy shared machine serves it with room to spare, so the
 * knee is the server's limit and not the generator's. The objective is on p50: past C the queue
 * grows every second, so p50 over 3 one-second windows passes 50 ms just above C (about 1.03 C),
 * while p99 on this machine wanders past 50 ms even far below C.
 */
const CAPACITY = 160;

describe('loadgen find-max', () => {
  let server: ReferenceServer;
  before(async () => {
    server = await startReferenceServer({ capacityHz: CAPACITY, latency: parseLatencyModel('5ms') });
  });
  after(() => server.close());

  it(`finds the saturation rate of a server limited to ${CAPACITY}/s within 10 %`, async () => {
    const record = join(dir, 'find-max.json');
    const page = join(dir, 'find-max.html');
    const r = await runCli([
      'find-max', '--url', server.url, '--model', 'iris',
      '--slo', 'p50<=50ms', '--slo', 'error-rate<1%',
      '--start-rate', '50', '--max-rate', '1000', '--precision', '5%',
      '--window', '1s', '--max-windows', '6', '--stability-metric', 'p50',
      '--report', 'text', '--report', `html=${page}`, '--result', record,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(readFileSync(record, 'utf8')) as FindMaxResult;
    assert.equal(j.schema, 'loadgen.find-max/v1');
    assert.ok(j.foundRps !== null && Math.abs(j.foundRps - CAPACITY) <= 0.1 * CAPACITY, `found ${j.foundRps}/s for capacity ${CAPACITY}/s; steps ${j.steps.map((s) => `${s.level}:${s.pass ? 'pass' : s.reason}:p50=${s.p50Ns / 1e6}ms`).join(' ')}`);
    assert.equal(j.limitedByMax, false);
    // The ramp doubles from the start until a miss: 50, 100, 200 (past C), then bisects from 150.
    assert.deepEqual(j.steps.slice(0, 4).map((s) => s.level), [50, 100, 200, 150]);
    assert.equal(j.steps[2].pass, false);
    const found = j.steps.find((s) => s.level === j.foundRps)!;
    assert.ok(found.pass && found.verdicts.every((v) => v.pass));
    assert.ok(Math.abs(found.achievedRps - found.level) <= 0.1 * found.level, `achieved ${found.achievedRps}/s at ${found.level}/s`);
    // Evidence: the generator's own CPU, per step and over the search.
    assert.ok(j.generator.cpuUserSeconds > 0 && j.cores >= 1);
    assert.ok(j.steps.every((s) => s.cpuCores > 0 && s.windowsUsed >= 3));
    assert.match(r.stdout, new RegExp(`Maximum rate meeting the objectives: ${j.foundRps}/s`));
    assert.match(r.stdout, /Step\s+Offered\s+Achieved\s+p50\s+p90\s+p99\s+Errors\s+CPU\s+Windows\s+Stable\s+Verdict/);
    assert.match(r.stdout, /FAIL \(/);
    const html = readFileSync(page, 'utf8');
    assert.match(html, /Latency against offered rate/);
    assert.match(html, /id="chart-achieved"/);
  });

  it('--dry-run prints the search plan and sends nothing', async () => {
    const before = server.stats.inferences;
    const r = await runCli(['find-max', '--url', server.url, '--model', 'iris', '--slo', 'p99<=50ms', '--max-rate', '2000', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as DryPlan;
    assert.equal(plan.meta.command, 'find-max');
    assert.deepEqual(plan.findMax.search, { maxHz: 2000, precision: 0.05, startHz: 50 });
    assert.deepEqual(plan.slos.map((s) => s.text), ['p99<=50ms']);
    assert.equal(server.stats.inferences, before);
  });

  it('attack --find-max and grpc --find-max plan the same search on their own requests', async () => {
    const attack = await runCli(['attack', '--url', `${server.url}/v2/models/iris/infer`, '--method', 'POST', '--find-max', '--slo', 'p99<=50ms', '--max-rate', '800', '--start-rate', '100', '--dry-run']);
    assert.equal(attack.code, 0, attack.stderr);
    assert.deepEqual((JSON.parse(attack.stdout) as DryPlan).findMax.search, { maxHz: 800, precision: 0.05, startHz: 100 });
    const grpc = await runCli(['grpc', '--insecure', '--proto', 'protos/loadgen/echo.proto', '--call', 'loadgen.echo.Echo/Unary', '-d', '{}', '--find-max', '--slo', 'p99<=50ms', '--max-rate', '800', '--precision', '10%', '--dry-run', '127.0.0.1:1']);
    assert.equal(grpc.code, 0, grpc.stderr);
    assert.deepEqual((JSON.parse(grpc.stdout) as DryPlan).findMax.search, { maxHz: 800, precision: 0.1, startHz: 50 });
    const without = await runCli(['attack', '--url', server.url, '--max-rate', '800', '--dry-run']);
    assert.equal(without.code, 2);
    assert.match(without.stderr, /--max-rate and --precision need --find-max/);
  });

  const bad: Array<[string[], RegExp]> = [
    [['--max-rate', '100'], /find-max needs the objectives/],
    [['--slo', 'p99<=50ms'], /find-max needs --max-rate/],
    [['--slo', 'p99<=50ms', '--max-rate', '100', '--start-rate', '200'], /--max-rate 100 is below --start-rate 200/],
    [['--slo', 'p99<=50ms', '--max-rate', '100', '--precision', '0'], /^--precision: /],
    [['--slo', 'p99<=fast', '--max-rate', '100'], /--slo/],
  ];
  for (const [args, line] of bad) {
    it(`refuses ${args.join(' ')}: exit 2, one line`, async () => {
      const r = await runCli(['find-max', '--url', server.url, '--model', 'iris', ...args]);
      assert.equal(r.code, 2, r.stderr);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0].replace(/^loadgen: /, ''), line);
    });
  }
});
