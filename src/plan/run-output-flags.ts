/**
 * RUN_OUTPUT_FLAGS are what every load command (attack, infer, demo, grpc) takes beyond its load
 * and requests: the objectives it is judged on, k6's outputs, how it is watched, and --dry-run.
 * runOutputs reads the parts of the Plan they decide: the record path, the objectives, the watch,
 * the headers to redact.
 */
import type { FlagTable, FlagsOf } from './flag-schema.js';
import { K6_OUTPUT_FLAGS } from './k6-output-flags.js';
import { DRY_RUN_FLAGS, REDACT_FLAGS, RESULT_FLAG } from './output-flags.js';
import { asList } from './flag-schema.js';
import type { Plan } from './plan.js';
import { resultPathOf } from './result-path.js';
import { SLO_FLAGS, sloPlan } from './slo-flags.js';
import { WATCH_FLAGS, watchPlan } from './watch-flags.js';

export const RUN_OUTPUT_FLAGS = {
  ...SLO_FLAGS,
  ...K6_OUTPUT_FLAGS,
  ...WATCH_FLAGS,
  ...DRY_RUN_FLAGS,
  ...REDACT_FLAGS,
} as const satisfies FlagTable;

/** RunOutputFlags are those flags with --result (part of each command's own output flags). */
export type RunOutputFlags = FlagsOf<typeof RUN_OUTPUT_FLAGS> & FlagsOf<typeof RESULT_FLAG>;

export function runOutputs(f: RunOutputFlags): Pick<Plan, 'record' | 'slos' | 'watch' | 'redactHeaders'> {
  return { record: resultPathOf(f.result), slos: sloPlan(f), watch: watchPlan(f), redactHeaders: redactHeaderNames(f.redactHeader) };
}

/** redactHeaderNames reads --redact-header NAME (repeatable, comma lists too) as lower-case names. */
export function redactHeaderNames(value: unknown): string[] {
  return asList(value).flatMap((v) => v.split(',')).map((n) => n.trim().toLowerCase()).filter((n) => n !== '');
}
