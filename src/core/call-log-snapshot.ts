/**
 * CallLogSnapshot is a finished per-call log: the calls of a gRPC run one by one, in completion
 * order, in typed columns, from which ghz's reports compute every statistic exactly.
 */

/** MAX_LOGGED_CALLS is how many calls are kept (ghz keeps details, and computes statistics, for this many). */
export const MAX_LOGGED_CALLS = 1_000_000;

/**
 * CallColumns are the columns of the first (at most MAX_LOGGED_CALLS) counted calls, in the order
 * they completed. The typed arrays may be longer than `length` (spare capacity).
 */
export interface CallColumns {
  readonly length: number;
  /** startUnixNs is the Unix time (ns) endOffsetNs counts from. */
  readonly startUnixNs: bigint;
  /** endOffsetNs is each call's RPC end time, ns after startUnixNs. */
  readonly endOffsetNs: Float64Array;
  /** latencyNs is each call's RPC end minus begin, whole ns. */
  readonly latencyNs: Float64Array;
  /** statusIndex indexes statusNames (Go code names, "" for an error without a status). */
  readonly statusIndex: Uint8Array;
  readonly statusNames: readonly string[];
  /** errorIndex indexes errorTexts; 0 is "" (no error), so a call failed when its index is not 0. */
  readonly errorIndex: Uint32Array;
  readonly errorTexts: readonly string[];
}

/** CallLogSnapshot is a finished CallLog: totals over every call, columns of the first ones. */
export interface CallLogSnapshot {
  readonly count: number;
  readonly latencySumSeconds: number;
  readonly statusCounts: ReadonlyMap<string, number>;
  readonly errorCounts: ReadonlyMap<string, number>;
  readonly calls: CallColumns;
}

/** emptyCallLog is the log of a run that logged no call (an HTTP run read as a gRPC one, or no calls). */
export function emptyCallLog(startUnixNs: bigint): CallLogSnapshot {
  const calls: CallColumns = {
    length: 0,
    startUnixNs,
    endOffsetNs: new Float64Array(0),
    latencyNs: new Float64Array(0),
    statusIndex: new Uint8Array(0),
    statusNames: [],
    errorIndex: new Uint32Array(0),
    errorTexts: [''],
  };
  return { count: 0, latencySumSeconds: 0, statusCounts: new Map(), errorCounts: new Map(), calls };
}
