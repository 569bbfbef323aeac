import type { ResultsOutput } from './plan.js';
import { asList } from './flag-schema.js';
import type { RunMeta } from '../core/run-result.js';
import { UsageError } from '../core/errors.js';
import { parseReportSpec, type ReportSpec } from '../reporters/report-spec.js';

/** GENERATIVE_REPORTS are the report types only a generate run can fill. */
const GENERATIVE_REPORTS: readonly string[] = ['vllm-json', 'aiperf-json'];

/**
 * reportSpecs reads the repeated --report flags. Without any, the text report goes to stdout,
 * unless the per-request results already go there (`-o -`), as in a vegeta pipeline. The
 * generative reports are refused before any load unless the run is a generate run.
 */
export function reportSpecs(
  values: string | readonly string[] | undefined,
  output: ResultsOutput | null,
  protocol: RunMeta['protocol'] = 'http',
  generative = false,
): ReportSpec[] {
  const list = asList(values);
  if (list.length === 0) return output?.path === '-' ? [] : [{ type: 'text', file: null }];
  const specs = list.map((v) => parseReportSpec(v));
  // vegeta's reports count HTTP statuses 200..399 as success; gRPC codes would all read as failures.
  const vegeta = specs.find((s) => s.type.startsWith('vegeta') || s.type === 'hdrplot');
  if (protocol === 'grpc' && vegeta !== undefined) {
    throw new UsageError(`--report ${vegeta.type}: vegeta's reports are for HTTP results; use text or json here (loadgen grpc -O gives ghz's formats)`);
  }
  const llm = generative ? undefined : specs.find((s) => GENERATIVE_REPORTS.includes(s.type));
  if (llm !== undefined) throw new UsageError(`--report ${llm.type}: it reports generative metrics (TTFT, tokens); use it with loadgen generate`);
  return specs;
}
