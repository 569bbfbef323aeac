import { buildInferPlan } from '../../plan/infer-plan.js';
import type { InferFlags } from '../../plan/infer-flags.js';
import { execute } from '../execute-run.js';
import { withRange } from '../../plan/range-plan.js';
import { withFindMax } from '../../plan/find-max-plan.js';

/** infer runs `loadgen infer`: inference load against a model server, after --wait-ready and --warmup. */
export async function infer(flags: InferFlags): Promise<number> {
  return execute(withFindMax(withRange(buildInferPlan(flags), flags), flags), { dryRun: flags.dryRun });
}
