/**
 * compare-live runs a live `loadgen compare`: the load after `--` against side A and side B in
 * interleaved rounds, in this process through the same plan builders and engine as the load's own
 * command. The order is A B, B A, A B, ... (ABBA: whatever drifts over the comparison, a neighbour's
 * load or a warming cache, falls on both sides alike), after an unrecorded warm-up per side. Each
 * round becomes a record exactly as `--result` writes it (saved in --out DIR when given) and is
 * read back as one, so a live comparison and one of saved records are the same computation.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InternalError, NotReadyError, UsageError } from '../core/errors.js';
import { parseDuration, type Nanos } from '../core/units.js';
import type { Plan } from '../plan/plan.js';
import { planJson } from '../plan/plan-json.js';
import type { SourcedRun } from '../results/merge-runs.js';
import { decodeRecord } from '../results/run-record.js';
import { formatValue } from '../reporters/compare-verdict.js';
import { jsonReport } from '../reporters/json.js';
import { compareLoad, sideHeaders, type ComparedLoad } from './compare-load.js';
import { DEFAULT_COMPARE_WARMUP, DEFAULT_ROUNDS, type CompareFlags } from './compare-flags.js';
import { measure } from './execute-run.js';
import { whileRunning } from './stop-signals.js';

/** MAX_ROUNDS bounds --rounds (a typo such as 500 should not run for hours). */
const MAX_ROUNDS = 100;

type Side = 'A' | 'B';

/** LiveComparison is a live comparison, validated: the sides' plans, the rounds in order, where records go. */
export interface LiveComparison {
  readonly load: ComparedLoad;
  readonly rounds: number;
  readonly warmupNs: Nanos;
  /** order is every run, in the order they go: [side, round number]. */
  readonly order: ReadonlyArray<readonly [Side, number]>;
  readonly out: string | null;
}

/** LiveSides are the rounds of each side, as records. */
export interface LiveSides {
  readonly a: SourcedRun[];
  readonly b: SourcedRun[];
}

/** liveComparison checks the flags and the load and plans both sides; nothing is sent. */
export function liveComparison(f: CompareFlags, loadArgs: readonly string[]): LiveComparison {
  if ((f.files ?? []).length > 0) throw new UsageError('compare: records given with a load to run; compare records (no load after --) or run the load against --a and --b');
  const rounds = f.rounds ?? DEFAULT_ROUNDS;
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > MAX_ROUNDS) throw new UsageError(`--rounds: give a whole number from 1 to ${MAX_ROUNDS}, got ${rounds}`);
  const warmupNs = parseDuration(f.warmup ?? DEFAULT_COMPARE_WARMUP, '--warmup');
  if (warmupNs < 0) throw new UsageError(`--warmup: give a duration of 0 or more, got "${f.warmup}"`);
  const out = f.out ?? null;
  if (out !== null) checkOutDir(out);
  const load = compareLoad(
    loadArgs,
    { label: 'A', target: sideTarget(f.a, '--a'), headers: sideHeaders(f.aHeader, '--a-header'), config: f.aConfig ?? null },
    { label: 'B', target: sideTarget(f.b, '--b'), headers: sideHeaders(f.bHeader, '--b-header'), config: f.bConfig ?? null },
  );
  return { load, rounds, warmupNs, order: roundOrder(rounds), out };
}

/** roundOrder is A B, B A, A B, ...: each round pair in the other order than the last. */
export function roundOrder(rounds: number): Array<readonly [Side, number]> {
  const order: Array<readonly [Side, number]> = [];
  for (let r = 1; r <= rounds; r++) {
    const sides: Side[] = r % 2 === 1 ? ['A', 'B'] : ['B', 'A'];
    for (const s of sides) order.push([s, r]);
  }
  return order;
}

