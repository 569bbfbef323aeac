/**
 * sweep runs `loadgen sweep CONFIG`: the config exploded into runs (plan/sweep-config.ts), every
 * run's plan built first (so bad input in any run stops the sweep before any load), then the runs
 * one after another with --cooldown between them, each through the same execute() as its own
 * command, its outputs in OUT/NNN-<name>/ (plan.json, record.json, report.txt, k6-summary.json and
 * any reports asked). A run that misses its objectives (exit 99) or fails is recorded as such and
 * the sweep goes on (unless --stop-on-failure); Ctrl-C ends the run and the sweep. Then the
 * roll-up: summary.json (Howitzer's shape), summary.md and summary.html.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ERROR_CODES, exitCodeOf } from '../../core/errors.js';
import type { RunResult } from '../../core/run-result.js';
import { parseDuration } from '../../core/units.js';
import { planJson } from '../../plan/plan-json.js';
import { readSweepConfig } from '../../plan/sweep-config.js';
import { DEFAULT_SWEEP_COOLDOWN, DEFAULT_SWEEP_OUT, type SweepFlags } from '../../plan/sweep-flags.js';
import type { SweepSpec } from '../../plan/sweep-run.js';
import { readRecordFile } from '../../results/run-record.js';
import { sweepHtml } from '../../reporters/sweep-html.js';
import { sweepMarkdown } from '../../reporters/sweep-markdown.js';
import { sweepSummaryJson, type SweepOutcome, type SweepRunStatus } from '../../reporters/sweep-summary.js';
import { execute } from '../execute-run.js';
import { writeRecordReports } from '../record-reports.js';
import { commandLine, planSweepRun, RUN_FILES, type PlannedRun } from './sweep-plan.js';

/** SLO_FAILED_EXIT is the exit code of a run that missed its objectives. */
const SLO_FAILED_EXIT = ERROR_CODES['slo-failed'].exit;

/** sweep returns the exit code: 0 when every run met its objectives, 99 when one missed them, 1 when one failed. */
export async function sweep(flags: SweepFlags): Promise<number> {
  const spec = readSweepConfig(flags.config);
  const cooldownMs = parseDuration(flags.cooldown ?? spec.cooldown ?? DEFAULT_SWEEP_COOLDOWN, '--cooldown') / 1e6;
  const out = flags.out ?? DEFAULT_SWEEP_OUT;
  const planned = spec.runs.map((run, i) => planSweepRun(run, i + 1, out));
  for (const p of planned) writeFileSync(join(p.folder, RUN_FILES.plan), planJson(p.plan));
  if (flags.dryRun === true) {
    process.stdout.write(dryRunText(spec, out, cooldownMs, planned));
    return 0;
  }
  const outcomes: SweepOutcome[] = [];
  for (const [i, p] of planned.entries()) {
    if (i > 0 && cooldownMs > 0) await sleep(cooldownMs);
    process.stderr.write(`loadgen: sweep: run ${i + 1}/${planned.length} ${p.id}: ${commandLine(p.argv)}\n`);
    const outcome = await runOne(p);
    outcomes.push(outcome);
    if (outcome.result?.interrupted === true && outcome.result.abortedBy === undefined) {
      process.stderr.write('loadgen: sweep: interrupted; the remaining runs are skipped\n');
      break;
    }
    if (outcome.status !== 'passed' && flags.stopOnFailure === true) break;
  }
  writeRollUp(spec, out, outcomes);
  const count = (s: SweepRunStatus) => outcomes.filter((o) => o.status === s).length;
  process.stderr.write(
    `loadgen: sweep: ${outcomes.length} of ${planned.length} runs: ${count('passed')} passed, ${count('failed')} missed objectives, ${count('error')} failed; ${join(out, 'summary.md')}\n`,
  );
  return count('error') > 0 ? 1 : count('failed') > 0 ? SLO_FAILED_EXIT : 0;
}

/** runOne executes one planned run and reads back what it left: its record, and the reports made from it. */
async function runOne(p: PlannedRun): Promise<SweepOutcome> {
  const startUnixMs = Date.now();
  let status: SweepRunStatus = 'passed';
  let error: string | null = null;
  try {
    await execute(p.plan);
  } catch (err) {
    status = exitCodeOf(err) === SLO_FAILED_EXIT ? 'failed' : 'error';
    error = err instanceof Error ? err.message : String(err);
    process.stderr.write(`loadgen: sweep: ${p.id}: ${error}\n`);
  }
  const endUnixMs = Date.now();
  const recordPath = join(p.folder, RUN_FILES.record);
  const result: RunResult | null = existsSync(recordPath) ? readRecordFile(recordPath) : null;
  if (result !== null && p.reports.length > 0) writeRecordReports(p.reports, result, p.id);
  return { id: p.id, name: p.run.name, command: commandLine(p.argv), swept: p.run.swept, testConfig: p.run.testConfig, startUnixMs, endUnixMs, status, error, result };
}

function writeRollUp(spec: SweepSpec, out: string, outcomes: readonly SweepOutcome[]): void {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'summary.json'), sweepSummaryJson(outcomes));
  writeFileSync(join(out, 'summary.md'), sweepMarkdown(spec, outcomes));
  writeFileSync(join(out, 'summary.html'), sweepHtml(spec, outcomes));
}

/** dryRunText is the exploded sweep: each run's folder, swept values, command line and plan, as JSON. */
function dryRunText(spec: SweepSpec, out: string, cooldownMs: number, planned: readonly PlannedRun[]): string {
  const runs = planned.map((p) => ({ id: p.id, name: p.run.name, swept: p.run.swept, command: commandLine(p.argv), plan: JSON.parse(planJson(p.plan)) as unknown }));
  return `${JSON.stringify({ sweep: spec.title, format: spec.format, out, cooldownMs, runs: runs.length, plan: runs }, null, 2)}\n`;
}
