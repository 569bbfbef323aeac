/**
 * `loadgen lifecycle`: the model lifecycle scenario (Seldon's load_predict_unload) over the OIP
 * model repository extension: load each model, wait until ready, run checked inferences, unload;
 * reports load-to-ready, first-inference and unload latencies. A failed operation is reported, not
 * fatal: the run exits 0 with its report, unless every cycle failed (exit 1 with the first
 * failure on stderr: a run that proved nothing must not pass); bad flags exit 2.
 */
import { writeFileSync } from 'node:fs';
import { whileRunning } from '../stop-signals.js';
import type { ExecuteOptions } from '../execute-run.js';
import { buildLifecyclePlan, type LifecyclePlan } from '../../plan/lifecycle-plan.js';
import type { LifecycleFlags } from '../../plan/lifecycle-flags.js';
import { planJson } from '../../plan/plan-json.js';
import type { LifecycleResult } from '../../core/lifecycle-result.js';
import { startLifecycle } from '../../lifecycle/lifecycle-runner.js';
import { lifecycleJson } from '../../reporters/lifecycle-json.js';
import { lifecycleText } from '../../reporters/lifecycle-text.js';

export async function lifecycle(flags: LifecycleFlags): Promise<number> {
  return executeLifecycle(buildLifecyclePlan(flags), { dryRun: flags.dryRun });
}

/** executeLifecycle runs the cycles (a signal stops new ones, a second cancels) and writes the reports. */
async function executeLifecycle(plan: LifecyclePlan, options: ExecuteOptions): Promise<number> {
  if (options.dryRun === true) {
    process.stdout.write(planJson(plan));
    return 0;
  }
  const run = startLifecycle(plan);
  const result: LifecycleResult = await whileRunning(run.result, (signals) => {
    if (signals === 1) {
      process.stderr.write('loadgen: stopping: no new model cycles; a second signal cancels the ones in progress\n');
      run.stop();
    } else run.cancel();
  });
  for (const spec of plan.reports) {
    const text = spec.type === 'json' ? lifecycleJson(result) : lifecycleText(result);
    if (spec.file === null || spec.file === '-') process.stdout.write(text);
    else writeFileSync(spec.file, text);
  }
  return allFailed(result) ? 1 : 0;
}

/** allFailed says, on stderr, when no cycle succeeded, with the first failure and the likely fix. */
function allFailed(r: LifecycleResult): boolean {
  if (r.cyclesFailed === 0 || r.cyclesOk > 0) return false;
  const first = r.failures[0];
  const why = first === undefined ? '' : ` (first: ${first.text})`;
  process.stderr.write(
    `loadgen: every model cycle failed${why}; the server must offer the OIP model repository extension and models of these names (loadgen serve --model-instances serves iris0, iris1, ...)\n`,
  );
  return true;
}
