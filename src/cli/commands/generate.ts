import { buildGeneratePlan } from '../../plan/generate-plan.js';
import type { GenerateFlags } from '../../plan/generate-flags.js';
import { execute } from '../execute-run.js';

/** generate runs generative (LLM) load: streamed requests, TTFT, ITL, TPOT, tokens/s, goodput. */
export async function generate(f: GenerateFlags): Promise<number> {
  return execute(buildGeneratePlan(f), { dryRun: f.dryRun });
}
