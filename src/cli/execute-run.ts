/**
 * execute runs a plan from the command line: the steps before load (readiness, warm-up), then
 * the run with progress on stderr and SIGINT/SIGTERM wired to a graceful stop (a second signal
 * cancels what is still in flight), then every planned report written, to its file or to stdout,
 * and with --result the run record.
 * Reports are always written, interrupted or not. A dry run prints the plan and sends nothing.
 */
import { startRun, type RunOutcome } from '../engine/run-plan.js';
import type { GhzFacts, Plan, PlannedReport } from '../plan/plan.js';
import { planJson } from '../plan/plan-json.js';
import { ghzOptions } from '../reporters/ghz-report-input.js';
import type { RunResult } from '../core/run-result.js';
import type { GhzRunFacts } from '../core/ghz-run-facts.js';
import { generatorUsageSince, runEnvironment } from '../core/run-environment.js';
import { RunWatch } from './run-watch.js';
import { SloFailedError } from '../core/errors.js';
import { writeResultFile } from './result-file.js';
import { whileRunning } from './stop-signals.js';
import { recordReportOf, writeRecordReports } from './record-reports.js';
import { judged, printVerdicts, sloGate } from './slo-gate.js';
import { noteShortfall } from './shortfall-note.js';
import { responsesChecked } from '../plan/responses-checked.js';
import { scrapeBaseline, serverViewAfter, type ServerBaseline } from '../engine/server-view-steps.js';
import type { ServerView } from '../core/server-view.js';

/** ExecuteOptions are how to execute, not what: --dry-run prints the plan instead. */
export interface ExecuteOptions {
  readonly dryRun?: boolean;
}

/** execute returns the exit code: 0 once the run's reports are written (or the plan printed). */
export async function execute(plan: Plan, options: ExecuteOptions = {}): Promise<number> {
  if (options.dryRun === true) {
    process.stdout.write(planJson(plan));
    return 0;
  }
  if (plan.readiness !== null || plan.warmUp !== null) await prepare(plan);
  const baseline = plan.serverMetrics == null ? null : await scrapeBaseline(plan.serverMetrics);
  // Measured around the whole run: the workers are threads of this process, so it covers them.
  const cpuAtStart = process.cpuUsage();
  const { outcome, aborted } = await run(plan);
  const ghz = plan.ghz === null ? {} : { ghz: ghzRunFacts(plan.ghz) };
  const server = baseline === null ? {} : { server: await serverViewOf(baseline) };
  const abortedBy = aborted === null ? {} : { abortedBy: aborted };
  const measured: RunResult = { ...outcome.result, ...abortedBy, generator: generatorUsageSince(cpuAtStart), env: runEnvironment(), ...ghz, ...server };
  const result = judged(measured, plan.slos, responsesChecked(plan));
  printVerdicts(result.slos);
  noteShortfall(plan, result);
  writeReports(plan.reports, result);
  if (plan.record !== null) writeResultFile(plan.record, result);
  // An error met during the run (bad input in a lazy targets file): after the results it allowed.
  if (outcome.runError !== null) throw outcome.runError;
  // Last, so a missed objective still leaves every report and the record written.
  if (aborted !== null) throw new SloFailedError(`objective ${aborted} failed during the run (abortOnFail); the run was stopped`);
  sloGate(result.slos);
  return 0;
}

/**
 * prepare runs readiness and warm-up. Loaded only when a plan has such steps: it brings the gRPC
 * schema loader (protobufjs) along, which a plain attack need not pay for at start-up.
 */
async function prepare(plan: Plan): Promise<void> {
  const { prepareTarget } = await import('../engine/prepare-target.js');
  const warm = await prepareTarget(plan);
  if (warm === null) return;
  process.stderr.write(`loadgen: warm-up: ${warm.sent} requests, ${warm.failed} failed${warm.firstFailure === null ? '' : ` (first: ${warm.firstFailure})`}\n`);
}

/** run executes the plan under its watch; aborted is the text of the abortOnFail objective that stopped it. */
async function run(plan: Plan): Promise<{ outcome: RunOutcome; aborted: string | null }> {
  const watch = await RunWatch.start(plan);
  const started = startRun(plan, { onLive: watch.update });
  let stopped = false;
  const stop = () => {
    stopped = true;
    started.stop();
  };
  // An abortOnFail objective stops the run as the first Ctrl-C does (in-flight requests get the
  // grace), unless a signal already did: a second stop would cancel them.
  watch.onAbort = () => {
    if (!stopped) stop();
  };
  try {
    // stop() stops sending the first time and cancels what is in flight the second.
    const outcome = await whileRunning(started.outcome, stop);
    return { outcome, aborted: watch.aborted?.slo.text ?? null };
  } finally {
    await watch.end();
  }
}

/** serverViewOf is the server's view after the run, or null with a line on stderr when the second scrape fails. */
async function serverViewOf(baseline: ServerBaseline): Promise<ServerView | null> {
  const after = await serverViewAfter(baseline);
  if ('view' in after) return after.view;
  process.stderr.write(`loadgen: ${after.failure}\n`);
  return null;
}

/** writeReports renders each planned report to its file, or to stdout when it names none. */
function writeReports(reports: readonly PlannedReport[], result: RunResult): void {
  writeRecordReports(reports.map(recordReportOf), result, 'the run');
}

/** ghzRunFacts are the plan's ghz facts with the options in ghz's order, as the reports and the record show them. */
function ghzRunFacts(ghz: GhzFacts): GhzRunFacts {
  return { ...ghz, options: ghzOptions(ghz.options) };
}
