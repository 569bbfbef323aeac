import { buildGrpcPlan } from '../../plan/grpc-plan.js';
import type { GrpcFlags } from '../../plan/grpc-flags.js';
import { execute } from '../execute-run.js';
import { withRange } from '../../plan/range-plan.js';
import { withFindMax } from '../../plan/find-max-plan.js';

/** grpc runs `loadgen grpc` (ghz's command line): one report, in ghz's -O format or loadgen's. */
export async function grpc(flags: GrpcFlags): Promise<number> {
  return execute(withFindMax(withRange(buildGrpcPlan(flags), flags), flags), { dryRun: flags.dryRun });
}
