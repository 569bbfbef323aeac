/**
 * GRPC_FORMATS are `loadgen grpc -O`'s formats, ghz's then loadgen's own (CO-corrected latency,
 * dropped): the one mapping both the live run and `loadgen report` on its record render through,
 * so the two print the same bytes.
 */
import type { GhzRunFacts } from '../core/ghz-run-facts.js';
import type { RunResult } from '../core/run-result.js';
import { ghzCsv } from './ghz-csv.js';
import { ghzJson, ghzPrettyJson } from './ghz-json.js';
import { ghzReportInput } from './ghz-report.js';
import { ghzSummary } from './ghz-summary.js';
import { jsonReport } from './json.js';
import { textReport } from './text.js';

export type GrpcFormat = (r: RunResult, facts: GhzRunFacts) => string;

export const GRPC_FORMATS: Readonly<Record<string, GrpcFormat>> = {
  summary: (r, f) => ghzSummary(ghzReportInput(r, f)),
  json: (r, f) => ghzJson(ghzReportInput(r, f), f.details),
  pretty: (r, f) => ghzPrettyJson(ghzReportInput(r, f), f.details),
  csv: (r, f) => ghzCsv(ghzReportInput(r, f)),
  text: (r) => textReport(r),
  'lg-json': (r) => jsonReport(r),
};

/** GHZ_REPORT_TYPES are ghz's formats as `loadgen report --type` names them (ghz-summary, ...). */
export const GHZ_REPORT_TYPES = ['ghz-summary', 'ghz-json', 'ghz-pretty', 'ghz-csv'] as const;
