/**
 * FindMaxPlan is `loadgen find-max`: the infer plan each step runs at its own rate, the objectives
 * a step must meet, the search bounds, the stability windows, and the reports. Built and checked
 * before any load; `--dry-run` prints it.
 */
import { UsageError } from '../core/errors.js';
import { parseRate, rateHz } from '../core/units.js';
import type { FindMaxFlags } from './find-max-flags.js';
import type { SearchOptions } from './find-max-search.js';
import { buildInferPlan } from './infer-plan.js';
import type { Plan } from './plan.js';
import { rangeReports, stabilityPlan, type RangeReport, type StabilityPlan } from './range-plan.js';

/** DEFAULT_START_RATE is the first rate tried (per second). */
export const DEFAULT_START_RATE = 50;
/** DEFAULT_PRECISION_PCT is how close the bracket must close (percent of the passing rate). */
export const DEFAULT_PRECISION_PCT = 5;

export interface FindMaxPlan {
  readonly kind: 'find-max';
  /** base is the run of a step: its load is replaced by each step's rate. */
  readonly base: Plan;
  readonly search: SearchOptions;
  readonly stability: StabilityPlan;
  readonly reports: readonly RangeReport[];
  readonly record: string | null;
}

export function buildFindMaxPlan(f: FindMaxFlags): FindMaxPlan {
  const base = buildInferPlan({ ...f, rate: '1' });
  if (base.slos.length === 0) throw new UsageError("find-max needs the objectives a rate must meet: give --slo, e.g. --slo 'p99<=50ms'");
  if (base.slos.some((s) => s.abortOnFail)) throw new UsageError('--thresholds: abortOnFail does not apply to find-max (each step is judged on its stable windows); drop it');
  if (base.output !== null) throw new UsageError('--output: per-request results are not written by find-max; drop it');
  if (base.watch.prometheus !== null || base.watch.remoteWrite !== null) throw new UsageError('--prometheus/--out: live outputs are not served by find-max; drop them');
  if (f.maxRate === undefined) throw new UsageError('find-max needs --max-rate N: the highest rate to try, per second');
  const startHz = rateOf(f.startRate ?? String(DEFAULT_START_RATE), '--start-rate');
  const maxHz = rateOf(f.maxRate, '--max-rate');
  if (maxHz < startHz) throw new UsageError(`--max-rate ${f.maxRate} is below --start-rate ${startHz}/s: give a higher maximum`);
  const pctText = (f.precision ?? String(DEFAULT_PRECISION_PCT)).trim().replace(/%$/, '');
  const pct = Number(pctText);
  if (!/^(\d+\.?\d*|\.\d+)$/.test(pctText) || !(pct > 0 && pct < 100)) throw new UsageError(`--precision: give a percentage between 0 and 100, e.g. 5%, got "${f.precision}"`);
  return {
    kind: 'find-max',
    base: { ...base, meta: { ...base.meta, command: 'find-max' } },
    search: { startHz, maxHz, precision: pct / 100 },
    stability: stabilityPlan(f),
    reports: rangeReports(base),
    record: base.record,
  };
}

function rateOf(text: string, flag: string): number {
  const hz = rateHz(parseRate(text, flag));
  if (!(hz > 0)) throw new UsageError(`${flag}: give a positive rate per second, e.g. 100, got "${text}"`);
  return hz;
}
