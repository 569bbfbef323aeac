/**
 * mergeShards builds the one RunResult from the workers' ShardResults: counts add up, histograms
 * are added bucket by bucket, errors keep their first-seen order across workers, and the
 * per-second series is rebuilt from per-second histograms so its percentiles are exact merges.
 */
import { ns } from '../core/units.js';
import { LatencyAccumulator, LatencyDistribution, SecondQuantiles } from './latency.js';
import { mergeCallLogs } from './call-log.js';
import { mergeLlmShards } from './llm-recorder.js';
import type { LatencySnapshot } from '../core/latency-view.js';
import type { ErrorCount, RunMeta, RunResult, SecondStats, ShardResult } from '../core/run-result.js';
import { addStatusCounts, type ErrorKind } from '../core/outcome.js';

export interface MergeContext {
  readonly meta: RunMeta;
  readonly startUnixNs: bigint;
  readonly interrupted: boolean;
}

export function mergeShards(shards: readonly ShardResult[], ctx: MergeContext): RunResult {
  let requests = 0;
  let successes = 0;
  let dropped = 0;
  let skipped = 0;
  let inFlightPeak = 0;
  let bytesIn = 0;
  let bytesOut = 0;
  let earliest = Infinity;
  let latest = -Infinity;
  let end = -Infinity;
  const latency = new LatencyAccumulator();
  const responseTime = shards.some((s) => s.responseTime !== null) ? new LatencyAccumulator() : null;
  for (const s of shards) {
    requests += s.requests;
    successes += s.successes;
    dropped += s.dropped;
    skipped += s.skipped;
    inFlightPeak += s.inFlightPeak;
    bytesIn += s.bytesIn;
    bytesOut += s.bytesOut;
    if (s.earliestNs !== null && s.earliestNs < earliest) earliest = s.earliestNs;
    if (s.latestNs !== null && s.latestNs > latest) latest = s.latestNs;
    if (s.endNs !== null && s.endNs > end) end = s.endNs;
    latency.add(s.latency);
    if (responseTime !== null && s.responseTime !== null) responseTime.add(s.responseTime);
  }
  const none = requests === 0;
  return {
    meta: ctx.meta,
    startUnixNs: ctx.startUnixNs,
    requests,
    successes,
    dropped,
    skipped,
    inFlightPeak,
    earliestNs: ns(none ? 0 : earliest),
    latestNs: ns(none ? 0 : latest),
    endNs: ns(none ? 0 : end),
    bytesIn,
    bytesOut,
    statusCodes: addStatusCounts(shards.map((s) => s.statusCodes)),
    errors: mergeErrors(shards),
    latency: new LatencyDistribution(latency),
    responseTime: responseTime === null ? null : new LatencyDistribution(responseTime),
    series: mergeSeries(shards),
    interrupted: ctx.interrupted,
    callLog: shards.some((s) => s.callLog !== null)
      ? mergeCallLogs(shards.flatMap((s) => (s.callLog === null ? [] : [s.callLog])), ctx.startUnixNs)
      : null,
    ...llmOf(shards),
  };
}

/** llmOf merges the workers' generative metrics, left out for runs without them. */
function llmOf(shards: readonly ShardResult[]): Pick<RunResult, 'llm'> {
  const parts = shards.flatMap((s) => (s.llm == null ? [] : [s.llm]));
  return parts.length === 0 ? {} : { llm: mergeLlmShards(parts) };
}

function mergeErrors(shards: readonly ShardResult[]): ErrorCount[] {
  const byText = new Map<string, { kind: ErrorKind; count: number; firstNs: number }>();
  for (const s of shards) {
    for (const e of s.errors) {
      const seen = byText.get(e.text);
      if (seen === undefined) byText.set(e.text, { kind: e.kind, count: e.count, firstNs: e.firstNs });
      else {
        seen.count += e.count;
        // A text has one kind; should two differ, the first seen wins, as with the order.
        if (e.firstNs < seen.firstNs) seen.kind = e.kind;
        seen.firstNs = Math.min(seen.firstNs, e.firstNs);
      }
    }
  }
  return [...byText.entries()]
    .sort((a, b) => a[1].firstNs - b[1].firstNs)
    .map(([text, { kind, count }]) => ({ text, kind, count }));
}

function mergeSeries(shards: readonly ShardResult[]): SecondStats[] {
  const bySecond = new Map<number, SecondGroup>();
  for (const s of shards) {
    for (const sec of s.series) {
      let acc = bySecond.get(sec.second);
      if (acc === undefined) bySecond.set(sec.second, (acc = { requests: 0, errors: 0, histograms: [] }));
      acc.requests += sec.requests;
      acc.errors += sec.errors;
      acc.histograms.push(sec.latency);
    }
  }
  return secondStatsOf(bySecond);
}

/** SecondGroup is one second's sums and worker histograms, gathered by a merge (of shards or of runs). */
export interface SecondGroup {
  requests: number;
  errors: number;
  histograms: LatencySnapshot[];
}

/** secondStatsOf turns the gathered seconds into the series, in order, each with its merged p50/p90/p99. */
export function secondStatsOf(bySecond: ReadonlyMap<number, SecondGroup>): SecondStats[] {
  const quantiles = new SecondQuantiles();
  return [...bySecond]
    .sort((a, b) => a[0] - b[0])
    .map(([second, { requests, errors, histograms }]) => {
      // Named fields, no spread in the middle: that made new hidden classes (old space) per second.
      const q = quantiles.of(histograms);
      return { second, requests, errors, p50Ns: q.p50Ns, p90Ns: q.p90Ns, p99Ns: q.p99Ns, histograms };
    });
}
