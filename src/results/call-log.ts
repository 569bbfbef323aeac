/**
 * CallLog keeps a run's calls one by one, in completion order, in typed columns (no object per
 * call): what ghz's reports compute every statistic from (exact percentiles over the first
 * MAX_LOGGED_CALLS calls). Workers keep one each; the merge interleaves them by end time.
 */
import { MAX_LOGGED_CALLS, type CallColumns, type CallLogSnapshot } from '../core/call-log-snapshot.js';
import { goSeconds } from '../core/time-format.js';
import { grpcStatusName } from '../core/grpc-status.js';

/** INITIAL_CAPACITY is the first column size of a GhzCallLog; columns double up to the details limit. */
const INITIAL_CAPACITY = 1024;

/**
 * CallLog records calls as ghz's reporter does: the first skipFirst results are dropped, every
 * other one is counted (status, error, latency sum) and the first maxDetails are kept in typed
 * columns. Record from one thread in completion order.
 */

/**
 * mergeCallLogs joins the workers' logs: totals add up, and the kept calls are interleaved by
 * end time (each log is already in completion order) up to MAX_LOGGED_CALLS.
 */
export function mergeCallLogs(logs: readonly CallLogSnapshot[], startUnixNs: bigint): CallLogSnapshot {
  // One worker's log is already the run's: no second copy of its columns (21 MB a million calls).
  if (logs.length === 1) return logs[0];
  // Sized once for every call it keeps, so its columns are never grown (copied) nor trimmed.
  const kept = Math.min(MAX_LOGGED_CALLS, logs.reduce((n, l) => n + l.calls.length, 0));
  const merged = new CallLog(startUnixNs, 0, MAX_LOGGED_CALLS, kept);
  // A k-way merge by index (k is the worker count): a million calls as [log, index, end] tuples
  // to sort took ~90 MB of heap on the main thread at the end of a long run.
  const next = new Array<number>(logs.length).fill(0);
  for (;;) {
    let li = -1;
    for (let k = 0; k < logs.length; k++) {
      const c = logs[k].calls;
      if (next[k] < c.length && (li < 0 || c.endOffsetNs[next[k]] < logs[li].calls.endOffsetNs[next[li]])) li = k;
    }
    if (li < 0) break;
    const c = logs[li].calls;
    const i = next[li]++;
    merged.record(c.endOffsetNs[i], c.latencyNs[i], c.statusNames[c.statusIndex[i]], c.errorTexts[c.errorIndex[i]]);
  }
  // Totals cover every call, also those past the kept columns.
  const out = merged.snapshot();
  const statusCounts = new Map<string, number>();
  const errorCounts = new Map<string, number>();
  let count = 0;
  let latencySumSeconds = 0;
  for (const l of logs) {
    count += l.count;
    latencySumSeconds += l.latencySumSeconds;
    for (const [k, v] of l.statusCounts) statusCounts.set(k, (statusCounts.get(k) ?? 0) + v);
    for (const [k, v] of l.errorCounts) errorCounts.set(k, (errorCounts.get(k) ?? 0) + v);
  }
  // While every call is kept, the replay's sum is in completion order over all workers, as ghz adds.
  const sum = count === out.count ? out.latencySumSeconds : latencySumSeconds;
  return { count, latencySumSeconds: sum, statusCounts, errorCounts, calls: out.calls };
}

export class CallLog {
  count: number;
  latencySumSeconds: number;
  readonly statusCounts: Map<string, number>;
  readonly errorCounts: Map<string, number>;
  private readonly startUnixNs: bigint;
  private readonly maxDetails: number;
  private skip: number;
  private length: number;
  private endOffsetNs: Float64Array;
  private latencyNs: Float64Array;
  private statusIndex: Uint8Array;
  private errorIndex: Uint32Array;
  private readonly statusNames: string[];
  private readonly statusIds: Map<string, number>;
  private readonly errorTexts: string[];
  private readonly errorIds: Map<string, number>;

  /**
   * startUnixNs is the Unix time (ns) that record()'s endOffsetNs counts from; capacity presizes
   * the columns when the number of calls is known (a merge), else they double as calls come.
   */
  constructor(startUnixNs: bigint, skipFirst = 0, maxDetails = MAX_LOGGED_CALLS, capacity = Math.min(INITIAL_CAPACITY, maxDetails)) {
    this.count = 0;
    this.latencySumSeconds = 0;
    this.statusCounts = new Map();
    this.errorCounts = new Map();
    this.startUnixNs = startUnixNs;
    this.maxDetails = maxDetails;
    this.skip = skipFirst;
    this.length = 0;
    this.endOffsetNs = new Float64Array(capacity);
    this.latencyNs = new Float64Array(capacity);
    this.statusIndex = new Uint8Array(capacity);
    this.errorIndex = new Uint32Array(capacity);
    this.statusNames = [];
    this.statusIds = new Map();
    this.errorTexts = [''];
    this.errorIds = new Map([['', 0]]);
  }

