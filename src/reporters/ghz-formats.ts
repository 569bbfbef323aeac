/**
 * GhzReportSpec is one of ghz's report formats (`loadgen grpc -O summary|json|pretty|csv`) and
 * where it goes; renderGhzReport is the one place that maps such a type to its reporter.
 */
import type { RunResult } from '../core/run-result.js';
import { ghzCsv } from './ghz-csv.js';
import { ghzJson, ghzPrettyJson } from './ghz-json.js';
import { ghzReportInput, type GhzRunFacts } from './ghz-report.js';
import { ghzSummary } from './ghz-summary.js';

/** GHZ_REPORT_TYPES are ghz's formats as report types. */
export const GHZ_REPORT_TYPES = ['ghz-summary', 'ghz-json', 'ghz-pretty', 'ghz-csv'] as const;

export interface GhzReportSpec {
  readonly type: (typeof GHZ_REPORT_TYPES)[number];
  readonly file: string | null;
}

export function renderGhzReport(spec: GhzReportSpec, result: RunResult, facts: GhzRunFacts): string {
  const input = ghzReportInput(result, facts);
  switch (spec.type) {
    case 'ghz-summary':
      return ghzSummary(input);
    case 'ghz-json':
      return ghzJson(input, facts.details);
    case 'ghz-pretty':
      return ghzPrettyJson(input, facts.details);
    case 'ghz-csv':
      return ghzCsv(input);
  }
}
