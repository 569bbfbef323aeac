/**
 * Recorder owns one worker's counters and histograms: every result goes through record() once,
 * and result() hands back the ShardResult the main thread merges. Nothing here allocates per
 * request except the first occurrence of a status code, an error text or a second. Outcomes are
 * counted per protocol and code (HTTP and gRPC codes apart) and errors by text with their kind.
 */
import type { JsHistogram } from 'hdr-histogram-js';
import { LatencyAccumulator, secondHistogram } from './latency.js';
import type { ShardResult } from '../core/run-result.js';
import type { ErrorKind, Outcome, StatusCount } from '../core/outcome.js';
import type { LatencySnapshot } from '../core/latency-view.js';
import { LIVE_BUCKETS_NS } from '../core/live-snapshot.js';
import { SecondSeries } from './second-series.js';
import { sparseCounts } from './live-histograms.js';

/** SecondAccumulator collects one second of the per-second series. */
class SecondAccumulator {
  second: number;
  requests: number;
  errors: number;
  readonly latency: LatencyAccumulator;
  constructor(second: number) {
    this.second = second;
    this.requests = 0;
    this.errors = 0;
    this.latency = new LatencyAccumulator(secondHistogram());
  }

  renew(second: number): void {
    this.second = second;
    this.requests = 0;
    this.errors = 0;
    this.latency.reset();
  }
}

/** SealedSecond is a finished second in its serialisable form. */
type SealedSecond = ShardResult['series'][number];

function seal(s: SecondAccumulator): SealedSecond {
  return { second: s.second, requests: s.requests, errors: s.errors, latency: s.latency.snapshot() };
}

/** ProgressSnapshot is what a worker reports about once a second for the live display. */
export interface ProgressSnapshot {
  requests: number;
  errors: number;
  dropped: number;
  inFlight: number;
}

/**
 * LiveSample is what a worker derives from its recorder once per snapshot interval (never per
 * request) for the main thread's LiveSnapshot: cumulative counts, the service-time buckets at
 * LIVE_BUCKETS_NS, and the last complete second of the per-second series for the recent figures.
 */
export interface LiveSample extends ProgressSnapshot {
  successes: number;
  bytesIn: number;
  bytesOut: number;
  statuses: StatusCount[];
  errorKinds: Array<[kind: string, count: number]>;
  buckets: number[];
  latencySumNs: number;
  /**
   * recent is the last complete second by send time (its 2-digit histogram as sparseCounts, null
   * when it has no result): the per-second series already holds it, so the recent p50/p99 cost the hot
   * path nothing more.
   */
  recent: { second: number; requests: number; counts: number[] | null };
  /** overall is the whole run's histograms, encoded only when a consumer needs exact quantiles. */
  overall: { service: LatencySnapshot; response: LatencySnapshot | null } | null;
}

/** Recorder is the per-worker result accumulator (see the file comment). */
export class Recorder {
  requests: number;
  errors: number;
  dropped: number;
  skipped: number;
  inFlight: number;
  inFlightPeak: number;
  private earliestNs: number;
  private latestNs: number;
  private endNs: number;
  private bytesIn: number;
  private bytesOut: number;
  /** httpCodes and grpcCodes count results per status code of each protocol. */
  private readonly httpCodes: Map<number, number>;
  private readonly grpcCodes: Map<number, number>;
  private readonly errorIndex: Map<string, number>;
  private readonly errorTexts: string[];
  private readonly errorKinds: ErrorKind[];
  private readonly errorCounts: number[];
  private readonly errorFirstNs: number[];
  private readonly latency: LatencyAccumulator;
  private readonly responseTime: LatencyAccumulator | null;
  private readonly seconds: SecondSeries<SecondAccumulator, SealedSecond>;

  /**
   * openLoop makes the recorder keep the response-time (intended send) histogram too. Seconds
   * more than sealAfterS behind the newest are encoded and their histograms freed, so memory
   * stays flat however long the run; a result that arrives later for a sealed second (slower
   * than the request timeout allows, so rare) opens a fresh entry that the merge adds up.
   */
  constructor(openLoop: boolean, sealAfterS = 35) {
    this.requests = 0;
    this.errors = 0;
    this.dropped = 0;
    this.skipped = 0;
    this.inFlight = 0;
    this.inFlightPeak = 0;
    this.earliestNs = Infinity;
    this.latestNs = -Infinity;
    this.endNs = -Infinity;
    this.bytesIn = 0;
    this.bytesOut = 0;
    this.httpCodes = new Map();
    this.grpcCodes = new Map();
    this.errorIndex = new Map();
    this.errorTexts = [];
    this.errorKinds = [];
    this.errorCounts = [];
    this.errorFirstNs = [];
    this.latency = new LatencyAccumulator();
    this.responseTime = openLoop ? new LatencyAccumulator() : null;
    this.seconds = new SecondSeries((second) => new SecondAccumulator(second), seal, sealAfterS);
  }

  /** sent notes one more request in flight. */
  sent(): void {
    if (++this.inFlight > this.inFlightPeak) this.inFlightPeak = this.inFlight;
  }

