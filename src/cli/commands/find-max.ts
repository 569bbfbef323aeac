import { buildInferPlan } from '../../plan/infer-plan.js';
import type { FindMaxCommandFlags } from '../../plan/find-max-flags.js';
import { withFindMax } from '../../plan/find-max-plan.js';
import { execute } from '../execute-run.js';

/**
 * findMax runs `loadgen find-max`: infer's requests, each step at the search's rate (the plan's
 * own rate is a placeholder every step replaces), as `infer --find-max` does.
 */
export async function findMax(flags: FindMaxCommandFlags): Promise<number> {
  const plan = buildInferPlan({ ...flags, rate: '1' });
  return execute(withFindMax({ ...plan, meta: { ...plan.meta, command: 'find-max' } }, { ...flags, findMax: true }), { dryRun: flags.dryRun });
}
