/**
 * json is loadgen's own complete result document (schema "loadgen.result/v1", keys in the README),
 * and the run record `--result` writes: everything every report needs (the encoded HdrHistograms,
 * per-second histograms, the per-call log, ghz's run facts, the exact values behind rounded ones),
 * so `loadgen report` re-renders any report from it byte for byte and `loadgen merge` adds runs
 * exactly. results/run-record.ts reads it back. Keys are only ever added, never changed.
 */
import type { LatencySnapshot, LatencyView } from '../core/latency-view.js';
import { errorKindCounts, unixNsAt, type RunResult } from '../core/run-result.js';
import type { CallLogSnapshot } from '../core/call-log-snapshot.js';
import { columnToBase64, errorsToJson, goJsonToRecord, statusCodesToJson } from '../core/record-codec.js';
import { summarize } from '../core/summary.js';
import type { GhzRunFacts } from '../core/ghz-run-facts.js';
import type { GeneratorUsage, RunEnvironment } from '../core/run-environment.js';
import { GO_ZERO_TIME, rfc3339Nano } from '../core/time-format.js';
import { TOOL_VERSION } from '../core/version.js';
import { verdictsToJson } from '../core/verdict-codec.js';
import { serverViewToJson } from '../core/server-view-codec.js';
import { llmJson } from './llm-json.js';

/** RESULT_SCHEMA names the version of the document's shape. */
export const RESULT_SCHEMA = 'loadgen.result/v1';

/** REPORTED_PERCENTILES are the percentiles written for each latency kind (q in 0..1). */
export const REPORTED_PERCENTILES: ReadonlyArray<readonly [key: string, q: number]> = [
  ['p50', 0.5],
  ['p75', 0.75],
  ['p90', 0.9],
  ['p95', 0.95],
  ['p99', 0.99],
  ['p99_9', 0.999],
  ['p99_99', 0.9999],
];

/** LatencyWithSnapshot is a latency view that can also give its encoded histogram. */
type Encodable = LatencyView & { snapshot?: () => LatencySnapshot };

