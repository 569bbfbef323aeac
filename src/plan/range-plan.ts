/**
 * RangePlan is a load command run over levels (users or rates, perf_analyzer's ranges) instead of
 * once: each level runs as its own short run whose load keeps going while measurement windows are
 * cut from its live snapshots, until the last STABLE_WINDOWS windows agree (StabilityPlan) or
 * maxWindows are used. withRange reads the range flags into the plan; levelPlan is the plan of
 * one level.
 */
import { UsageError } from '../core/errors.js';
import { parseDuration, type Nanos } from '../core/units.js';
import type { FlagsOf } from './flag-schema.js';
import type { LoadModel, Plan } from './plan.js';
import type { RANGE_FLAGS, STABILITY_FLAGS } from './range-flags.js';
import { parseRangeSpec } from './range-spec.js';
import { STABLE_WINDOWS } from '../results/stability-rule.js';

/** DEFAULT_WINDOW is the measurement window (perf_analyzer's --measurement-interval, 5000 ms). */
export const DEFAULT_WINDOW = '5s';
/** DEFAULT_STABILITY_PCT is perf_analyzer's --stability-percentage. */
export const DEFAULT_STABILITY_PCT = 10;
/** DEFAULT_MAX_WINDOWS is perf_analyzer's --max-trials. */
export const DEFAULT_MAX_WINDOWS = 10;

/** StabilityMetric is the latency the stability rule compares: mean (perf_analyzer's default), p50 or p99. */
export type StabilityMetric = 'mean' | 'p50' | 'p99';

/** WindowRule is how long one measurement window is: a duration, or at least a number of requests. */
export type WindowRule = { readonly kind: 'time'; readonly ns: Nanos } | { readonly kind: 'count'; readonly requests: number };

export interface StabilityPlan {
  readonly window: WindowRule;
  /** tolerance is the allowed distance from the windows' mean, as a fraction (0.1 = 10 %). */
  readonly tolerance: number;
  readonly metric: StabilityMetric;
  readonly maxWindows: number;
}

/** RangeReport is one report of the whole range: the level table (text), the range record (json) or the page (html). */
export interface RangeReport {
  readonly type: 'text' | 'json' | 'html';
  /** file is where it goes; null = stdout. */
  readonly file: string | null;
}

export interface RangePlan {
  /** kind: concurrency runs closed loop with `level` users; rate runs open loop at `level` per second. */
  readonly kind: 'concurrency' | 'rate';
  readonly levels: readonly number[];
  readonly stability: StabilityPlan;
  /** reports are the plan's reports as the range writes them (default: the table on stdout). */
  readonly reports: readonly RangeReport[];
}

type RangeFlags = FlagsOf<typeof RANGE_FLAGS>;
type StabilityFlags = FlagsOf<typeof STABILITY_FLAGS>;

/**
 * withRange is the plan with its range when --concurrency-range or --rate-range is given, else the
 * plan as it is. What a range cannot honour (per-request output, objectives, live outputs) is
 * refused with one line.
 */
export function withRange(plan: Plan, f: RangeFlags): Plan {
  const given = [f.concurrencyRange, f.rateRange].filter((v) => v !== undefined);
  if (given.length === 0) {
    if (f.findMax !== true && hasStabilityFlags(f)) throw new UsageError('--window, --window-count, --stability, --stability-metric and --max-windows need --concurrency-range or --rate-range');
    return plan;
  }
  if (given.length > 1) throw new UsageError('--concurrency-range and --rate-range exclude each other: range users or rates');
  if (plan.output !== null) throw new UsageError('--output: per-request results are not written in a range run; drop it, or run single levels');
  if (plan.slos.length > 0) throw new UsageError('--slo/--thresholds: a range run does not judge objectives; use loadgen find-max for the highest rate meeting them');
  if (plan.watch.prometheus !== null || plan.watch.remoteWrite !== null) throw new UsageError('--prometheus/--out: live outputs are not served in a range run; drop them');
  const levels =
    f.concurrencyRange !== undefined
      ? parseRangeSpec(f.concurrencyRange, '--concurrency-range', { integer: true })
      : parseRangeSpec(f.rateRange!, '--rate-range', { integer: false });
  const kind = f.concurrencyRange !== undefined ? 'concurrency' : 'rate';
  return { ...plan, range: { kind, levels, stability: stabilityPlan(f), reports: rangeReports(plan) } };
}

/**
 * rangeReports maps the plan's reports to the range's: text-like ones (text, ghz's summary and
 * pretty) to the table, json ones to the range record, html to the page; others are refused.
 */
