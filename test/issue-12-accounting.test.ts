/**
 * Issue 12, accounting as a property: over random plans (open or closed loop, rates, users,
 * short durations, 1-2 workers, an in-flight cap, a fault mode of the reference server, a stop
 * signal at a random time), every request sent is recorded once: sent (as the server saw them)
 * == recorded == the sum of the status counts == the results-file lines; and an open loop either
 * sends its whole schedule, R x D, or counts the shortfall as dropped (sent + dropped == R x D).
 *
 * Runs are in-process through the engine's startRun (worker threads, no CLI per plan) and tiny
 * (60-200 ms of load). LOADGEN_PROPERTY_RUNS sets the number of plans (default 200).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { startRun } from '../src/engine/run-plan.js';
import { buildAttackPlan } from '../src/plan/attack-plan.js';
import type { AttackFlags } from '../src/plan/attack-flags.js';
import { parseHttpFaults } from '../src/servers/http-faults.js';
import { startReferenceServer } from '../src/servers/reference-server.js';

const RUNS = Number(process.env.LOADGEN_PROPERTY_RUNS ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'loadgen-accounting-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** FAULTS are the server's modes a plan draws from ('' = none); stalls end by the 150 ms timeout. */
const FAULTS = ['', '', 'status:503@0.3', 'reset@0.2', 'stall@0.1', 'close-after:3', 'trickle:5ms@0.2', 'refuse', 'status:500@0.2,reset@0.1'] as const;

interface RandomPlan {
  readonly open: boolean;
  /** rateHz is a multiple of 50 and durationMs of 20, so R x D is a whole number of hits. */
  readonly rateHz: number;
  readonly vus: number;
  readonly durationMs: number;
  readonly workers: number;
  readonly maxInFlight: number;
  readonly fault: string;
  /** stopAtMs, when set, stops the run (a first Ctrl-C) this long after it started. */
  readonly stopAtMs: number | null;
}

const planArb: fc.Arbitrary<RandomPlan> = fc.record({
  open: fc.boolean(),
  rateHz: fc.integer({ min: 1, max: 40 }).map((k) => k * 50),
  vus: fc.integer({ min: 1, max: 8 }),
  durationMs: fc.integer({ min: 3, max: 10 }).map((k) => k * 20),
  workers: fc.integer({ min: 1, max: 2 }),
  maxInFlight: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10 })),
  fault: fc.constantFrom(...FAULTS),
  stopAtMs: fc.option(fc.integer({ min: 0, max: 300 }), { freq: 4 }),
});

let seq = 0;
async function runPlan(p: RandomPlan): Promise<void> {
  // A server per plan: a busy process may read a request late, and it must count for its own run.
  const server = await startReferenceServer({ faults: parseHttpFaults([p.fault]) });
  const results = join(dir, `r${seq++}.jsonl`);
  const flags = {
    url: `${server.url}/v2/health/live`,
    ...(p.open ? { rate: `${p.rateHz}/1s`, maxInFlight: p.maxInFlight } : { vus: p.vus }),
    duration: `${p.durationMs}ms`,
    workers: p.workers,
    timeout: '150ms',
    grace: '1s',
    output: results,
  } as AttackFlags;
  const plan = buildAttackPlan(flags);
  const run = startRun(plan);
  const stopper = p.stopAtMs === null ? null : setTimeout(() => run.stop(), p.stopAtMs);
  const { result, runError } = await run.outcome;
  if (stopper !== null) clearTimeout(stopper);
  // Closed, the server has read everything the run's connections carried.
  await server.close();
  assert.equal(runError, null);
  const what = JSON.stringify(p);
  const statusSum = result.statusCodes.reduce((n, s) => n + s.count, 0);
  assert.equal(statusSum, result.requests, `sum of status counts == recorded: ${what}`);
  const text = readFileSync(results, 'utf8');
  const lines = text === '' ? 0 : text.trimEnd().split('\n').length;
  assert.equal(lines, result.requests, `results-file lines == recorded: ${what}`);
  // refuse resets connections before any request is read: the server sees none of them. A
  // request that timed out (or was cancelled) may have been dropped by the client before this
  // busy process's server read it; every other one it must have seen.
  const unseen = result.errors.filter((e) => e.kind === 'timeout' || e.kind === 'canceled').reduce((n, e) => n + e.count, 0);
  if (p.fault !== 'refuse') {
    assert.ok(server.stats.requests <= result.requests && server.stats.requests >= result.requests - unseen, `sent (as the server saw them, ${server.stats.requests}) == recorded (${result.requests}, ${unseen} timed out): ${what}`);
  }
  if (p.open && !result.interrupted) {
    const due = (p.rateHz * p.durationMs) / 1000;
    assert.equal(result.requests + result.dropped, due, `open loop: sent + dropped (the shortfall) == R x D: ${what}`);
    if (p.maxInFlight === 0) assert.equal(result.dropped, 0, `no cap, nothing dropped: ${what}`);
  }
  if (!p.open) assert.equal(result.dropped, 0, `closed loop drops nothing: ${what}`);
}

test(`issue 12: accounting holds over ${RUNS} random plans`, { timeout: Math.max(600_000, RUNS * 5_000) }, async () => {
  await fc.assert(fc.asyncProperty(planArb, runPlan), { numRuns: RUNS, endOnFailure: true, includeErrorInReport: true, ...(process.env.LOADGEN_PROPERTY_SEED === undefined ? {} : { seed: Number(process.env.LOADGEN_PROPERTY_SEED) }) });
});
