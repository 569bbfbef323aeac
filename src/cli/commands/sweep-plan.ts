/**
 * planSweepRun turns one exploded run into the loadgen command line it stands for, with its
 * outputs pointed into the run's folder, and builds that command's Plan exactly as the CLI would:
 * the same yargs flag table (registerFlags, strict), flagsFrom and plan builder. So a sweep run
 * and the printed command line run alike, and bad input in any run is found before any load.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yargs, { type Argv } from 'yargs';
import { UsageError } from '../../core/errors.js';
import type { Plan } from '../../plan/plan.js';
import type { SweepCommand, SweepRun } from '../../plan/sweep-run.js';
import { parseRecordReport, type RecordReport } from '../record-reports.js';
import { registerFlags } from '../register-flags.js';
import { LOAD_PLANS } from '../load-plans.js';

/** RUN_FILES are the files every run writes in its folder. */
export const RUN_FILES = { plan: 'plan.json', record: 'record.json', report: 'report.txt', k6Summary: 'k6-summary.json', thresholds: 'thresholds.json' } as const;

/** PlannedRun is a run ready to execute: its folder, command line, plan and the reports made from its record. */
export interface PlannedRun {
  readonly run: SweepRun;
  /** id is the folder's name, `NNN-<name>`. */
  readonly id: string;
  readonly folder: string;
  /** argv is the command line, from the command name on. */
  readonly argv: readonly string[];
  readonly plan: Plan;
  readonly reports: readonly RecordReport[];
}

/** USAGE is each command's yargs usage: grpc takes its HOST:PORT as a positional. */
const USAGE: Readonly<Record<SweepCommand, string>> = { infer: '$0', attack: '$0', grpc: '$0 <host>', generate: '$0' };

/**
 * planSweepRun plans run number `index` (1-based) in `out`. The folder must exist (the plan checks
 * that its outputs can be written); a thresholds file is written into it first.
 */
export function planSweepRun(run: SweepRun, index: number, out: string): PlannedRun {
  const id = `${String(index).padStart(3, '0')}-${safeName(run.name)}`;
  const folder = join(out, id);
  mkdirSync(folder, { recursive: true });
  const outputs = run.command === 'grpc' ? ['--output', join(folder, RUN_FILES.report)] : ['--report', `text=${join(folder, RUN_FILES.report)}`];
  const argv = [run.command, ...run.args, ...outputs, '--result', join(folder, RUN_FILES.record), '--summary-export', join(folder, RUN_FILES.k6Summary)];
  if (run.thresholds !== null) {
    const file = join(folder, RUN_FILES.thresholds);
    writeFileSync(file, `${JSON.stringify({ thresholds: run.thresholds }, null, 2)}\n`);
    argv.push('--thresholds', file);
  }
  try {
    const plan = LOAD_PLANS[run.command].plan(parseArgs(run.command, argv.slice(1)));
    const reports = run.reports.map((type) => parseRecordReport(type, 'reports', null, join(folder, reportFile(type))));
    return { run, id, folder, argv, plan, reports };
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`sweep run ${run.name} (${id}): ${err.message}`);
    throw err;
  }
}

/** parseArgs parses a command's arguments with its flag table, as main.ts does, strictly. */
function parseArgs(command: SweepCommand, args: readonly string[]): Record<string, unknown> {
  const parser = yargs([...args])
    .exitProcess(false)
    .help(false)
    .version(false)
    .strict()
    .command(USAGE[command], false, (y: Argv) => registerFlags(y, LOAD_PLANS[command].table))
    .fail((msg, err) => {
      throw err ?? new UsageError(`loadgen ${command}: ${msg}`);
    });
  return parser.parseSync() as Record<string, unknown>;
}

/** commandLine quotes argv for a shell, for the dry run and summary.md. */
export function commandLine(argv: readonly string[]): string {
  return ['loadgen', ...argv].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(' ');
}

function reportFile(type: string): string {
  const base = type.replace(/[^\w.-]/g, '_');
  return type === 'html' ? `${base}.html` : /json/.test(type) || type === 'k6-summary' ? `${base}.json` : `${base}.txt`;
}

/** safeName keeps a run name usable as a folder name. */
function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, '_');
}
