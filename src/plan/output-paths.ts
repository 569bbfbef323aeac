/**
 * checkOutputPaths checks every file a run writes before the first request is sent: the results
 * stream (-o, --out), each report file (--report TYPE=FILE, --summary-export, grpc's -o) and the
 * run record (--result). Each must be writable, inside a folder that exists, not a directory, and
 * no two may be the same file (`-o same.json --report json=same.json` would overwrite the results
 * with the report). A problem is one UsageError line naming the flags and the fix: exit 2, no load.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { GHZ_REPORT_TYPES } from '../reporters/ghz-formats.js';
import type { Plan, PlannedReport } from './plan.js';
import { statOf, writeProblem } from './result-path.js';

/** PlannedOutput is one file a run writes, with the flag that named it as the user typed it. */
export interface PlannedOutput {
  readonly flag: string;
  readonly path: string;
}

/** plannedOutputs lists the files (not stdout) a plan writes, results stream first. */
export function plannedOutputs(plan: Pick<Plan, 'output' | 'reports' | 'record'>): PlannedOutput[] {
  const out: PlannedOutput[] = [];
  if (plan.output !== null && plan.output.path !== '-') {
    out.push({ flag: plan.output.format === 'k6-csv' ? `--out csv=${plan.output.path}` : `-o ${plan.output.path}`, path: plan.output.path });
  }
  for (const r of plan.reports) if (r.file !== null && r.file !== '-') out.push({ flag: reportFlag(r, r.file), path: r.file });
  if (plan.record !== null) out.push({ flag: `--result ${plan.record}`, path: plan.record });
  return out;
}

export function checkOutputPaths(plan: Pick<Plan, 'output' | 'reports' | 'record'>): void {
  const outputs = plannedOutputs(plan);
  const seen = new Map<string, PlannedOutput>();
  for (const o of outputs) {
    const problem = writeProblem(o.path, `${o.flag}/run.json`);
    if (problem !== null) throw new UsageError(`${o.flag}: ${problem}`);
    const key = fileKey(o.path);
    if (key === null) continue;
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new UsageError(`${earlier.flag} and ${o.flag} name the same file; give each output its own file`);
    seen.set(key, o);
  }
}

/** reportFlag is how a report's file was asked for: grpc's -o (ghz formats), --summary-export or --report. */
function reportFlag(r: PlannedReport, file: string): string {
  if ((GHZ_REPORT_TYPES as readonly string[]).includes(r.type)) return `-o ${file}`;
  if (r.type === 'k6-summary') return `--summary-export ${file}`;
  return `--report ${r.type}=${file}`;
}

/**
 * fileKey names the file a path reaches, the same for two spellings of one file (relative and
 * absolute, through a symlinked folder, hard links); null for devices and pipes (/dev/null,
 * /dev/stdout), which several outputs may share.
 */
function fileKey(path: string): string | null {
  const where = resolve(path);
  const stat = statOf(where);
  if (stat !== null) return stat.isFile() ? `${stat.dev}:${stat.ino}` : null;
  return resolve(realpathSync(dirname(where)), basename(where));
}
