import { writeFileSync } from 'node:fs';
import { buildGrpcPlan, type GrpcFlags } from '../../plan/grpc-plan.js';
import { UsageError } from '../../core/errors.js';
import { ghzOptions } from '../../reporters/ghz-report-input.js';
import type { GhzRunFacts } from '../../core/ghz-run-facts.js';
import { GRPC_FORMATS } from '../../reporters/grpc-formats.js';
import type { Argv } from '../commands.js';
import { executeRun } from '../execute-run.js';
import { resultPathOf } from '../result-file.js';

/** grpc runs `loadgen grpc` (ghz's command line). */
export async function grpc(argv: Argv): Promise<number> {
  const format = (argv.format as string | undefined) ?? 'summary';
  const render = GRPC_FORMATS[format];
  if (render === undefined) throw new UsageError(`-O/--format: "${format}" is not a format; use ${Object.keys(GRPC_FORMATS).join(', ')}`);
  const tags = parseTags(argv.tags as string | undefined);
  const { plan, ghzOptions: options } = buildGrpcPlan(argv as unknown as GrpcFlags);
  const facts: GhzRunFacts = {
    options: ghzOptions(options),
    tags,
    countErrors: argv.countErrors === true,
    timed: plan.stop.durationNs > 0,
    details: argv.details === true,
  };
  const result = await executeRun(plan, [], resultPathOf(argv.result), facts);
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
