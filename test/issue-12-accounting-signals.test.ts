/**
 * Issue 12, accounting under real OS signals: random plans run through the CLI (the bundle, as a
 * user runs it) as the leader of their own process group, and SIGINT or SIGTERM goes to the whole
 * group (as CI runners and `timeout` send it) at a random moment: before the load (right after
 * spawn, while start-up is still under way) or a random time after the server saw the first
 * request. Whatever the moment, no result is lost: sent (as the server saw them) == recorded ==
 * the sum of the status counts == the results-file lines, the json report is written, and the
 * exit code is the documented one (128 + signal when the signal came before any load, else what
 * the results say: 0, or 1 when nothing succeeded). A signal that lands before node has run
 * loadgen's first line ends the process by the signal's default action, with nothing sent.
 *
 * The in-process property (issue-12-accounting.test.ts) covers 200 plans through run.stop(); this
 * one covers the signal path itself with fewer, longer plans. LOADGEN_SIGNAL_RUNS sets how many
 * (default 40).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { parseHttpFaults } from '../src/servers/http-faults.js';
import { startReferenceServer } from '../src/servers/reference-server.js';
import { CLI } from './helpers/cli.js';
import { until } from './helpers/until.js';

const RUNS = Number(process.env.LOADGEN_SIGNAL_RUNS ?? 40);
const dir = mkdtempSync(join(tmpdir(), 'loadgen-accounting-signals-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const FAULTS = ['', '', 'status:503@0.3', 'reset@0.2', 'stall@0.1', 'trickle:5ms@0.2'] as const;
const SIGNALS = [['SIGINT', 130], ['SIGTERM', 143]] as const;

interface SignalPlan {
  readonly open: boolean;
  readonly rateHz: number;
  readonly vus: number;
  readonly workers: number;
  readonly fault: string;
  readonly signal: 0 | 1;
  /** early: signal right after spawn; else afterMs after the server saw the first request. */
  readonly early: boolean;
  readonly afterMs: number;
}

const planArb: fc.Arbitrary<SignalPlan> = fc.record({
  open: fc.boolean(),
  rateHz: fc.integer({ min: 1, max: 20 }).map((k) => k * 50),
  vus: fc.integer({ min: 1, max: 8 }),
  workers: fc.integer({ min: 1, max: 2 }),
  fault: fc.constantFrom(...FAULTS),
  signal: fc.constantFrom(0 as const, 1 as const),
  early: fc.boolean(),
  afterMs: fc.integer({ min: 0, max: 400 }),
});

interface JsonReport {
  requests: number;
  successes: number;
  interrupted: boolean;
  status_codes: Record<string, number>;
  errors: Array<{ text: string; count: number }>;
  error_kinds: Record<string, number>;
}

let seq = 0;
async function runPlan(p: SignalPlan): Promise<void> {
  const server = await startReferenceServer({ faults: parseHttpFaults([p.fault]) });
  const n = seq++;
  const results = join(dir, `r${n}.jsonl`);
  const report = join(dir, `j${n}.json`);
  const load = p.open ? ['--rate', String(p.rateHz)] : ['--vus', String(p.vus)];
  // -d 60s: the signal, not the duration, ends every run.
  const args = ['attack', '--url', `${server.url}/v2/health/live`, ...load, '-d', '60s', '--workers', String(p.workers), '--timeout', '150ms', '--grace', '1s', '--quiet', '-o', results, '--report', `json=${report}`];
  const child = spawn(process.execPath, [CLI, ...args], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<{ code: number | null; killedBy: NodeJS.Signals | null }>((resolve) => child.on('close', (code, killedBy) => resolve({ code, killedBy })));
  const [signal, signalExit] = SIGNALS[p.signal];
  if (!p.early) {
    await until(() => server.stats.requests > 0);
    await new Promise((r) => setTimeout(r, p.afterMs));
  }
  process.kill(-child.pid!, signal);
  const { code, killedBy } = await exited;
  await server.close();
  const what = `${JSON.stringify(p)}\n${stderr}`;
  if (killedBy !== null) {
    // Only a signal that came before node ran loadgen's first line takes the default action; by
    // then nothing can have been sent.
    assert.ok(p.early && killedBy === signal && server.stats.requests === 0, `killed by ${killedBy}: ${what}`);
    return;
  }
  assert.ok(existsSync(report), `the json report is written: ${what}`);
  const r = JSON.parse(readFileSync(report, 'utf8')) as JsonReport;
  assert.equal(r.interrupted, true, `marked interrupted: ${what}`);
  const statusSum = Object.values(r.status_codes).reduce((a, b) => a + b, 0);
  assert.equal(statusSum, r.requests, `sum of status counts == recorded: ${what}`);
  const text = existsSync(results) ? readFileSync(results, 'utf8') : '';
  const lines = text === '' ? 0 : text.trimEnd().split('\n').length;
  assert.equal(lines, r.requests, `results-file lines == recorded: ${what}`);
  // A request that timed out or was cancelled may have been dropped before the busy server read it.
  const unseen = (r.error_kinds.timeout ?? 0) + (r.error_kinds.canceled ?? 0);
  assert.ok(server.stats.requests <= r.requests && server.stats.requests >= r.requests - unseen, `sent (server saw ${server.stats.requests}) == recorded (${r.requests}, ${unseen} timed out or cancelled): ${what}`);
  const expected = r.requests === 0 ? signalExit : r.successes === 0 ? 1 : 0;
  assert.equal(code, expected, `exit code: ${what}`);
}

test(`issue 12: accounting holds over ${RUNS} random plans stopped by SIGINT/SIGTERM to the process group`, { timeout: Math.max(600_000, RUNS * 30_000) }, async () => {
  await fc.assert(fc.asyncProperty(planArb, runPlan), { numRuns: RUNS, endOnFailure: true, includeErrorInReport: true, ...(process.env.LOADGEN_PROPERTY_SEED === undefined ? {} : { seed: Number(process.env.LOADGEN_PROPERTY_SEED) }) });
});
