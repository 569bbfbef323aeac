/**
 * `loadgen lifecycle`: the model lifecycle scenario (Seldon's load_predict_unload) over the OIP
 * model repository extension: load each model, wait until ready, run checked inferences, unload;
 * reports load-to-ready, first-inference and unload latencies. A failed operation is reported, not
 * fatal: the run exits 0 with its report; bad flags exit 2.
 */
import { writeFileSync } from 'node:fs';
import { asList } from '../load-flags.js';
import type { Argv } from '../commands.js';
import { whileRunning } from '../stop-signals.js';
import { buildLifecyclePlan, type LifecycleFlags } from '../../plan/lifecycle-plan.js';
import type { LifecycleResult } from '../../core/lifecycle-result.js';
import { startLifecycle } from '../../lifecycle/lifecycle-runner.js';
import { UsageError } from '../../core/errors.js';
import { lifecycleJson } from '../../reporters/lifecycle-json.js';
import { lifecycleText } from '../../reporters/lifecycle-text.js';

/** LIFECYCLE_REPORT_TYPES are the report types lifecycle writes. */
export const LIFECYCLE_REPORT_TYPES = ['text', 'json'] as const;

interface LifecycleReportSpec {
  readonly type: (typeof LIFECYCLE_REPORT_TYPES)[number];
  readonly file: string | null;
}

export async function lifecycle(argv: Argv): Promise<number> {
  const plan = buildLifecyclePlan(argv as unknown as LifecycleFlags);
  const reports = lifecycleReportSpecs(argv.report);
  const run = startLifecycle(plan);
  const result: LifecycleResult = await whileRunning(run.result, (signals) => {
    if (signals === 1) {
      process.stderr.write('loadgen: stopping: no new model cycles; a second signal cancels the ones in progress\n');
      run.stop();
    } else run.cancel();
  });
  for (const spec of reports) {
    const text = spec.type === 'json' ? lifecycleJson(result) : lifecycleText(result);
    if (spec.file === null || spec.file === '-') process.stdout.write(text);
    else writeFileSync(spec.file, text);
  }
  return 0;
}

/** lifecycleReportSpecs reads the repeated `--report text|json[=FILE]` flags (default: text to stdout). */
export function lifecycleReportSpecs(values: unknown): LifecycleReportSpec[] {
  const list = asList(values);
  if (list.length === 0) return [{ type: 'text', file: null }];
  return list.map((v) => {
    const eq = v.indexOf('=');
    const type = (eq < 0 ? v : v.slice(0, eq)).trim();
    const file = eq < 0 ? null : v.slice(eq + 1).trim() || null;
    if (type !== 'text' && type !== 'json') {
      throw new UsageError(`--report: unknown report type "${type}" for lifecycle; use ${LIFECYCLE_REPORT_TYPES.join(' or ')} (optionally =FILE)`);
    }
    return { type, file };
  });
}
