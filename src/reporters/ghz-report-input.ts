/**
 * GhzReportInput is what the ghz-compatible reporters (ghz-summary, ghz-json, ghz-csv; spec:
 * ghz.md 2-4) are pure functions of: the run's totals plus the per-call columns of the first
 * GHZ_MAX_DETAILS counted calls, from which ghz computes every statistic. CallLog (results/) collects it
 * during a run in typed arrays (no object per call); ghzOptions builds the report's `options`
 * object with ghz's keys, order and omission rules.
 */
import { availableParallelism } from 'node:os';
import type { GoJsonValue } from './go-format.js';
import type { GhzOptions } from '../core/ghz-run-facts.js';
import { MAX_LOGGED_CALLS, type CallColumns } from '../core/call-log-snapshot.js';

/** GHZ_MAX_DETAILS is how many calls ghz keeps details for; its statistics use only these. */
export const GHZ_MAX_DETAILS = MAX_LOGGED_CALLS;

/** GhzCalls are the per-call columns the ghz statistics are computed from. */
export type GhzCalls = CallColumns;



/** GHZ_DURATION_TOTAL is the `total` option ghz reports under `-z` (its request limit, MaxInt32). */
export const GHZ_DURATION_TOTAL = 2_147_483_647;

/** GhzEndReason is why the run ended: the count was reached, SIGINT, or the `-z` duration elapsed. */
export type GhzEndReason = 'normal' | 'cancel' | 'timeout';

/** GhzOptions is the report's `options` object, keys in ghz's order (build it with ghzOptions). */
export type { GhzOptions };

/** GhzReportInput is one finished ghz-style run. */
export interface GhzReportInput {
  /** dateUnixNs is when the report was finalised: the end of the run (Unix ns). */
  readonly dateUnixNs: bigint;
  /** name is `--name`; "" when unset. */
  readonly name: string;
  readonly endReason: GhzEndReason;
  readonly options: GhzOptions;
  /** tags are `--tags`; empty when unset. */
  readonly tags: Readonly<Record<string, string>>;
  /** count is every counted call (after `--skipFirst`), errors included, also beyond the details limit. */
  readonly count: number;
  /** totalNs is the wall time of the run, from start to end. */
  readonly totalNs: number;
  /**
   * latencySumSeconds is the sum of goSeconds(latency) over all counted calls, added in completion
   * order as ghz does (float addition is order-sensitive; the average is derived from it).
   */
  readonly latencySumSeconds: number;
  /** statusCounts counts every counted call by status name. */
  readonly statusCounts: ReadonlyMap<string, number>;
  /** errorCounts counts every counted failed call by error text. */
  readonly errorCounts: ReadonlyMap<string, number>;
  readonly calls: GhzCalls;
  /** countErrors is `--count-errors`: failed calls join fastest, slowest, histogram and percentiles. */
  readonly countErrors: boolean;
}

/**
 * GhzRunOptions are the run settings the report's `options` shows, in loadgen's units (durations
 * in ns). Unset fields take ghz's defaults: schedules `const`, `concurrency-step` 1, `CPUs` the
 * number of CPUs, everything else zero, false or empty.
 */
export interface GhzRunOptions {
  call?: string;
  host?: string;
  proto?: string;
  protoset?: string;
  importPaths?: readonly string[];
  enableCompression?: boolean;
  cacert?: string;
  cert?: string;
  key?: string;
  cname?: string;
  skipTLS?: boolean;
  insecure?: boolean;
  authority?: string;
  rps?: number;
  loadSchedule?: string;
  loadStart?: number;
  loadEnd?: number;
  loadStep?: number;
  loadStepDurationNs?: number;
  loadMaxDurationNs?: number;
  concurrency?: number;
  concurrencySchedule?: string;
  concurrencyStart?: number;
  concurrencyEnd?: number;
  concurrencyStep?: number;
  concurrencyStepDurationNs?: number;
  concurrencyMaxDurationNs?: number;
  /** total is `-n`; pass GHZ_DURATION_TOTAL under `-z` for ghz-identical output. */
  total?: number;
  async?: boolean;
  connections?: number;
  durationNs?: number;
  timeoutNs?: number;
  dialTimeoutNs?: number;
  keepaliveNs?: number;
  /** data is the call data as parsed JSON (CallData.reportData); undefined or null leaves it out. */
  data?: unknown;
  binary?: boolean;
  /** metadata is the metadata object (CallMetadata.reportMetadata); undefined leaves it out. */
  metadata?: Readonly<Record<string, string>>;
  cpus?: number;
  name?: string;
  skipFirst?: number;
  countErrors?: boolean;
}

