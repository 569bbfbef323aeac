import { writeFileSync } from 'node:fs';
import { buildGrpcPlan, type GrpcFlags } from '../../plan/grpc-plan.js';
import { UsageError } from '../../core/errors.js';
import { ghzCsv } from '../../reporters/ghz-csv.js';
import { ghzJson, ghzPrettyJson } from '../../reporters/ghz-json.js';
import { ghzOptions } from '../../reporters/ghz-report-input.js';
import { ghzReportInput, type GhzRunFacts } from '../../reporters/ghz-report.js';
import { ghzSummary } from '../../reporters/ghz-summary.js';
import { jsonReport } from '../../reporters/json.js';
import { textReport } from '../../reporters/text.js';
import type { RunResult } from '../../core/run-result.js';
import type { Argv } from '../commands.js';
import { executeRun } from '../execute-run.js';

/** GRPC_FORMATS are `loadgen grpc -O`'s formats: ghz's, then loadgen's own (CO-corrected latency, dropped). */
const GRPC_FORMATS: Record<string, (r: RunResult, facts: GhzRunFacts) => string> = {
  summary: (r, f) => ghzSummary(ghzReportInput(r, f)),
  json: (r, f) => ghzJson(ghzReportInput(r, f), f.details),
  pretty: (r, f) => ghzPrettyJson(ghzReportInput(r, f), f.details),
  csv: (r, f) => ghzCsv(ghzReportInput(r, f)),
  text: (r) => textReport(r),
  'lg-json': (r) => jsonReport(r),
};

/** grpc runs `loadgen grpc` (ghz's command line). */
export async function grpc(argv: Argv): Promise<number> {
  const format = (argv.format as string | undefined) ?? 'summary';
  const render = GRPC_FORMATS[format];
  if (render === undefined) throw new UsageError(`-O/--format: "${format}" is not a format; use ${Object.keys(GRPC_FORMATS).join(', ')}`);
  const tags = parseTags(argv.tags as string | undefined);
  const { plan, ghzOptions: options } = buildGrpcPlan(argv as unknown as GrpcFlags);
  const result = await executeRun(plan, []);
  const facts: GhzRunFacts = {
    options: ghzOptions(options),
    tags,
    countErrors: argv.countErrors === true,
    timed: plan.stop.durationNs > 0,
    details: argv.details === true,
  };
  const text = render(result, facts);
  const output = argv.output as string | undefined;
  if (output === undefined || output === '-') process.stdout.write(text);
  else writeFileSync(output, text);
  return 0;
}

/** parseTags reads ghz's --tags: a JSON object of string values. */
function parseTags(text: string | undefined): Record<string, string> {
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