export function rangeReports(plan: Plan): RangeReport[] {
  const out: RangeReport[] = [];
  for (const r of plan.reports) {
    const type = r.type === 'text' || r.type === 'ghz-summary' || r.type === 'ghz-pretty' ? 'text' : r.type === 'json' || r.type === 'ghz-json' ? 'json' : r.type === 'html' ? 'html' : null;
    if (type === null) throw new UsageError(`report ${r.type}: a range run writes text (the level table), json or html; pick one of those`);
    out.push({ type, file: r.file });
  }
  return out.length === 0 ? [{ type: 'text', file: null }] : out;
}

function hasStabilityFlags(f: StabilityFlags): boolean {
  return [f.window, f.windowCount, f.stability, f.stabilityMetric, f.maxWindows].some((v) => v !== undefined);
}

/** stabilityPlan reads the window and stability flags (shared with find-max). */
export function stabilityPlan(f: StabilityFlags): StabilityPlan {
  if (f.window !== undefined && f.windowCount !== undefined) throw new UsageError('--window and --window-count exclude each other: windows of a duration or of N requests');
  let window: WindowRule;
  if (f.windowCount !== undefined) {
    if (!Number.isInteger(f.windowCount) || f.windowCount < 1) throw new UsageError(`--window-count: give a whole number of requests >= 1, got ${f.windowCount}`);
    window = { kind: 'count', requests: f.windowCount };
  } else {
    const windowNs = parseDuration(f.window ?? DEFAULT_WINDOW, '--window');
    if (windowNs < 1e9) throw new UsageError(`--window: windows are cut from once-a-second snapshots; give at least 1s, got "${f.window}"`);
    window = { kind: 'time', ns: windowNs };
  }
  const pctText = (f.stability ?? String(DEFAULT_STABILITY_PCT)).trim().replace(/%$/, '');
  const pct = Number(pctText);
  if (!/^(\d+\.?\d*|\.\d+)$/.test(pctText) || !(pct > 0 && pct < 100)) throw new UsageError(`--stability: give a percentage between 0 and 100, e.g. 10%, got "${f.stability}"`);
  const metric = f.stabilityMetric ?? 'mean';
  if (metric !== 'mean' && metric !== 'p50' && metric !== 'p99') throw new UsageError(`--stability-metric: "${metric}" is not one of mean, p50, p99`);
  const maxWindows = f.maxWindows ?? DEFAULT_MAX_WINDOWS;
  if (!Number.isInteger(maxWindows) || maxWindows < STABLE_WINDOWS) throw new UsageError(`--max-windows: give a whole number >= ${STABLE_WINDOWS} (the windows that must agree), got ${maxWindows}`);
  return { window, tolerance: pct / 100, metric, maxWindows };
}

/**
 * levelPlan is the run of one level: its load (level users, or level per second keeping the
 * plan's in-flight cap) and the connections that load needs unless --connections fixed them, bounded a window past maxWindows as a safety net (the range runner stops
 * it once its windows are in), with no steps before load (run once before the first level), no
 * reports and no record of its own.
 */
export function levelPlan(plan: Plan, kind: RangePlan['kind'], level: number, stability: StabilityPlan): Plan {
  const load: LoadModel =
    kind === 'concurrency'
      ? { kind: 'closed', vus: level }
      : { kind: 'open', rate: { freq: level, perNs: 1e9 as Nanos }, maxInFlight: plan.load.kind === 'closed' ? 0 : plan.load.maxInFlight };
  // Connections the plan derived from its own load (closed loop: one per user; open: as needed)
  // follow the level's load; connections given with --connections stay.
  const derived = plan.load.kind === 'closed' ? plan.http.connections === plan.load.vus : plan.http.connections === 0;
  const connections = !derived ? plan.http.connections : kind === 'concurrency' ? level : 0;
  const windows = stability.maxWindows + 1;
  const stop =
    stability.window.kind === 'time'
      ? { durationNs: (stability.window.ns * windows) as Nanos, iterations: 0 }
      : { durationNs: 0 as Nanos, iterations: stability.window.requests * windows };
  return {
    ...plan,
    meta: { ...plan.meta, rateHz: kind === 'rate' ? level : null, vus: kind === 'concurrency' ? level : null },
    load,
    stop,
    http: { ...plan.http, connections },
    skipFirst: 0,
    readiness: null,
    warmUp: null,
    output: null,
    reports: [],
    record: null,
    slos: [],
    // Marks the run as a level: its workers then send whole-run histograms live, which windows need.
    range: { kind, levels: [level], stability, reports: [] },
  };
}
