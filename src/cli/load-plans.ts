/**
 * LOAD_PLANS are the load commands a sweep or a live comparison runs by command line: each one's
 * flag table and its plan builder over the parsed argv, exactly as `loadgen <command>` plans it.
 */
import { buildAttackPlan } from '../plan/attack-plan.js';
import { ATTACK_FLAGS } from '../plan/attack-flags.js';
import { flagsFrom, type FlagTable } from '../plan/flag-schema.js';
import { buildGrpcPlan } from '../plan/grpc-plan.js';
import { GRPC_FLAGS } from '../plan/grpc-flags.js';
import { buildGeneratePlan } from '../plan/generate-plan.js';
import { GENERATE_FLAGS } from '../plan/generate-flags.js';
import { buildInferPlan } from '../plan/infer-plan.js';
import { INFER_FLAGS } from '../plan/infer-flags.js';
import type { Plan } from '../plan/plan.js';

/** LoadPlan is a load command's flag table and its plan builder. */
export interface LoadPlan {
  readonly table: FlagTable;
  readonly plan: (argv: Readonly<Record<string, unknown>>) => Plan;
}

export const LOAD_PLANS = {
  infer: { table: INFER_FLAGS, plan: (argv) => buildInferPlan(flagsFrom(INFER_FLAGS, argv)) },
  attack: { table: ATTACK_FLAGS, plan: (argv) => buildAttackPlan(flagsFrom(ATTACK_FLAGS, argv)) },
  grpc: { table: GRPC_FLAGS, plan: (argv) => buildGrpcPlan(flagsFrom(GRPC_FLAGS, argv)) },
  generate: { table: GENERATE_FLAGS, plan: (argv) => buildGeneratePlan(flagsFrom(GENERATE_FLAGS, argv)) },
} as const satisfies Readonly<Record<string, LoadPlan>>;
