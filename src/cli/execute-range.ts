/**
 * executeRange runs a plan with a range: the steps before load once (readiness, warm-up), then
 * each level in order as its own run measured in windows until stable (engine/range-level.ts),
 * a line per window on stderr, and at the end the level table, the range record and the page as
 * planned. SIGINT/SIGTERM stop the level that runs (a second cancels it) and end the range there;
 * what was measured is still reported.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Plan } from '../plan/plan.js';
import { levelPlan, type RangePlan, type RangeReport } from '../plan/range-plan.js';
import { startLevel } from '../engine/range-level.js';
import { levelResultOf, RANGE_SCHEMA, type LevelResult, type RangeResult } from '../results/range-result.js';
import type { WindowFigures } from '../results/stability-windows.js';
import { rangeText, msText, rateText } from '../reporters/range-text.js';
import { rangeHtml } from '../reporters/range-html.js';
import { whileRunning } from './stop-signals.js';
import { prepare } from './prepare-steps.js';

export async function executeRange(plan: Plan): Promise<number> {
  const range = plan.range!;
  if (plan.readiness !== null || plan.warmUp !== null) await prepare(plan);
  const levels: LevelResult[] = [];
  let interrupted = false;
  for (const level of range.levels) {
    const log = plan.watch.quiet ? () => {} : windowLogger(range, level);
    const started = startLevel(levelPlan(plan, range.kind, level, range.stability), range.stability, { onWindow: log });
    const outcome = await whileRunning(started.outcome, () => {
      interrupted = true;
      started.stop();
    });
    levels.push(levelResultOf(range.kind, level, outcome.windows, outcome.tail, outcome.stable));
    if (outcome.runError !== null) throw outcome.runError;
    if (interrupted) break;
  }
  const result: RangeResult = {
    schema: RANGE_SCHEMA,
    meta: { command: plan.meta.command, target: plan.meta.target, protocol: plan.meta.protocol },
    kind: range.kind,
    stability: range.stability,
    cores: availableParallelism(),
    levels,
    interrupted,
  };
  for (const r of range.reports) writeRangeReport(r, result);
  if (plan.record !== null) writeFileSync(plan.record, rangeJson(result));
  return 0;
}

/** rangeJson is the range record (loadgen.range/v1). */
export function rangeJson(r: RangeResult): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

function writeRangeReport(spec: RangeReport, r: RangeResult): void {
  const text = spec.type === 'text' ? rangeText(r) : spec.type === 'json' ? rangeJson(r) : rangeHtml(r);
  if (spec.file === null) process.stdout.write(text);
  else writeFileSync(spec.file, text);
}

/** windowLogger writes one stderr line per window, so a long level shows how it settles. */
export function windowLogger(range: Pick<RangePlan, 'kind'>, level: number): (w: WindowFigures, n: number) => void {
  const what = range.kind === 'concurrency' ? `${level} users` : `${level}/s`;
  return (w, n) =>
    process.stderr.write(`loadgen: ${what}: window ${n}: ${rateText(w.throughputRps)}, mean ${msText(w.meanNs)}, p50 ${msText(w.p50Ns)}, p99 ${msText(w.p99Ns)}, ${w.errors} errors\n`);
}
