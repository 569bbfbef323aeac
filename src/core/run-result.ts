/**
 * RunResult is loadgen's one canonical result model: every reporter is a pure function of it.
 * It is built once, by merging the ShardResults of the workers (or of a results file read back).
 *
 * Times inside a run are Nanos offsets from startUnixNs, the wall-clock instant of the run's
 * elapsed zero; absolute times are startUnixNs + offset (see unixNsAt).
 */
import type { Nanos } from './units.js';
import type { LatencySnapshot, LatencyView } from './latency-view.js';
import type { CallLogSnapshot } from './call-log-snapshot.js';
import type { GhzRunFacts } from './ghz-run-facts.js';
import type { GeneratorUsage, RunEnvironment } from './run-environment.js';
import type { SloVerdict } from './slo.js';
import type { ServerView } from './server-view.js';
import type { LlmResult, LlmShard } from './llm-result.js';
import { ERROR_KINDS, type ErrorKind, type RunProtocols, type StatusCount } from './outcome.js';

/**
 * ErrorCount is one distinct error text, its stable kind (the kind of the first result that
 * carried the text; a text has one kind) and how many results carried it.
 */
export interface ErrorCount {
  readonly text: string;
  readonly kind: ErrorKind;
  readonly count: number;
}

/** SecondStats summarises the results whose request was sent during one second of the run. */
export interface SecondStats {
  /** second is the index of the second since the run's elapsed zero (0 = the first second). */
  readonly second: number;
  readonly requests: number;
  readonly errors: number;
  readonly p50Ns: Nanos;
  readonly p90Ns: Nanos;
  readonly p99Ns: Nanos;
  /**
   * histograms are the workers' service-time histograms of this second (as recorded, 2
   * significant digits), kept so that records of several runs merge exactly: merging them all
   * gives p50Ns and p99Ns. Absent in records written before they were kept.
   */
  readonly histograms?: readonly LatencySnapshot[];
}

/**
 * Segment is slice `index` of `count` equal slices of a test (`--shard index/count`, 0-based as
 * Kubernetes' JOB_COMPLETION_INDEX): k6's execution segment index/count:(index+1)/count of the
 * sequence 0, 1/count, ..., 1. Hit g of the whole test belongs to segment g mod count.
 */
export interface Segment {
  readonly index: number;
  readonly count: number;
}

/** RunMeta describes the run that produced a result (what the reports print as context). */
export interface RunMeta {
  /** command is the CLI verb that ran: attack, infer, demo, report. */
  readonly command: string;
  /** name is the attack name (vegeta's -name), "" when unset. */
  readonly name: string;
  /** target is a human description of what was hit (a URL, or "N targets"). */
  readonly target: string;
  readonly mode: 'open' | 'closed' | 'replay';
  /**
   * protocol says which protocols the results came from: `http`, `grpc`, or `mixed` (both; each
   * status count says its own protocol). Reports name status codes by it (core/outcome.ts statusName).
   */
  readonly protocol: RunProtocols;
  /** rateHz is the open-loop rate in requests per second; null in closed loop or replay. */
  readonly rateHz: number | null;
  /** vus is the number of closed-loop virtual users; null otherwise. */
  readonly vus: number | null;
  readonly workers: number;
  /** connections is the connection cap over all workers; 0 = opened as needed. */
  readonly connections: number;
}

