import { writeFileSync } from 'node:fs';
import { buildGrpcPlan, type GrpcFlags } from '../../plan/grpc-plan.js';
import { UsageError } from '../../plan/usage-error.js';
import { jsonReport } from '../../reporters/json.js';
import { textReport } from '../../reporters/text.js';
import type { RunResult } from '../../results/run-result.js';
import type { Argv } from '../commands.js';
import { executeRun } from '../execute-run.js';

/** GRPC_FORMATS are the report formats of `loadgen grpc -O`. */
const GRPC_FORMATS: Record<string, (r: RunResult) => string> = {
  text: textReport,
  'lg-json': jsonReport,
};

/** grpc runs `loadgen grpc` (ghz's command line). */
export async function grpc(argv: Argv): Promise<number> {
  const format = (argv.format as string | undefined) ?? 'text';
  const render = GRPC_FORMATS[format];
  if (render === undefined) throw new UsageError(`-O/--format: "${format}" is not a format; use ${Object.keys(GRPC_FORMATS).join(', ')}`);
  const plan = buildGrpcPlan(argv as unknown as GrpcFlags);
  const result = await executeRun(plan, []);
  const text = render(result);
  const output = argv.output as string | undefined;
  if (output === undefined || output === '-') process.stdout.write(text);
  else writeFileSync(output, text);
  return 0;
}
