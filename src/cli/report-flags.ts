import type { ResultsOutput } from '../plan/plan.js';
import { asList } from './load-flags.js';
import { parseReportSpec, type ReportSpec } from '../reporters/report-spec.js';

/**
 * reportSpecs reads the repeated --report flags. Without any, the text report goes to stdout,
 * unless the per-request results already go there (`-o -`), as in a vegeta pipeline.
 */
export function reportSpecs(values: unknown, output: ResultsOutput | null): ReportSpec[] {
  const list = asList(values);
  if (list.length === 0) return output?.path === '-' ? [] : [{ type: 'text', file: null }];
  return list.map((v) => parseReportSpec(v));
}