/** RunResult is the merged outcome of one run. */
export interface RunResult {
  readonly meta: RunMeta;
  /** startUnixNs is the wall-clock time of elapsed zero, in ns since the Unix epoch. */
  readonly startUnixNs: bigint;
  /** requests is the number of results recorded (every request sent is recorded once). */
  readonly requests: number;
  /** successes counts results without an error (HTTP 2xx/3xx and, where checked, a valid body). */
  readonly successes: number;
  /** dropped counts open-loop requests not sent on time because --max-in-flight was reached. */
  readonly dropped: number;
  /** skipped counts results left out of every statistic on purpose (ghz's --skipFirst). */
  readonly skipped: number;
  /** inFlightPeak is the highest number of outstanding requests seen (summed over workers). */
  readonly inFlightPeak: number;
  /** earliestNs is the earliest actual send (offset); 0 when there are no results. */
  readonly earliestNs: Nanos;
  /** latestNs is the latest actual send (offset). */
  readonly latestNs: Nanos;
  /** endNs is the latest response end (offset). */
  readonly endNs: Nanos;
  readonly bytesIn: number;
  readonly bytesOut: number;
  /**
   * statusCodes counts results per protocol and status code (HTTP: 0 = no response; gRPC: 0 =
   * OK), HTTP first, then gRPC, each sorted by code (core/outcome.ts compareStatus).
   */
  readonly statusCodes: readonly StatusCount[];
  /** errors are the distinct error texts, each with its kind, in order of first appearance. */
  readonly errors: readonly ErrorCount[];
  /** latency is service time: from the actual send to the end of the response. */
  readonly latency: LatencyView;
  /**
   * responseTime is open-loop latency from the intended send time to the end of the response,
   * which includes any wait the generator or the target imposed (coordinated-omission corrected);
   * null in closed loop and for replayed results files.
   */
  readonly responseTime: LatencyView | null;
  readonly series: readonly SecondStats[];
  /** interrupted is true when a signal ended the run before its stop condition (or an abortOnFail objective did). */
  readonly interrupted: boolean;
  /** abortedBy is the abortOnFail objective (its text) that stopped the run; absent when none did. */
  readonly abortedBy?: string;
  /** callLog is the per-call log (gRPC runs, for ghz's exact statistics); null otherwise. */
  readonly callLog: CallLogSnapshot | null;
  /** ghz is what `loadgen grpc`'s ghz reports need beyond the results; absent for other commands. */
  readonly ghz?: GhzRunFacts;
  /** generator is the generator's own CPU and peak RSS; absent when not measured (results files). */
  readonly generator?: GeneratorUsage;
  /** env describes the machine the run came from; absent for results files. */
  readonly env?: RunEnvironment;
  /**
   * activeNs are the lengths of the union of the sending spans (earliest..latest) and of the whole
   * spans (earliest..end) of merged runs, over which rate and throughput are computed; absent for
   * one run, where they are latest - earliest and end - earliest.
   */
  readonly activeNs?: { readonly sending: Nanos; readonly total: Nanos };
  /**
   * slos are the run's objectives as judged when it ended (--slo, --thresholds), kept so a
   * re-report from the record shows the verdicts the live run showed; absent when it had none.
   */
  readonly slos?: readonly SloVerdict[];
  /** checked says every response was checked (infer's --check), which k6's summary reports as a check. */
  readonly checked?: boolean;
  /** server is the model server's own account of the run (--server-metrics); absent or null without it. */
  readonly server?: ServerView | null;
  /** segment is the slice of a sharded test this run was (--shard); absent for a whole test or a merge. */
  readonly segment?: Segment;
  /** llm is the generative metrics (TTFT, ITL, TPOT, tokens, goodput) of a `generate` run; absent otherwise. */
  readonly llm?: LlmResult;
}

/** ShardResult is what one worker (or one results file) contributes; it crosses threads as is. */
export interface ShardResult {
  readonly requests: number;
  readonly successes: number;
  readonly dropped: number;
  readonly skipped: number;
  readonly inFlightPeak: number;
  /** earliestNs etc. are offsets from the run's elapsed zero; null when requests = 0. */
  readonly earliestNs: number | null;
  readonly latestNs: number | null;
  readonly endNs: number | null;
  readonly bytesIn: number;
  readonly bytesOut: number;
  /** statusCodes as in RunResult: per protocol and code, HTTP first, each sorted by code. */
  readonly statusCodes: readonly StatusCount[];
  /** errors with the send time of the first result that carried each, to merge in first-seen order. */
  readonly errors: ReadonlyArray<{ readonly text: string; readonly kind: ErrorKind; readonly count: number; readonly firstNs: number }>;
  readonly latency: LatencySnapshot;
  readonly responseTime: LatencySnapshot | null;
  readonly series: ReadonlyArray<{
    readonly second: number;
    readonly requests: number;
    readonly errors: number;
    readonly latency: LatencySnapshot;
  }>;
  readonly callLog: CallLogSnapshot | null;
  /** llm is the worker's generative metrics (`generate` runs); absent otherwise. */
  readonly llm?: LlmShard | null;
}

/** unixNsAt turns an offset inside a run into absolute Unix nanoseconds. */
export function unixNsAt(result: Pick<RunResult, 'startUnixNs'>, offsetNs: number): bigint {
  return result.startUnixNs + BigInt(Math.round(offsetNs));
}

/** statusSuccessCount counts the results whose HTTP status is in 200..399 (vegeta's success). */
export function statusSuccessCount(result: Pick<RunResult, 'statusCodes'>): number {
  let n = 0;
  for (const s of result.statusCodes) if (s.protocol === 'http' && s.code >= 200 && s.code < 400) n += s.count;
  return n;
}

/** errorKindCounts adds the errors up by kind, in the order of ERROR_KINDS; kinds without errors left out. */
export function errorKindCounts(errors: readonly ErrorCount[]): Array<readonly [kind: ErrorKind, count: number]> {
  const counts = new Map<ErrorKind, number>();
  for (const e of errors) counts.set(e.kind, (counts.get(e.kind) ?? 0) + e.count);
  return ERROR_KINDS.flatMap((k) => (counts.has(k) ? [[k, counts.get(k)!] as const] : []));
}
