/**
 * executeRun runs a plan from the command line: progress on stderr, SIGINT/SIGTERM wired to a
 * graceful stop (a second signal cancels what is still in flight), then every requested report
 * written, to its file or to stdout. Reports are always written, interrupted or not.
 */
import { writeFileSync } from 'node:fs';
import { startRun, type RunOutcome } from '../engine/run-plan.js';
import type { Plan } from '../plan/plan.js';
import { renderReport, type ReportSpec } from '../reporters/report-spec.js';
import type { RunResult } from '../core/run-result.js';
import { progressPrinter } from './progress.js';
import { whileRunning } from './stop-signals.js';

export async function executeRun(plan: Plan, reports: readonly ReportSpec[]): Promise<RunResult> {
  const progress = progressPrinter();
  const run = startRun(plan, { onProgress: progress.update });
  let outcome: RunOutcome;
  try {
    // run.stop() stops sending the first time and cancels what is in flight the second.
    outcome = await whileRunning(run.outcome, () => run.stop());
  } finally {
    progress.end();
  }
  writeReports(reports, outcome.result);
  // An error met during the run (bad input in a lazy targets file): after the results it allowed.
  if (outcome.runError !== null) throw outcome.runError;
  return outcome.result;
}

/** writeReports renders each report to its file, or to stdout when it names none. */
export function writeReports(reports: readonly ReportSpec[], result: RunResult): void {
  for (const spec of reports) {
    const text = renderReport(spec, result);
    if (spec.file === null || spec.file === '-') process.stdout.write(text);
    else writeFileSync(spec.file, text);
  }
}
