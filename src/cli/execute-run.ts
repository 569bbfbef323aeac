/**
 * execute runs a plan from the command line: every output path checked first, the steps before
 * load (readiness, warm-up), then the run with progress on stderr and SIGINT/SIGTERM wired to a
 * graceful stop (a second signal cancels what is still in flight), then every planned report
 * written, to its file or to stdout, and with --result the run record.
 * Reports are always written, interrupted or not. A dry run prints the plan and sends nothing.
 *
 * Exit codes (README "Exit codes"): 0 when the run had a success; 1 when it had none (one line
 * with what the requests got); 99 when an objective failed (before 1: the gate says more); 2 and 3
 * from the errors before load; 130/143 when SIGINT/SIGTERM came before the load started (a report
 * of 0 requests marked interrupted is written). A signal during the load is a graceful stop: the
 * exit code is then what the results say.
 */
import { startRun, type RunOutcome } from '../engine/run-plan.js';
import type { GhzFacts, Plan, PlannedReport } from '../plan/plan.js';
import { planJson } from '../plan/plan-json.js';
import { ghzOptions } from '../reporters/ghz-report-input.js';
import type { RunResult } from '../core/run-result.js';
import type { GhzRunFacts } from '../core/ghz-run-facts.js';
import { generatorUsageSince, runEnvironment } from '../core/run-environment.js';
import { RunWatch } from './run-watch.js';
import { goDuration } from '../reporters/go-format.js';
import { RunFailedError, SloFailedError } from '../core/errors.js';
import { writeResultFile } from './result-file.js';
import { pendingSignal, SIGNAL_EXIT_CODES, whileRunning, type SignalName } from './stop-signals.js';
import { checkOutputPaths } from '../plan/output-paths.js';
import { mergeShards } from '../results/merge.js';
import type { LiveSnapshot } from '../core/live-snapshot.js';
import { runFailure } from './run-failed.js';
import { redactDeep, redactedNames } from '../core/redact.js';
import { prepare } from './prepare-steps.js';
import { recordReportOf, writeRecordReports } from './record-reports.js';
import { judged, printVerdicts, sloGate } from './slo-gate.js';
import { responsesChecked } from '../plan/responses-checked.js';
import { scrapeBaseline, serverViewAfter, type ServerBaseline } from '../engine/server-view-steps.js';
import type { ServerView } from '../core/server-view.js';

/** ExecuteOptions are how to execute, not what: --dry-run prints the plan instead. */
export interface ExecuteOptions {
  readonly dryRun?: boolean;
}

/** execute returns the exit code (see the file comment) once the run's reports are written (or the plan printed). */
export async function execute(plan: Plan, options: ExecuteOptions = {}): Promise<number> {
  checkOutputPaths(plan);
  guardStdout();
  if (options.dryRun === true) {
    // What the run would send, with its secrets (Authorization, --redact-header) left out.
    process.stdout.write(planJson(redactDeep(plan, redactedNames(plan.redactHeaders))));
    return 0;
  }
  if (plan.range != null) return (await import('./execute-range.js')).executeRange(plan);
  if (plan.findMax != null) return (await import('./execute-find-max.js')).executeFindMax(plan);
  const { measured, outcome, aborted, early } = await measure(plan);
  const result = judged(measured, plan.slos, responsesChecked(plan));
  printVerdicts(result.slos);
  writeReports(plan.reports, result);
  if (plan.record !== null) writeResultFile(plan.record, result);
  if (early !== null) return SIGNAL_EXIT_CODES[early];
  // An error met during the run (bad input in a lazy targets file): after the results it allowed.
  if (outcome.runError !== null) throw outcome.runError;
  // Last, so a missed objective still leaves every report and the record written.
  if (aborted !== null) throw new SloFailedError(`objective ${aborted} failed during the run (abortOnFail); the run was stopped`);
  // A shard's verdicts are of its slice: the test has one verdict, `loadgen merge`'s of all shards.
  if (plan.segment == null) sloGate(result.slos);
  else if (result.slos !== undefined) process.stderr.write(`loadgen: shard ${plan.segment.index}/${plan.segment.count}: verdicts of this slice only; loadgen merge of every shard's record gives the test's verdict (exit 99 on a miss)\n`);
  const failure = runFailure(result);
  if (failure !== null) throw new RunFailedError(failure);
  return 0;
}

