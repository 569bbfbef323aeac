/**
 * `loadgen grpc`'s output flags, ghz's way: one report (-O FORMAT, to -o FILE or stdout) in one
 * of ghz's formats or loadgen's own (text; lg-json, which adds CO-corrected latency and dropped),
 * --tags, and the facts ghz's reports show of the run (its options as ghz names them).
 */
import { dirname, normalize } from 'node:path';
import type { Nanos } from '../core/units.js';
import { bundledProtoPath, isBundledProtoName } from '../grpc/bundled-protos.js';
import { UsageError } from '../core/errors.js';
import type { GhzReportSpec } from '../reporters/ghz-formats.js';
import { GHZ_DURATION_TOTAL, type GhzRunOptions } from '../reporters/ghz-report-input.js';
import type { GrpcFlags } from './grpc-flags.js';
import type { GhzFacts, LoadModel, PlannedReport } from './plan.js';

/** GRPC_FORMATS maps `-O` to the report it writes: ghz's formats, then loadgen's own. */
const GRPC_FORMATS: Readonly<Record<string, GhzReportSpec['type'] | 'text' | 'json'>> = {
  summary: 'ghz-summary',
  json: 'ghz-json',
  pretty: 'ghz-pretty',
  csv: 'ghz-csv',
  text: 'text',
  'lg-json': 'json',
};

/** ghzReports reads -O/--format (default summary) and -o/--output (default stdout). */
export function ghzReports(format: string | undefined, output: string | undefined): PlannedReport[] {
  const name = format ?? 'summary';
  const type = Object.hasOwn(GRPC_FORMATS, name) ? GRPC_FORMATS[name] : undefined;
  if (type === undefined) throw new UsageError(`-O/--format: "${name}" is not a format; use ${Object.keys(GRPC_FORMATS).join(', ')}`);
  const file = output === undefined || output === '-' ? null : output;
  return [{ type, file }];
}

/** parseTags reads ghz's --tags: a JSON object of string values. */
export function parseTags(text: string | undefined): Record<string, string> {
  if (text === undefined) return {};
  let tags: unknown;
  try {
    tags = JSON.parse(text);
  } catch {
    throw new UsageError(`--tags: "${text}" is not JSON; give an object of strings, e.g. '{"env":"staging"}'`);
  }
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags) || Object.values(tags).some((v) => typeof v !== 'string')) {
    throw new UsageError('--tags: give a JSON object of string values, e.g. \'{"env":"staging"}\'');
  }
  return tags as Record<string, string>;
}

/** CheckedGrpcRun are the validated values of a grpc run that its ghz report shows. */
export interface CheckedGrpcRun {
  readonly load: LoadModel;
  readonly concurrency: number;
  readonly connections: number;
  readonly durationNs: Nanos;
  readonly iterations: number;
  readonly timeoutNs: Nanos;
  /** dialTimeoutNs is --connect-timeout, which ghz's report shows as dial-timeout. */
  readonly dialTimeoutNs: Nanos;
  readonly skipFirst: number;
  readonly importPaths: readonly string[];
  readonly data: GhzRunOptions['data'];
  readonly binary: GhzRunOptions['binary'];
  readonly metadata: GhzRunOptions['metadata'];
}

/** ghzFacts are what ghz's reports show beyond the results: the flags as given, with the run's checked values. */
export function ghzFacts(f: GrpcFlags, tags: Record<string, string>, run: CheckedGrpcRun): GhzFacts {
  const { load } = run;
  const options: GhzRunOptions = {
    call: f.call,
    host: f.host,
    proto: f.proto,
    protoset: f.protoset,
    importPaths: ghzImportPaths(f, run.importPaths),
    cacert: f.cacert,
    cert: f.cert,
    key: f.key,
    cname: f.cname,
    skipTLS: f.skipTLS,
    insecure: f.insecure,
    rps: f.rps,
    loadSchedule: f.loadSchedule,
    loadStart: f.loadStart,
    loadEnd: f.loadEnd,
    loadStep: f.loadStep,
    loadStepDurationNs: load.kind === 'schedule' ? load.schedule.stepNs : undefined,
    loadMaxDurationNs: load.kind === 'schedule' ? load.schedule.maxDurationNs : undefined,
    concurrency: run.concurrency,
    concurrencySchedule: f.concurrencySchedule,
    concurrencyStart: f.concurrencyStart,
    concurrencyEnd: f.concurrencyEnd,
    concurrencyStep: f.concurrencyStep,
    concurrencyStepDurationNs: load.kind === 'closed' && load.vusSchedule ? load.vusSchedule.stepNs : undefined,
    concurrencyMaxDurationNs: load.kind === 'closed' && load.vusSchedule ? load.vusSchedule.maxDurationNs : undefined,
    total: run.durationNs > 0 ? GHZ_DURATION_TOTAL : run.iterations,
    connections: run.connections,
    durationNs: run.durationNs,
    timeoutNs: run.timeoutNs,
    dialTimeoutNs: run.dialTimeoutNs,
    data: run.data,
    binary: run.binary,
    enableCompression: f.enableCompression,
    metadata: run.metadata,
    name: f.name,
    skipFirst: run.skipFirst,
    countErrors: f.countErrors,
  };
  return { options, tags, countErrors: f.countErrors === true, timed: run.durationNs > 0, details: f.details === true };
}

/**
 * ghzImportPaths is the import-path list ghz reports: the -i paths, then, with --proto, the
 * proto's folder (Go's filepath.Dir; a bundled name's own folder) and the current one, `.`.
 */
export function ghzImportPaths(f: Pick<GrpcFlags, 'proto'>, importPaths: readonly string[]): string[] {
  if (f.proto === undefined || f.proto === '') return [...importPaths];
  const file = isBundledProtoName(f.proto) ? bundledProtoPath(f.proto) : f.proto;
  const dir = normalize(dirname(file));
  return [...importPaths, dir.length > 1 ? dir.replace(/\/$/, '') : dir, '.'];
}
