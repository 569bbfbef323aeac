import { buildAttackPlan } from '../../plan/attack-plan.js';
import type { AttackFlags } from '../../plan/attack-flags.js';
import { execute } from '../execute-run.js';

/** attack runs `loadgen attack` (vegeta's attack). */
export async function attack(flags: AttackFlags): Promise<number> {
  return execute(buildAttackPlan(flags), { dryRun: flags.dryRun });
}
