/**
 * The reports of a RunResult, live or from a record (`loadgen report REC.json`, `loadgen merge`):
 * every --report type, plus ghz's formats for runs of `loadgen grpc`, each rendered through one
 * dispatch so a record re-reports the bytes the live run wrote.
 */
import { writeFileAtomic } from '../core/atomic-file.js';
import { UsageError } from '../core/errors.js';
import type { Nanos } from '../core/units.js';
import type { RunResult } from '../core/run-result.js';
import { GHZ_REPORT_TYPES, renderGhzReport, type GhzReportSpec } from '../reporters/ghz-formats.js';
import type { RequestPoints } from '../reporters/html/downsample.js';
import { parseReportSpec, reportContextOf, REPORT_TYPES, type ReportSpec } from '../reporters/report-spec.js';
import { renderReport } from '../reporters/render-report.js';

/** RecordReport is one requested report: a load report type, or one of ghz's formats. */
export type RecordReport =
  | { readonly kind: 'load'; readonly spec: ReportSpec }
  | { readonly kind: 'ghz'; readonly spec: GhzReportSpec };

/** recordReportOf is a planned report (a live run's) as a RecordReport. */
export function recordReportOf(spec: ReportSpec | GhzReportSpec): RecordReport {
  return isGhzSpec(spec) ? { kind: 'ghz', spec } : { kind: 'load', spec };
}

function isGhzSpec(spec: ReportSpec | GhzReportSpec): spec is GhzReportSpec {
  return (GHZ_REPORT_TYPES as readonly string[]).includes(spec.type);
}

/** RECORD_REPORT_TYPES lists what a record can be rendered as, for help and errors. */
export const RECORD_REPORT_TYPES: readonly string[] = [...REPORT_TYPES, ...GHZ_REPORT_TYPES];

/** parseRecordReport reads `TYPE[=FILE]`; a spec without a file goes to `output` when given. */
export function parseRecordReport(text: string, flag: string, buckets: readonly Nanos[] | null, output: string | null): RecordReport {
  const eq = text.indexOf('=');
  const type = (eq < 0 ? text : text.slice(0, eq)).trim();
  const file = (eq < 0 ? null : text.slice(eq + 1).trim() || null) ?? output;
  if ((GHZ_REPORT_TYPES as readonly string[]).includes(type)) return { kind: 'ghz', spec: { type: type as GhzReportSpec['type'], file } };
  const spec = parseReportSpec(text, flag, buckets);
  return { kind: 'load', spec: spec.file === null && output !== null ? { ...spec, file: output } : spec };
}

/** writeRecordReports renders each report (points, from results files, go to the html report's scatter) of a record's result to its file or stdout. */
export function writeRecordReports(reports: readonly RecordReport[], result: RunResult, source: string, points?: RequestPoints): void {
  const texts = reports.map((r) => [fileOf(r), renderRecordReport(r, result, source, points)] as const);
  for (const [file, text] of texts) {
    if (file === null || file === '-') process.stdout.write(text);
    else writeFileAtomic(file, text);
  }
}

function fileOf(r: RecordReport): string | null {
  return r.spec.file;
}

function renderRecordReport(r: RecordReport, result: RunResult, source: string, points: RequestPoints | undefined): string {
  if (r.kind === 'ghz') {
    if (result.ghz === undefined) throw new UsageError(`${source}: ${r.spec.type} needs a record of \`loadgen grpc\`; this one is of \`loadgen ${result.meta.command}\` (use text or json)`);
    return renderGhzReport(r.spec, result, result.ghz);
  }
  const t = r.spec.type;
  // vegeta's reports count HTTP statuses 200..399 as success; gRPC codes would all read as failures.
  if (result.meta.protocol === 'grpc' && (t.startsWith('vegeta') || t === 'hdrplot')) {
    throw new UsageError(`${source}: ${t} is for HTTP results; this record is of a gRPC run (use text, json or ghz-*)`);
  }
  return renderReport(r.spec, result, { ...reportContextOf(result), ...(points === undefined ? {} : { points }) });
}
