/**
 * The run record read back: `loadgen report` and `loadgen merge` turn a record (the `json` report,
 * or what `--result` wrote; schema loadgen.result/v1) into the RunResult the live run reported,
 * histograms and per-call log included, so every report renders from it as it did live.
 * reporters/json.ts writes it; the field codecs both use are in core/record-codec.ts.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import type { LatencySnapshot } from '../core/latency-view.js';
import type { CallLogSnapshot } from '../core/call-log-snapshot.js';
import type { GhzRunFacts } from '../core/ghz-run-facts.js';
import type { GeneratorUsage, RunEnvironment } from '../core/run-environment.js';
import type { RunMeta, RunResult, SecondStats } from '../core/run-result.js';
import { ns } from '../core/units.js';
import {
  RecordFieldError,
  columnFromBase64,
  countOf,
  errorsFromJson,
  goJsonFromRecord,
  objectOf,
  statusCodesFromJson,
} from '../core/record-codec.js';
import { verdictsFromJson } from '../core/verdict-codec.js';
import { serverViewFromJson } from '../core/server-view-codec.js';
import { llmFromRecord } from './llm-record.js';
import { LatencyDistribution } from './latency.js';
import { errorKindOfText } from './error-kind-of-text.js';
import { RESULT_SCHEMA } from '../reporters/json.js';

/** RECORD_SCHEMA is the schema this loadgen writes (reporters/json.ts) and reads. */
const RECORD_SCHEMA = RESULT_SCHEMA;

/** RECORD_HINT is the fix every "not a record" message ends with. */
const RECORD_HINT = 'give a file written by --result FILE or --report json=FILE';

/** RecordedRun is a RunResult read from a record; its latencies are real histograms (mergeable). */
export interface RecordedRun extends RunResult {
  readonly latency: LatencyDistribution;
  readonly responseTime: LatencyDistribution | null;
}

/**
 * looksLikeRecord sniffs the start of a file: a record is a JSON object whose first key is our
 * schema (reporters/json.ts writes it first), which vegeta's results lines never are.
 */
export function looksLikeRecord(head: string): boolean {
  return /^\s*\{\s*"schema"\s*:\s*"loadgen\.result\//.test(head);
}

/** readRecordFile reads and decodes one record file; bad input is one UsageError line. */
export function readRecordFile(path: string): RecordedRun {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`${path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); ${RECORD_HINT}`);
  }
  return decodeRecord(text, path);
}

/** decodeRecord reads a record's text; `source` names it in errors. */
export function decodeRecord(text: string, source: string): RecordedRun {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new UsageError(`${source}: not JSON, so not a loadgen record; ${RECORD_HINT}`);
  }
  const schema = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>).schema : undefined;
  if (typeof schema !== 'string' || !schema.startsWith('loadgen.result/')) {
    throw new UsageError(`${source}: not a loadgen record (no "schema": "${RECORD_SCHEMA}"); ${RECORD_HINT}`);
  }
  if (schema !== RECORD_SCHEMA) throw new UsageError(`${source}: record schema ${schema} is not one this loadgen reads (${RECORD_SCHEMA}); use a matching loadgen`);
  try {
    return runOf(doc as Record<string, unknown>);
  } catch (err) {
    if (err instanceof RecordFieldError) throw new UsageError(`${source}: damaged record: ${err.message}; ${RECORD_HINT}`);
    throw err;
  }
}

