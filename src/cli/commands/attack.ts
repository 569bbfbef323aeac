import { buildAttackPlan, type AttackFlags } from '../../plan/attack-plan.js';
import type { Argv } from '../commands.js';
import { executeRun } from '../execute-run.js';
import { resultPathOf } from '../result-file.js';
import { reportSpecs } from '../report-flags.js';

/** attack runs `loadgen attack` (vegeta's attack). */
export async function attack(argv: Argv): Promise<number> {
  const plan = buildAttackPlan(argv as AttackFlags);
  await executeRun(plan, reportSpecs(argv.report, plan.output), resultPathOf(argv.result));
  return 0;
}
