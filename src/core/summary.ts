/**
 * summarize derives a run's statistics once, so every reporter formats the same numbers: lengths,
 * rates, ratios and means in loadgen's arithmetic (offsets as recorded), plus vegeta's wall-clock
 * variant (whole-ns Unix times, Go's Duration.Seconds()) that vegeta's reports print.
 */
import type { Nanos } from './units.js';
import { statusSuccessCount, unixNsAt, type RunResult } from './run-result.js';
import { goSeconds } from './time-format.js';

/** RunSummary is a RunResult's derived statistics; durations in ns, rates per second. */
export interface RunSummary {
  /** durationNs is latest - earliest send (the attack); waitNs is end - latest. */
  readonly durationNs: Nanos;
  readonly waitNs: Nanos;
  readonly failures: number;
  /** successRatio is successes / requests (0 without results). */
  readonly successRatio: number;
  /** rate is requests/s over the sending span; the request count when that span is 0. */
  readonly rate: number;
  /** throughput is successes/s over the sending span plus the wait; their count when it is 0. */
  readonly throughput: number;
  readonly bytesInMean: number;
  readonly bytesOutMean: number;
  readonly wall: WallSummary;
}

/** WallSummary is vegeta's view: absolute whole-ns times, success = status 200..399. */
export interface WallSummary {
  /** earliestUnixNs, latestUnixNs, endUnixNs are null when there are no results (Go zero time). */
  readonly earliestUnixNs: bigint | null;
  readonly latestUnixNs: bigint | null;
  readonly endUnixNs: bigint | null;
  /** durationNs and waitNs are whole ns between those times (0 without results). */
  readonly durationNs: number;
  readonly waitNs: number;
  /** statusSuccesses counts results with a status code in 200..399. */
  readonly statusSuccesses: number;
  readonly rate: number;
  readonly throughput: number;
}

/** summarize computes a RunResult's RunSummary (pure; see the file comment). */
export function summarize(r: RunResult): RunSummary {
  const durationNs = (r.latestNs - r.earliestNs) as Nanos;
  const waitNs = (r.endNs - r.latestNs) as Nanos;
  // Merged runs may leave gaps between their spans; rates count only the time something ran.
  const sendingNs = r.activeNs?.sending ?? durationNs;
  const totalNs = r.activeNs?.total ?? durationNs + waitNs;
  const empty = r.requests === 0;
  return {
    durationNs,
    waitNs,
    failures: r.requests - r.successes,
    successRatio: empty ? 0 : r.successes / r.requests,
    rate: sendingNs > 0 ? r.requests / (sendingNs / 1e9) : r.requests,
    throughput: totalNs > 0 ? r.successes / (totalNs / 1e9) : r.successes,
    bytesInMean: empty ? 0 : r.bytesIn / r.requests,
    bytesOutMean: empty ? 0 : r.bytesOut / r.requests,
    wall: wallSummary(r),
  };
}

/** wallSummary is vegeta's Metrics.Close() arithmetic over whole-ns Unix times. */
function wallSummary(r: RunResult): WallSummary {
  const empty = r.requests === 0;
  const earliest = empty ? null : unixNsAt(r, r.earliestNs);
  const latest = empty ? null : unixNsAt(r, r.latestNs);
  const end = empty ? null : unixNsAt(r, r.endNs);
  const durationNs = earliest === null || latest === null ? 0 : Number(latest - earliest);
  const waitNs = latest === null || end === null ? 0 : Number(end - latest);
  const statusSuccesses = statusSuccessCount(r);
  const secs = goSeconds(r.activeNs === undefined ? durationNs : Math.round(r.activeNs.sending));
  const totalSecs = goSeconds(r.activeNs === undefined ? durationNs + waitNs : Math.round(r.activeNs.total));
  return {
    earliestUnixNs: earliest,
    latestUnixNs: latest,
    endUnixNs: end,
    durationNs,
    waitNs,
    statusSuccesses,
    rate: secs > 0 ? r.requests / secs : r.requests,
    throughput: secs > 0 ? statusSuccesses / totalSecs : statusSuccesses,
  };
}