function runOf(d: Record<string, unknown>): RecordedRun {
  const latency = objectOf(d.latency, 'latency');
  const protocol = oneOf(d.protocol, ['http', 'grpc', 'mixed'] as const, 'protocol');
  return {
    meta: metaOf(d, protocol),
    startUnixNs: bigintOf(d.start_unix_ns, 'start_unix_ns'),
    requests: countOf(d.requests, 'requests'),
    successes: countOf(d.successes, 'successes'),
    dropped: countOf(d.dropped, 'dropped'),
    skipped: countOf(d.skipped ?? 0, 'skipped'),
    inFlightPeak: countOf(d.in_flight_peak, 'in_flight_peak'),
    earliestNs: ns(numberOf(d.earliest_ns, 'earliest_ns')),
    latestNs: ns(numberOf(d.latest_ns, 'latest_ns')),
    endNs: ns(numberOf(d.end_ns, 'end_ns')),
    bytesIn: countOf(objectOf(d.bytes_in, 'bytes_in').total, 'bytes_in.total'),
    bytesOut: countOf(objectOf(d.bytes_out, 'bytes_out').total, 'bytes_out.total'),
    statusCodes: statusCodesFromJson(d.status_codes, protocol),
    errors: errorsFromJson(d.errors, errorKindOfText),
    latency: latencyOf(latency.service, 'latency.service'),
    responseTime: latency.response === null || latency.response === undefined ? null : latencyOf(latency.response, 'latency.response'),
    series: seriesOf(d.series),
    interrupted: d.interrupted === true,
    callLog: d.call_log === null || d.call_log === undefined ? null : callLogOf(objectOf(d.call_log, 'call_log')),
    ...optional('abortedBy', d.aborted_by, (v) => stringOf(v, 'aborted_by')),
    ...optional('ghz', d.ghz, ghzOf),
    ...optional('generator', d.generator, generatorOf),
    ...optional('env', d.env, envOf),
    ...optional('activeNs', d.active_ns, (v) => {
      const a = objectOf(v, 'active_ns');
      return { sending: ns(numberOf(a.sending, 'active_ns.sending')), total: ns(numberOf(a.total, 'active_ns.total')) };
    }),
    ...(d.responses_checked === true ? { checked: true } : {}),
    ...optional('slos', d.slos, verdictsFromJson),
    ...optional('server', d.server, serverViewFromJson),
    ...optional('segment', d.shard, (v) => {
      const s = objectOf(v, 'shard');
      const segment = { index: countOf(s.index, 'shard.index'), count: countOf(s.count, 'shard.count') };
      if (segment.index >= segment.count) throw new RecordFieldError(`shard: index ${segment.index} is not below count ${segment.count}`);
      return segment;
    }),
    ...optional('llm', d.llm, llmFromRecord),
  };
}

function metaOf(d: Record<string, unknown>, protocol: RunMeta['protocol']): RunMeta {
  return {
    command: stringOf(d.command, 'command'),
    protocol,
    name: stringOf(d.name ?? '', 'name'),
    target: stringOf(d.target, 'target'),
    mode: oneOf(d.mode, ['open', 'closed', 'replay'] as const, 'mode'),
    rateHz: d.rate_hz === null ? null : numberOf(d.rate_hz, 'rate_hz'),
    vus: d.vus === null ? null : countOf(d.vus, 'vus'),
    workers: countOf(d.workers, 'workers'),
    connections: countOf(d.connections, 'connections'),
  };
}

/** latencyOf rebuilds a latency population: the histogram for percentiles, the exact values beside it. */
function latencyOf(v: unknown, field: string): LatencyDistribution {
  const l = objectOf(v, field);
  if (typeof l.hdr_histogram !== 'string') throw new RecordFieldError(`${field}.hdr_histogram: missing`);
  // Records since `exact` was added keep the unrounded values; older ones only the rounded.
  const exact = l.exact === undefined ? l : objectOf(l.exact, `${field}.exact`);
  return LatencyDistribution.fromSnapshot(snapshotOf({ ...exact, hdr_histogram: l.hdr_histogram }, field));
}

function snapshotOf(v: unknown, field: string): LatencySnapshot {
  const s = objectOf(v, field);
  if (typeof s.hdr_histogram !== 'string') throw new RecordFieldError(`${field}.hdr_histogram: missing`);
  return {
    count: countOf(s.count, `${field}.count`),
    minNs: numberOf(s.min_ns, `${field}.min_ns`),
    maxNs: numberOf(s.max_ns, `${field}.max_ns`),
    totalNs: numberOf(s.total_ns, `${field}.total_ns`),
    histogram: s.hdr_histogram,
  };
}

function seriesOf(v: unknown): SecondStats[] {
  if (!Array.isArray(v)) throw new RecordFieldError('series: not a list');
  return v.map((x: unknown, i) => {
    const s = objectOf(x, `series[${i}]`);
    const f = `series[${i}]`;
    const histograms = Array.isArray(s.histograms) ? s.histograms.map((h: unknown, j) => snapshotOf(h, `${f}.histograms[${j}]`)) : undefined;
    return {
      second: numberOf(s.second, `${f}.second`),
      requests: countOf(s.requests, `${f}.requests`),
      errors: countOf(s.errors, `${f}.errors`),
      p50Ns: ns(numberOf(s.p50_ns, `${f}.p50_ns`)),
      // p90_ns came with the HTML report; a record from before it has no p90 to show.
      p90Ns: ns(s.p90_ns === undefined ? NaN : numberOf(s.p90_ns, `${f}.p90_ns`)),
      p99Ns: ns(numberOf(s.p99_ns, `${f}.p99_ns`)),
      ...(histograms === undefined ? {} : { histograms }),
    };
  });
}