/**
 * ghzOptions builds the `options` object of ghz's JSON report (spec: ghz.md 2.2): keys in ghz's
 * order, the "always" keys (`insecure`, `load-*`, `concurrency-*` but `concurrency`, `binary`,
 * `CPUs`) always written, the others left out when zero, false or empty; durations in int ns; map
 * keys in `data` and `metadata` sorted as Go sorts them.
 */
export function ghzOptions(o: GhzRunOptions): GhzOptions {
  const m = new Map<string, GoJsonValue>();
  const str = (key: string, v: string | undefined): void => {
    if (v !== undefined && v !== '') m.set(key, v);
  };
  const flag = (key: string, v: boolean | undefined): void => {
    if (v === true) m.set(key, true);
  };
  const positive = (key: string, v: number | undefined): void => {
    if (v !== undefined && v > 0) m.set(key, Math.trunc(v));
  };
  const always = (key: string, v: number): void => {
    m.set(key, Math.trunc(v));
  };
  str('call', o.call);
  str('host', o.host);
  str('proto', o.proto);
  str('protoset', o.protoset);
  if (o.importPaths !== undefined && o.importPaths.length > 0) m.set('import-paths', [...o.importPaths]);
  flag('enable-compression', o.enableCompression);
  str('cacert', o.cacert);
  str('cert', o.cert);
  str('key', o.key);
  str('cname', o.cname);
  flag('skipTLS', o.skipTLS);
  m.set('insecure', o.insecure === true);
  str('authority', o.authority);
  positive('rps', o.rps);
  m.set('load-schedule', o.loadSchedule ?? 'const');
  always('load-start', o.loadStart ?? 0);
  always('load-end', o.loadEnd ?? 0);
  always('load-step', o.loadStep ?? 0);
  always('load-step-duration', o.loadStepDurationNs ?? 0);
  always('load-max-duration', o.loadMaxDurationNs ?? 0);
  positive('concurrency', o.concurrency);
  m.set('concurrency-schedule', o.concurrencySchedule ?? 'const');
  always('concurrency-start', o.concurrencyStart ?? 0);
  always('concurrency-end', o.concurrencyEnd ?? 0);
  always('concurrency-step', o.concurrencyStep ?? 1);
  always('concurrency-step-duration', o.concurrencyStepDurationNs ?? 0);
  always('concurrency-max-duration', o.concurrencyMaxDurationNs ?? 0);
  positive('total', o.total);
  flag('async', o.async);
  positive('connections', o.connections);
  positive('duration', o.durationNs);
  positive('timeout', o.timeoutNs);
  positive('dial-timeout', o.dialTimeoutNs);
  positive('keepalive', o.keepaliveNs);
  if (o.data !== undefined && o.data !== null) m.set('data', goJsonSorted(o.data));
  m.set('binary', o.binary === true);
  if (o.metadata !== undefined) m.set('metadata', goJsonSorted(o.metadata));
  always('CPUs', o.cpus ?? availableParallelism());
  str('name', o.name);
  positive('skipFirst', o.skipFirst);
  flag('count-errors', o.countErrors);
  return m;
}

/**
 * goJsonSorted turns parsed JSON into a GoJsonValue whose object keys are sorted as Go's
 * encoding/json sorts map keys (by UTF-8 bytes), as ghz re-encodes its parsed data.
 */
export function goJsonSorted(value: unknown): GoJsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return value;
  }
  if (Array.isArray(value)) return value.map(goJsonSorted);
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort(goStringCompare);
    return new Map(keys.map((k) => [k, goJsonSorted((value as Record<string, unknown>)[k])]));
  }
  return null;
}

/** goStringCompare orders strings as Go compares them: by their UTF-8 bytes. */
export function goStringCompare(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
