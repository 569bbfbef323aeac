import { buildAttackPlan } from '../../plan/attack-plan.js';
import type { AttackFlags } from '../../plan/attack-flags.js';
import { execute } from '../execute-run.js';
import { withRange } from '../../plan/range-plan.js';
import { withFindMax } from '../../plan/find-max-plan.js';

/** attack runs `loadgen attack` (vegeta's attack). */
export async function attack(flags: AttackFlags): Promise<number> {
  return execute(withFindMax(withRange(buildAttackPlan(flags), flags), flags), { dryRun: flags.dryRun });
}
