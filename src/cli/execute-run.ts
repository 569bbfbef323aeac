/**
 * executeRun runs a plan from the command line: progress on stderr, SIGINT/SIGTERM wired to a
 * graceful stop (a second signal cancels what is still in flight), then every requested report
 * written, to its file or to stdout. Reports are always written, interrupted or not.
 */
import { writeFileSync } from 'node:fs';
import { startRun, type RunOutcome } from '../engine/run-plan.js';
import { UsageError } from '../core/errors.js';
import type { Plan } from '../plan/plan.js';
import { renderReport, type ReportSpec } from '../reporters/report-spec.js';
import type { RunResult } from '../core/run-result.js';
import type { GhzRunFacts } from '../core/ghz-run-facts.js';
import { generatorUsageSince, runEnvironment } from '../core/run-environment.js';
import { progressPrinter } from './progress.js';
import { writeResultFile } from './result-file.js';
import { whileRunning } from './stop-signals.js';

/**
 * executeRun runs the plan and writes its reports and, when resultPath is given (--result, checked
 * by resultPathOf before any load), its record; ghz carries `loadgen grpc`'s facts into the record.
 */
export async function executeRun(plan: Plan, reports: readonly ReportSpec[], resultPath: string | null = null, ghz?: GhzRunFacts): Promise<RunResult> {
  const progress = progressPrinter();
  // Measured around the whole run: the workers are threads of this process, so it covers them.
  const cpuAtStart = process.cpuUsage();
  const run = startRun(plan, { onProgress: progress.update });
  let outcome: RunOutcome;
  try {
    // run.stop() stops sending the first time and cancels what is in flight the second.
    outcome = await whileRunning(run.outcome, () => run.stop());
  } finally {
    progress.end();
  }
  const result: RunResult = { ...outcome.result, generator: generatorUsageSince(cpuAtStart), env: runEnvironment(), ...(ghz === undefined ? {} : { ghz }) };
  writeReports(reports, result);
  if (resultPath !== null) writeResultFile(resultPath, result);
  // Bad input met during the run (a lazy targets file): reported after the results it allowed.
  if (outcome.inputError !== null) throw new UsageError(outcome.inputError);
  return result;
}

/** writeReports renders each report to its file, or to stdout when it names none. */
export function writeReports(reports: readonly ReportSpec[], result: RunResult): void {
  for (const spec of reports) {
    const text = renderReport(spec, result);
    if (spec.file === null || spec.file === '-') process.stdout.write(text);
    else writeFileSync(spec.file, text);
  }
}
