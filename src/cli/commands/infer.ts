import { buildInferPlan, type InferFlags } from '../../plan/infer-plan.js';
import type { Argv } from '../commands.js';
import { executeRun } from '../execute-run.js';
import { reportSpecs } from '../report-flags.js';

/** infer runs `loadgen infer`: inference load against a model server. */
export async function infer(argv: Argv): Promise<number> {
  const plan = buildInferPlan(argv as unknown as InferFlags);
  await executeRun(plan, reportSpecs(argv.report, plan.output));
  return 0;
}
