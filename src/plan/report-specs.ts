import type { ResultsOutput } from './plan.js';
import { asList } from './flag-schema.js';
import type { RunMeta } from '../core/run-result.js';
import { UsageError } from '../core/errors.js';
import { parseReportSpec, type ReportSpec } from '../reporters/report-spec.js';

/**
 * reportSpecs reads the repeated --report flags. Without any, the text report goes to stdout,
 * unless the per-request results already go there (`-o -`), as in a vegeta pipeline.
 */
export function reportSpecs(values: string | readonly string[] | undefined, output: ResultsOutput | null, protocol: RunMeta['protocol'] = 'http'): ReportSpec[] {
  const list = asList(values);
  if (list.length === 0) return output?.path === '-' ? [] : [{ type: 'text', file: null }];
  const specs = list.map((v) => parseReportSpec(v));
  // vegeta's reports count HTTP statuses 200..399 as success; gRPC codes would all read as failures.
  const vegeta = specs.find((s) => s.type.startsWith('vegeta') || s.type === 'hdrplot');
  if (protocol === 'grpc' && vegeta !== undefined) {
    throw new UsageError(`--report ${vegeta.type}: vegeta's reports are for HTTP results; use text or json here (loadgen grpc -O gives ghz's formats)`);
  }
  return specs;
}