  /**
   * record takes one finished request's outcome (a success when its errorKind is null). Times are
   * ns since the run's elapsed zero; intendedNs is NaN in closed loop.
   */
  record(
    outcome: Outcome,
    intendedNs: number,
    sentNs: number,
    endNs: number,
    bytesIn: number,
    bytesOut: number,
  ): void {
    this.inFlight--;
    this.requests++;
    const latency = endNs - sentNs;
    this.latency.record(latency);
    if (this.responseTime !== null && intendedNs === intendedNs) this.responseTime.record(endNs - intendedNs);
    if (sentNs < this.earliestNs) this.earliestNs = sentNs;
    if (sentNs > this.latestNs) this.latestNs = sentNs;
    if (endNs > this.endNs) this.endNs = endNs;
    this.bytesIn += bytesIn;
    this.bytesOut += bytesOut;
    const codes = outcome.protocol === 'http' ? this.httpCodes : this.grpcCodes;
    const code = outcome.code;
    codes.set(code, (codes.get(code) ?? 0) + 1);
    const sec = this.seconds.at(sentNs);
    sec.requests++;
    sec.latency.record(latency);
    const kind = outcome.errorKind;
    if (kind !== null) {
      this.errors++;
      sec.errors++;
      this.countError(outcome.errorText, kind, sentNs);
    }
  }

  /** skip takes a finished request that is left out of every statistic (ghz's --skipFirst). */
  skip(): void {
    this.inFlight--;
    this.skipped++;
  }

  /** drop counts an open-loop hit that was due but not sent because of the in-flight cap. */
  drop(): void {
    this.dropped++;
  }

  progress(): ProgressSnapshot {
    return { requests: this.requests, errors: this.errors, dropped: this.dropped, inFlight: this.inFlight };
  }

  /** liveSample is the live figures at elapsedNs; withOverall adds the encoded run histograms (a few ms). */
  liveSample(elapsedNs: number, withOverall: boolean): LiveSample {
    const kinds = new Map<string, number>();
    for (let i = 0; i < this.errorKinds.length; i++) kinds.set(this.errorKinds[i], (kinds.get(this.errorKinds[i]) ?? 0) + this.errorCounts[i]);
    const second = Math.floor(elapsedNs / 1e9) - 1;
    const acc = this.seconds.openAt(second);
    // Every field by name: a literal that opens with a spread and adds fields after it made new
    // hidden classes on each call, and those live in the old generation (~2 KB a second per worker).
    return {
      requests: this.requests,
      errors: this.errors,
      dropped: this.dropped,
      inFlight: this.inFlight,
      successes: this.requests - this.errors,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      statuses: this.statusCounts(),
      errorKinds: [...kinds.entries()].sort((a, b) => a[0].localeCompare(b[0])),
      buckets: cumulativeBuckets(this.latency.histogram),
      latencySumNs: this.latency.totalNs,
      recent: {
        second,
        requests: acc?.requests ?? 0,
        counts: acc === undefined ? null : sparseCounts(acc.latency.histogram),
      },
      overall: withOverall ? { service: this.latency.snapshot(), response: this.responseTime?.snapshot() ?? null } : null,
    };
  }

  result(): ShardResult {
    const none = this.requests === 0;
    return {
      requests: this.requests,
      successes: this.requests - this.errors,
      dropped: this.dropped,
      skipped: this.skipped,
      inFlightPeak: this.inFlightPeak,
      earliestNs: none ? null : this.earliestNs,
      latestNs: none ? null : this.latestNs,
      endNs: none ? null : this.endNs,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      statusCodes: this.statusCounts(),
      errors: this.errorTexts.map((text, i) => ({ text, kind: this.errorKinds[i], count: this.errorCounts[i], firstNs: this.errorFirstNs[i] })),
      latency: this.latency.snapshot(),
      responseTime: this.responseTime?.snapshot() ?? null,
      callLog: null,
      series: this.seconds.all(),
    };
  }

  /** statusCounts lists the counts per status code, HTTP's then gRPC's, each by code. */
  private statusCounts(): StatusCount[] {
    return [...statusCounts('http', this.httpCodes), ...statusCounts('grpc', this.grpcCodes)];
  }

  private countError(text: string, kind: ErrorKind, sentNs: number): void {
    const i = this.errorIndex.get(text);
    if (i !== undefined) {
      this.errorCounts[i]++;
      if (sentNs < this.errorFirstNs[i]) this.errorFirstNs[i] = sentNs;
      return;
    }
    this.errorIndex.set(text, this.errorTexts.length);
    this.errorTexts.push(text);
    this.errorKinds.push(kind);
    this.errorCounts.push(1);
    this.errorFirstNs.push(sentNs);
  }
}

/** statusCounts lists one protocol's counts sorted by code. */
function statusCounts(protocol: StatusCount['protocol'], codes: ReadonlyMap<number, number>): StatusCount[] {
  return [...codes.entries()].sort((a, b) => a[0] - b[0]).map(([code, count]) => ({ protocol, code, count }));
}

/**
 * cumulativeBuckets counts the recorded values <= each of bounds (LIVE_BUCKETS_NS by default) (to the histogram's
 * 3-digit precision: a bound's own bucket counts in full) by summing the counts array up to each
 * bound's index, stopping at the largest value recorded. A plain index loop: the histogram's
 * recorded-values iterator costs milliseconds a second here, and this runs in the worker.
 */
export function cumulativeBuckets(h: JsHistogram, bounds: readonly number[] = LIVE_BUCKETS_NS): number[] {
  const out = new Array<number>(bounds.length);
  const top = h.totalCount === 0 ? -1 : h.countsArrayIndex(h.maxValue);
  let i = 0;
  let n = 0;
  for (let b = 0; b < bounds.length; b++) {
    const last = Math.min(h.countsArrayIndex(bounds[b]), top);
    for (; i <= last; i++) n += h.getCountAtIndex(i);
    out[b] = n;
  }
  return out;
}
