/**
 * FindMaxPlan is find-max's search on a load command's plan (`loadgen find-max`, or attack,
 * infer and grpc with --find-max): the objectives a step must meet are the plan's, each step runs
 * the plan at its own rate; the search bounds, the stability windows and the reports. Checked
 * before any load; `--dry-run` prints the plan with it.
 */
import { UsageError } from '../core/errors.js';
import { parseRate, rateHz } from '../core/units.js';
import { DEFAULT_PRECISION_PCT, DEFAULT_START_RATE } from './find-max-defaults.js';
import type { FindMaxFlags } from './find-max-flags.js';
import type { SearchOptions } from './find-max-search.js';
import type { Plan } from './plan.js';
import { rangeReports, stabilityPlan, type RangeReport, type StabilityPlan } from './range-plan.js';

export interface FindMaxPlan {
  readonly search: SearchOptions;
  readonly stability: StabilityPlan;
  /** reports are the plan's reports as find-max writes them: text, json (its record) or html. */
  readonly reports: readonly RangeReport[];
}

/** withFindMax is the plan with its search when --find-max is given, else the plan as it is. */
export function withFindMax(plan: Plan, f: FindMaxFlags): Plan {
  if (f.findMax !== true) {
    if ([f.startRate, f.maxRate, f.precision].some((v) => v !== undefined)) throw new UsageError('--start-rate, --max-rate and --precision need --find-max (or loadgen find-max)');
    return plan;
  }
  if (plan.range != null) throw new UsageError('--find-max and --concurrency-range/--rate-range exclude each other: search one rate or measure a range');
  if (plan.slos.length === 0) throw new UsageError("find-max needs the objectives a rate must meet: give --slo, e.g. --slo 'p99<=50ms'");
  if (plan.slos.some((s) => s.abortOnFail)) throw new UsageError('--thresholds: abortOnFail does not apply to find-max (each step is judged on its stable windows); drop it');
  if (plan.output !== null) throw new UsageError('--output: per-request results are not written by find-max; drop it');
  if (plan.watch.prometheus !== null || plan.watch.remoteWrite !== null) throw new UsageError('--prometheus/--out: live outputs are not served by find-max; drop them');
  if (f.maxRate === undefined) throw new UsageError('find-max needs --max-rate N: the highest rate to try, per second');
  const startHz = rateOf(f.startRate ?? String(DEFAULT_START_RATE), '--start-rate');
  const maxHz = rateOf(f.maxRate, '--max-rate');
  if (maxHz < startHz) throw new UsageError(`--max-rate ${f.maxRate} is below --start-rate ${startHz}/s: give a higher maximum`);
  const pctText = (f.precision ?? String(DEFAULT_PRECISION_PCT)).trim().replace(/%$/, '');
  const pct = Number(pctText);
  if (!/^(\d+\.?\d*|\.\d+)$/.test(pctText) || !(pct > 0 && pct < 100)) throw new UsageError(`--precision: give a percentage between 0 and 100, e.g. 5%, got "${f.precision}"`);
  const findMax: FindMaxPlan = { search: { startHz, maxHz, precision: pct / 100 }, stability: stabilityPlan(f), reports: rangeReports(plan) };
  return { ...plan, findMax };
}

function rateOf(text: string, flag: string): number {
  const hz = rateHz(parseRate(text, flag));
  if (!(hz > 0)) throw new UsageError(`${flag}: give a positive rate per second, e.g. 100, got "${text}"`);
  return hz;
}