  /**
   * recordCall adds one finished gRPC call by its outcome: its status code is named here, the
   * one place a call's status gets its name (ghz's reports are keyed by names).
   */
  recordCall(endOffsetNs: number, latencyNs: number, code: number, error: string): void {
    this.record(endOffsetNs, latencyNs, grpcStatusName(code), error);
  }

  /**
   * record adds one finished call: its end (ns after the start), its latency (ns), its status
   * name (`OK`, `Unavailable`, ..., "" when the error has no status) and error text ("" = none).
   */
  record(endOffsetNs: number, latencyNs: number, status: string, error: string): void {
    if (this.skip > 0) {
      this.skip--;
      return;
    }
    this.count++;
    this.latencySumSeconds += goSeconds(latencyNs);
    this.statusCounts.set(status, (this.statusCounts.get(status) ?? 0) + 1);
    if (error !== '') this.errorCounts.set(error, (this.errorCounts.get(error) ?? 0) + 1);
    if (this.length >= this.maxDetails) return;
    if (this.length === this.latencyNs.length) this.grow();
    const i = this.length++;
    this.endOffsetNs[i] = endOffsetNs;
    this.latencyNs[i] = Math.round(latencyNs);
    this.statusIndex[i] = this.statusId(status);
    this.errorIndex[i] = this.errorId(error);
  }

  /** calls returns a view of the kept columns (valid until the next record). */
  calls(): CallColumns {
    return {
      length: this.length,
      startUnixNs: this.startUnixNs,
      endOffsetNs: this.endOffsetNs,
      latencyNs: this.latencyNs,
      statusIndex: this.statusIndex,
      statusNames: this.statusNames,
      errorIndex: this.errorIndex,
      errorTexts: this.errorTexts,
    };
  }

  /**
   * snapshot is the log in its serialisable form, columns trimmed to the calls kept: full columns
   * (the limit reached, or a presized merge) are handed over as they are, not copied, so a log
   * takes its snapshot once, when it is done.
   */
  snapshot(): CallLogSnapshot {
    const n = this.length;
    return {
      count: this.count,
      latencySumSeconds: this.latencySumSeconds,
      statusCounts: this.statusCounts,
      errorCounts: this.errorCounts,
      calls: {
        length: n,
        startUnixNs: this.startUnixNs,
        endOffsetNs: trimmed(this.endOffsetNs, n),
        latencyNs: trimmed(this.latencyNs, n),
        statusIndex: trimmed(this.statusIndex, n),
        statusNames: this.statusNames,
        errorIndex: trimmed(this.errorIndex, n),
        errorTexts: this.errorTexts,
      },
    };
  }

  private statusId(status: string): number {
    let id = this.statusIds.get(status);
    if (id === undefined) {
      // More than 256 distinct statuses cannot come from gRPC (17 codes and ""); cap defensively.
      id = Math.min(this.statusNames.length, 255);
      if (id === this.statusNames.length) this.statusNames.push(status);
      this.statusIds.set(status, id);
    }
    return id;
  }

  private errorId(error: string): number {
    let id = this.errorIds.get(error);
    if (id === undefined) {
      id = this.errorTexts.length;
      this.errorTexts.push(error);
      this.errorIds.set(error, id);
    }
    return id;
  }

  private grow(): void {
    const capacity = Math.min(Math.max(this.latencyNs.length * 2, INITIAL_CAPACITY), this.maxDetails);
    this.endOffsetNs = copyInto(new Float64Array(capacity), this.endOffsetNs);
    this.latencyNs = copyInto(new Float64Array(capacity), this.latencyNs);
    this.statusIndex = copyInto(new Uint8Array(capacity), this.statusIndex);
    this.errorIndex = copyInto(new Uint32Array(capacity), this.errorIndex);
  }
}

function trimmed<T extends Float64Array | Uint8Array | Uint32Array>(column: T, n: number): T {
  return n === column.length ? column : (column.slice(0, n) as T);
}

function copyInto<T extends Float64Array | Uint8Array | Uint32Array>(to: T, from: T): T {
  to.set(from);
  return to;
}
