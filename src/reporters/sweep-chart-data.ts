/**
 * sweepChartData is what summary.html draws: one chart per swept parameter, each run a point at
 * that parameter's value, with its service-time p50/p90/p99 (ms, left axis) and throughput
 * (successes/s, right axis). A parameter whose values are all numbers is plotted on a number axis,
 * all durations on a seconds axis, anything else as categories in the order first seen.
 */
import { parseDuration } from '../core/units.js';
import { paramText, runFigures, sweptKeys, type SweepOutcome } from './sweep-summary.js';

/** ParamChart is one swept parameter's chart: x in the parameter's unit, latencies in ms, throughput per second. */
export interface ParamChart {
  readonly id: string;
  readonly param: string;
  /** axis labels the x axis; categories name the x positions 0, 1, ... for a categorical parameter. */
  readonly axis: string;
  readonly categories: readonly string[] | null;
  /** x and the figures, sorted by x; one entry per run that left a record. */
  readonly x: readonly number[];
  readonly p50: readonly number[];
  readonly p90: readonly number[];
  readonly p99: readonly number[];
  readonly throughput: readonly number[];
}

/** SweepChartData is the page's embedded data: the charts in swept-key order. */
export interface SweepChartData {
  readonly charts: readonly ParamChart[];
}

/** sweepChartData builds a chart per swept parameter from the runs that left a record. */
export function sweepChartData(outcomes: readonly SweepOutcome[]): SweepChartData {
  return { charts: sweptKeys(outcomes).map((param, i) => paramChart(`chart-param-${i}`, param, outcomes)) };
}

function paramChart(id: string, param: string, outcomes: readonly SweepOutcome[]): ParamChart {
  const runs = outcomes.filter((o) => o.result !== null && Object.hasOwn(o.swept, param));
  const values = runs.map((o) => o.swept[param]);
  const scale = xScale(values);
  const points = runs
    .map((o, i) => ({ x: scale.at(values[i]), f: runFigures(o.result!) }))
    .sort((a, b) => a.x - b.x);
  return {
    id,
    param,
    axis: scale.axis === '' ? param : `${param} (${scale.axis})`,
    categories: scale.categories,
    x: points.map((p) => p.x),
    p50: points.map((p) => p.f.p50Ms),
    p90: points.map((p) => p.f.p90Ms),
    p99: points.map((p) => p.f.p99Ms),
    throughput: points.map((p) => p.f.throughput),
  };
}

interface XScale {
  readonly axis: string;
  readonly categories: string[] | null;
  at(v: unknown): number;
}

function xScale(values: readonly unknown[]): XScale {
  const numeric = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
  if (values.every((v) => numeric(v) !== null)) return { axis: '', categories: null, at: (v) => numeric(v)! };
  const seconds = (v: unknown) => {
    try {
      return typeof v === 'string' ? parseDuration(v, 'sweep') / 1e9 : null;
    } catch {
      return null;
    }
  };
  if (values.every((v) => seconds(v) !== null)) return { axis: 's', categories: null, at: (v) => seconds(v)! };
  const categories = [...new Set(values.map(paramText))];
  return { axis: '', categories, at: (v) => categories.indexOf(paramText(v)) };
}
