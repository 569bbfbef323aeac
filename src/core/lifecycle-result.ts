/**
 * LifecycleResult is what a model lifecycle run (`loadgen lifecycle`) measured: per phase the
 * operations that succeeded, failed or were skipped, the failure reasons, the three latency
 * populations (load-to-ready, first inference, unload; successful operations only), and the
 * run's shape (models, cycles, concurrency) for the reports.
 */
import type { LatencyView } from './latency-view.js';

/** LIFECYCLE_PHASES are a model cycle's phases, in the order they run. */
export const LIFECYCLE_PHASES = ['load', 'inference', 'unload'] as const;
export type LifecyclePhase = (typeof LIFECYCLE_PHASES)[number];

/** PhaseCounts count one phase's operations (a load, one inference request, an unload). */
export interface PhaseCounts {
  ok: number;
  failed: number;
  /** skipped operations were not sent because an earlier phase of their cycle failed. */
  skipped: number;
}

/** FailureCount is one distinct failure reason (`<phase>: <why>`) and how often it happened. */
export interface FailureCount {
  readonly phase: LifecyclePhase;
  readonly text: string;
  readonly count: number;
}

/** LifecycleResult is one finished (or interrupted) lifecycle run. */
export interface LifecycleResult {
  /** target is the server's base URL as given with --url. */
  readonly target: string;
  /** repository is the repository API spoken (`v2`: the OIP model repository extension). */
  readonly repository: string;
  /** models is the number of models (the instances of --models). */
  readonly models: number;
  /** cycles is how often the whole set of models is cycled (--cycles). */
  readonly cycles: number;
  readonly concurrency: number;
  readonly inferRequests: number;
  readonly batchSize: number;
  readonly readyTimeoutNs: number;
  /** startUnixNs is the wall-clock start of the run. */
  readonly startUnixNs: bigint;
  /** durationNs is the run's duration, from its start to the end of its last cycle. */
  readonly durationNs: number;
  /** interrupted is true when a signal stopped the run before every cycle ran. */
  readonly interrupted: boolean;
  /** planned is models × cycles: the model cycles the run was to do. */
  readonly planned: number;
  /** finished cycles ran to their end; ok ones had no failed operation. */
  readonly cyclesOk: number;
  readonly cyclesFailed: number;
  /** inProgressPeak is the most model cycles that were in progress at once. */
  readonly inProgressPeak: number;
  readonly operations: Readonly<Record<LifecyclePhase, PhaseCounts>>;
  /** loadToReady: from sending the load request to the first 2xx model-ready answer. */
  readonly loadToReady: LatencyView;
  /** firstInference: the first inference request after ready, sent to its checked response. */
  readonly firstInference: LatencyView;
  /** unload: the unload request, sent to its 2xx answer. */
  readonly unload: LatencyView;
  /** failures are the distinct reasons, most frequent first. */
  readonly failures: readonly FailureCount[];
}

/** cyclesFinished is the number of model cycles that ran to their end. */
export function cyclesFinished(r: LifecycleResult): number {
  return r.cyclesOk + r.cyclesFailed;
}

/** operationsSent counts the operations sent (ok or failed) over every phase. */
export function operationsSent(r: LifecycleResult): number {
  let n = 0;
  for (const p of LIFECYCLE_PHASES) n += r.operations[p].ok + r.operations[p].failed;
  return n;
}

/** perSecond is n per second of the run (n itself for a zero-length run). */
export function perSecond(n: number, r: LifecycleResult): number {
  return r.durationNs > 0 ? n / (r.durationNs / 1e9) : n;
}