export function jsonReport(r: RunResult): string {
  const sum = summarize(r);
  const time = (offset: number) => (r.requests === 0 ? GO_ZERO_TIME : rfc3339Nano(unixNsAt(r, offset)));
  const doc = {
    schema: RESULT_SCHEMA,
    tool: { name: 'loadgen', version: TOOL_VERSION },
    command: r.meta.command,
    protocol: r.meta.protocol,
    name: r.meta.name,
    target: r.meta.target,
    mode: r.meta.mode,
    rate_hz: r.meta.rateHz,
    vus: r.meta.vus,
    workers: r.meta.workers,
    connections: r.meta.connections,
    start: rfc3339Nano(r.startUnixNs),
    start_unix_ns: r.startUnixNs.toString(),
    interrupted: r.interrupted,
    ...(r.abortedBy === undefined ? {} : { aborted_by: r.abortedBy }),
    requests: r.requests,
    successes: r.successes,
    failures: sum.failures,
    success_ratio: sum.successRatio,
    dropped: r.dropped,
    skipped: r.skipped,
    in_flight_peak: r.inFlightPeak,
    earliest: time(r.earliestNs),
    latest: time(r.latestNs),
    end: time(r.endNs),
    earliest_ns: r.earliestNs,
    latest_ns: r.latestNs,
    end_ns: r.endNs,
    duration_ns: sum.durationNs,
    wait_ns: sum.waitNs,
    rate: sum.rate,
    throughput: sum.throughput,
    bytes_in: { total: r.bytesIn, mean: sum.bytesInMean },
    bytes_out: { total: r.bytesOut, mean: sum.bytesOutMean },
    status_codes: statusCodesToJson(r.meta.protocol, r.statusCodes),
    errors: errorsToJson(r.errors),
    error_kinds: Object.fromEntries(errorKindCounts(r.errors)),
    latency: {
      service: latencyRecord(r.latency),
      response: r.responseTime === null ? null : latencyRecord(r.responseTime),
    },
    series: r.series.map((s) => ({
      second: s.second,
      requests: s.requests,
      errors: s.errors,
      p50_ns: Math.round(s.p50Ns),
      p90_ns: Math.round(s.p90Ns),
      p99_ns: Math.round(s.p99Ns),
      ...(s.histograms === undefined ? {} : { histograms: s.histograms.map(snapshotJson) }),
    })),
    active_ns: r.activeNs ?? null,
    call_log: r.callLog === null ? null : callLogJson(r.callLog),
    ghz: r.ghz === undefined ? null : ghzJson(r.ghz),
    generator: r.generator === undefined ? null : generatorJson(r.generator),
    env: r.env === undefined ? null : envJson(r.env),
    responses_checked: r.checked === true,
    slos: r.slos === undefined ? null : verdictsToJson(r.slos),
    server: r.server === undefined || r.server === null ? null : serverViewToJson(r.server),
    // k6's segment notation beside the index, so k6-operator users can read which runner this was.
    shard: r.segment === undefined ? null : { index: r.segment.index, count: r.segment.count, segment: `${r.segment.index}/${r.segment.count}:${r.segment.index + 1}/${r.segment.count}` },
    ...(r.llm === undefined ? {} : { llm: llmJson(r, r.llm, latencyJson) }),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/**
 * latencyRecord is latencyJson plus `exact`: the unrounded count, min, max and total the reports
 * format (a mean from a rounded total could print differently).
 */
function latencyRecord(l: Encodable): Record<string, unknown> {
  return { ...latencyJson(l), exact: { count: l.count, min_ns: l.minNs, max_ns: l.maxNs, total_ns: l.totalNs } };
}

/** snapshotJson is a latency snapshot (a worker's histogram of one second) as the record keeps it. */
function snapshotJson(h: LatencySnapshot): Record<string, unknown> {
  return { count: h.count, min_ns: h.minNs, max_ns: h.maxNs, total_ns: h.totalNs, hdr_histogram: h.histogram };
}

function ghzJson(g: GhzRunFacts): Record<string, unknown> {
  return { options: goJsonToRecord(g.options), tags: g.tags, count_errors: g.countErrors, timed: g.timed, details: g.details };
}

function generatorJson(g: GeneratorUsage): Record<string, unknown> {
  return { cpu_user_s: g.cpuUserSeconds, cpu_system_s: g.cpuSystemSeconds, peak_rss_bytes: g.peakRssBytes };
}

function envJson(e: RunEnvironment): Record<string, unknown> {
  return { loadgen_version: e.loadgenVersion, node_version: e.nodeVersion, cores: e.cores, platform: e.platform, hostname: e.hostname };
}

/** callLogJson is the per-call log: totals, then each column as the base64 of its bytes. */
function callLogJson(log: CallLogSnapshot): Record<string, unknown> {
  const c = log.calls;
  return {
    count: log.count,
    latency_sum_s: log.latencySumSeconds,
    status_counts: [...log.statusCounts],
    error_counts: [...log.errorCounts],
    calls: {
      length: c.length,
      start_unix_ns: c.startUnixNs.toString(),
      status_names: c.statusNames,
      error_texts: c.errorTexts,
      end_offset_ns_f64: columnToBase64(c.endOffsetNs, c.length),
      latency_ns_f64: columnToBase64(c.latencyNs, c.length),
      status_index_u8: columnToBase64(c.statusIndex, c.length),
      error_index_u32: columnToBase64(c.errorIndex, c.length),
    },
  };
}

/** latencyJson is one latency population as the JSON reports write it (ns, percentiles, HDR encoding). */
export function latencyJson(l: Encodable): Record<string, number | string | null> {
  const out: Record<string, number | string | null> = {
    count: l.count,
    min_ns: Math.round(l.minNs),
    mean_ns: Math.round(l.meanNs),
    stdev_ns: Math.round(l.stdevNs),
    max_ns: Math.round(l.maxNs),
    total_ns: Math.round(l.totalNs),
  };
  for (const [key, q] of REPORTED_PERCENTILES) out[`${key}_ns`] = Math.round(l.quantileNs(q));
  out.hdr_histogram = l.snapshot === undefined ? null : l.snapshot().histogram;
  return out;
}