/** notStarted is the outcome of a run a signal stopped before its load started: 0 requests, interrupted. */
function notStarted(plan: Plan): RunOutcome {
  const startUnixNs = BigInt(Date.now()) * 1_000_000n;
  return { result: mergeShards([], { meta: plan.meta, startUnixNs, interrupted: true }), runError: null };
}

/** Measured is a run's result before judging, with what ended it. */
export interface Measured {
  readonly measured: RunResult;
  readonly outcome: RunOutcome;
  /** aborted is the text of the abortOnFail objective that stopped the run, or null. */
  readonly aborted: string | null;
  /** early is the signal that came before the load started (no load was sent), or null. */
  readonly early: SignalName | null;
}

/**
 * measure runs a plan's steps before load and the run, and returns its result with the
 * generator's usage, the environment and the server's view; nothing is written (compare's rounds).
 * A signal before the load starts leaves a result of 0 requests, marked interrupted.
 */
export async function measure(plan: Plan): Promise<Measured> {
  if (plan.readiness !== null || plan.warmUp !== null) await prepare(plan);
  const baseline = plan.serverMetrics == null || pendingSignal() !== null ? null : await scrapeBaseline(plan.serverMetrics);
  // Measured around the whole run: the workers are threads of this process, so it covers them.
  const cpuAtStart = process.cpuUsage();
  const early = pendingSignal();
  const { outcome, aborted } = early === null ? await run(plan) : { outcome: notStarted(plan), aborted: null };
  const ghz = plan.ghz === null ? {} : { ghz: ghzRunFacts(plan.ghz) };
  const server = baseline === null ? {} : { server: await serverViewOf(baseline) };
  const abortedBy = aborted === null ? {} : { abortedBy: aborted };
  const measured: RunResult = { ...outcome.result, ...abortedBy, generator: generatorUsageSince(cpuAtStart), env: runEnvironment(), ...ghz, ...server };
  return { measured, outcome, aborted, early };
}

/**
 * guardStdout keeps a reader that went away (`loadgen attack ... | head -c 100`: EPIPE) from
 * crashing the run with an unhandled 'error' event: what stdout cannot take is dropped, and every
 * other output is still written. Under `-o -` the results stream also stops the run (engine).
 */
function guardStdout(): void {
  if (process.stdout.listenerCount('error') > 0) return;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') process.stderr.write(`loadgen: stdout: ${err.message}\n`);
  });
}

/** run executes the plan under its watch; aborted is the text of the abortOnFail objective that stopped it. */
async function run(plan: Plan): Promise<{ outcome: RunOutcome; aborted: string | null }> {
  const watch = await RunWatch.start(plan);
  let inFlight: number | null = null;
  const onLive = (s: LiveSnapshot, final: boolean) => {
    inFlight = s.inFlight;
    watch.update(s, final);
  };
  const started = startRun(plan, { onLive });
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
    const outcome = await whileRunning(started.outcome, (count) => {
      if (count === 1 && !stopped) process.stderr.write(graceLine(plan, inFlight));
      stop();
    });
    return { outcome, aborted: watch.aborted?.slo.text ?? null };
  } finally {
    await watch.end();
  }
}

/** graceLine is what the first signal prints: how long the run waits and for how many (as of the last snapshot). */
function graceLine(plan: Plan, inFlight: number | null): string {
  const what = inFlight === null ? 'the requests in flight' : `${inFlight} in flight`;
  return `loadgen: stopping: waiting up to ${goDuration(plan.graceNs)} for ${what} (Ctrl-C again to cancel)\n`;
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