/** sideTarget is --a or --b: one URL or HOST:PORT (null: the load's own target). */
function sideTarget(value: string | string[] | undefined, flag: string): string | null {
  if (value === undefined) return null;
  const values = ([] as string[]).concat(value);
  if (values.length > 1) throw new UsageError(`${flag}: give one target per side, got ${values.length}`);
  const target = values[0].trim();
  if (/\.json$/i.test(target)) {
    throw new UsageError(`${flag}: "${target}" is a file; with a load after --, the sides are targets (URL or HOST:PORT). Compare saved records without a load`);
  }
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(target);
  const valid = url ? isHttpUrl(target) : /^[^\s/:]+:\d+$|^\[[0-9a-fA-F:]+\]:\d+$/.test(target);
  if (!valid) throw new UsageError(`${flag}: "${target}" is not a target; use http://HOST:PORT[/path] (https:// for TLS), or HOST:PORT for gRPC`);
  return target;
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

function checkOutDir(dir: string): void {
  try {
    if (!statSync(dir).isDirectory()) throw new UsageError(`--out: "${dir}" exists and is not a directory; give a directory for the rounds' records`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`--out: cannot use "${dir}" (${(err as NodeJS.ErrnoException).code})`);
  }
}

/** liveDryRun is --dry-run's JSON: the rounds in order and both sides' plans. */
export function liveDryRun(c: LiveComparison): string {
  return planJson({
    compare: { rounds: c.rounds, warmupNs: c.warmupNs, order: c.order.map(([s, r]) => `${s}${r}`), out: c.out, targets: c.load.targets },
    a: c.load.a,
    b: c.load.b,
  });
}

/**
 * runLive warms each side up, then runs the rounds in order. A signal stops the round it falls
 * in (as the load's own command does) and ends the comparison: the rounds completed before it
 * are compared.
 */
export async function runLive(c: LiveComparison): Promise<LiveSides> {
  if (c.out !== null) makeOutDir(c.out);
  let interrupted = false;
  const sides: LiveSides = { a: [], b: [] };
  await whileRunning(
    (async () => {
      if (c.warmupNs > 0) {
        for (const side of ['A', 'B'] as const) {
          await warmUp(side, c);
          if (interrupted) return;
        }
      }
      for (const [side, round] of c.order) {
        const run = await runRound(side, round, c);
        if (interrupted) return;
        (side === 'A' ? sides.a : sides.b).push(run);
      }
    })(),
    () => {
      interrupted = true;
    },
  );
  if (interrupted) {
    if (sides.a.length === 0 || sides.b.length === 0) throw new InternalError('compare: interrupted before both sides completed a round; nothing to compare');
    process.stderr.write(`loadgen: compare: interrupted; comparing the ${sides.a.length} + ${sides.b.length} rounds completed\n`);
  }
  return sides;
}

/** roundPlan is a side's plan for one run of the comparison: no reports, no record of its own, no panel. */
function roundPlan(plan: Plan): Plan {
  return { ...plan, reports: [], record: null, slos: [], output: null, watch: { ...plan.watch, quiet: true } };
}

function sideOf(side: Side, c: LiveComparison): { plan: Plan; target: string } {
  return side === 'A' ? { plan: c.load.a, target: c.load.targets.a } : { plan: c.load.b, target: c.load.targets.b };
}

/** warmUp runs a side's load for --warmup, unrecorded; a side that answers none of it is not ready (exit 3). */
async function warmUp(side: Side, c: LiveComparison): Promise<void> {
  const { plan, target } = sideOf(side, c);
  const { measured, outcome } = await measure({ ...roundPlan(plan), stop: { durationNs: c.warmupNs, iterations: 0 } });
  if (outcome.runError !== null) throw outcome.runError;
  const failed = measured.requests - measured.successes;
  process.stderr.write(`loadgen: compare: warm-up ${side} (${target}): ${measured.requests} requests, ${failed} failed\n`);
  if (measured.requests > 0 && measured.successes === 0) {
    const first = measured.errors[0]?.text ?? measured.statusCodes.map((s) => String(s.code)).join(', ');
    throw new NotReadyError(`compare: side ${side} (${target}) answered none of its ${measured.requests} warm-up requests (${first}); nothing was compared`);
  }
}

/** runRound runs one round of a side and returns it as its record reads back. */
async function runRound(side: Side, round: number, c: LiveComparison): Promise<SourcedRun> {
  const { plan, target } = sideOf(side, c);
  const { measured, outcome } = await measure(roundPlan(plan));
  if (outcome.runError !== null) throw outcome.runError;
  const file = c.out === null ? null : join(c.out, `${side.toLowerCase()}${round}.json`);
  const text = jsonReport(measured);
  if (file !== null) writeFileSync(file, text);
  const source = file ?? `${target} round ${round}`;
  const run = decodeRecord(text, source);
  const p50 = run.latency.count === 0 ? '-' : formatValue(run.latency.quantileNs(0.5), 'ns');
  process.stderr.write(`loadgen: compare: round ${round}/${c.rounds} ${side} (${target}): ${run.requests} requests, ${run.requests - run.successes} failed, p50 ${p50}\n`);
  return { run, source };
}

function makeOutDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new UsageError(`--out: cannot create "${dir}" (${(err as NodeJS.ErrnoException).code})`);
  }
}