function callLogOf(l: Record<string, unknown>): CallLogSnapshot {
  const c = objectOf(l.calls, 'call_log.calls');
  const n = countOf(c.length, 'call_log.calls.length');
  return {
    count: countOf(l.count, 'call_log.count'),
    latencySumSeconds: numberOf(l.latency_sum_s, 'call_log.latency_sum_s'),
    statusCounts: countsOf(l.status_counts, 'call_log.status_counts'),
    errorCounts: countsOf(l.error_counts, 'call_log.error_counts'),
    calls: {
      length: n,
      startUnixNs: bigintOf(c.start_unix_ns, 'call_log.calls.start_unix_ns'),
      endOffsetNs: columnFromBase64(c.end_offset_ns_f64, Float64Array, n, 'call_log.calls.end_offset_ns_f64'),
      latencyNs: columnFromBase64(c.latency_ns_f64, Float64Array, n, 'call_log.calls.latency_ns_f64'),
      statusIndex: columnFromBase64(c.status_index_u8, Uint8Array, n, 'call_log.calls.status_index_u8'),
      statusNames: stringsOf(c.status_names, 'call_log.calls.status_names'),
      errorIndex: columnFromBase64(c.error_index_u32, Uint32Array, n, 'call_log.calls.error_index_u32'),
      errorTexts: stringsOf(c.error_texts, 'call_log.calls.error_texts'),
    },
  };
}

function ghzOf(v: unknown): GhzRunFacts {
  const g = objectOf(v, 'ghz');
  const options = goJsonFromRecord(g.options, 'ghz.options');
  if (!(options instanceof Map)) throw new RecordFieldError('ghz.options: not an ordered map');
  const tags = objectOf(g.tags, 'ghz.tags');
  return { options, tags: tags as Record<string, string>, countErrors: g.count_errors === true, timed: g.timed === true, details: g.details === true };
}

function generatorOf(v: unknown): GeneratorUsage {
  const g = objectOf(v, 'generator');
  return {
    cpuUserSeconds: numberOf(g.cpu_user_s, 'generator.cpu_user_s'),
    cpuSystemSeconds: numberOf(g.cpu_system_s, 'generator.cpu_system_s'),
    peakRssBytes: countOf(g.peak_rss_bytes, 'generator.peak_rss_bytes'),
  };
}

function envOf(v: unknown): RunEnvironment {
  const e = objectOf(v, 'env');
  return {
    loadgenVersion: stringOf(e.loadgen_version, 'env.loadgen_version'),
    nodeVersion: stringOf(e.node_version, 'env.node_version'),
    cores: countOf(e.cores, 'env.cores'),
    platform: stringOf(e.platform, 'env.platform'),
    hostname: stringOf(e.hostname, 'env.hostname'),
  };
}

/** optional spreads `{key: read(v)}` when the record has the field, nothing when it is null or absent. */
function optional<K extends string, T>(key: K, v: unknown, read: (v: unknown) => T): { [P in K]?: T } {
  return v === null || v === undefined ? {} : ({ [key]: read(v) } as { [P in K]?: T });
}

function countsOf(v: unknown, field: string): Map<string, number> {
  if (!Array.isArray(v)) throw new RecordFieldError(`${field}: not a list of [key, count]`);
  return new Map(v.map((p: unknown) => {
    if (!Array.isArray(p) || typeof p[0] !== 'string') throw new RecordFieldError(`${field}: not a list of [key, count]`);
    return [p[0], countOf(p[1], `${field}.${p[0]}`)] as const;
  }));
}

function stringsOf(v: unknown, field: string): string[] {
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw new RecordFieldError(`${field}: not a list of strings`);
  return v as string[];
}

function numberOf(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RecordFieldError(`${field}: not a number`);
  return v;
}

function stringOf(v: unknown, field: string): string {
  if (typeof v !== 'string') throw new RecordFieldError(`${field}: not a string`);
  return v;
}

function bigintOf(v: unknown, field: string): bigint {
  if (typeof v !== 'string' || !/^-?\d+$/.test(v)) throw new RecordFieldError(`${field}: not an integer string`);
  return BigInt(v);
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], field: string): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new RecordFieldError(`${field}: not one of ${allowed.join(', ')}`);
  return v as T;
}
