/**
 * chartData turns the runs into the columns the page's charts plot, one table per run (x first,
 * as uPlot's aligned data), which the browser joins on x so runs of different lengths overlay.
 * Times are seconds since each run's elapsed zero, latencies milliseconds.
 */
import type { LatencyView } from '../../core/latency-view.js';
import type { RunResult } from '../../core/run-result.js';
import { downsamplePoints, round, type RequestPoints, type ScatterColumns } from './downsample.js';
import { llmChartData, type LlmCharts } from './llm-chart-data.js';

/** MAX_SCATTER_POINTS bounds the per-request points of the latency chart over all runs. */
export const MAX_SCATTER_POINTS = 20_000;

/**
 * CURVE_NINES are the x values of the percentile curve, 1/(1-q) from 1 (q = 0) to 10^5
 * (q = 99.999 %) in steps of a tenth of a nine, as HdrHistogram's plotter spaces them.
 */
export const CURVE_NINES: readonly number[] = Array.from({ length: 51 }, (_, i) => round(10 ** (i / 10), 6));

/** Column is one chart column; null is a gap (a second without results). */
type Column = Array<number | null>;

export interface RunCharts {
  /** throughput is [second midpoint, requests sent/s, errors/s], one row per second of the run. */
  readonly throughput: readonly [x: number[], requests: Column, errors: Column];
  /** latencyLines is [second midpoint, p50, p90, p99] of service time per second. */
  readonly latencyLines: readonly [x: number[], p50: Column, p90: Column, p99: Column];
  /** points are the run's requests (downsampled), null when the run came without them. */
  readonly points: ScatterColumns | null;
  /** curve is the latency (ms) at each CURVE_NINES percentile; response is null when not measured. */
  readonly curve: { readonly service: number[]; readonly response: number[] | null };
  /** llm is a generate run's charts (llm-chart-data.ts); null for other runs. */
  readonly llm: LlmCharts | null;
}

export interface ChartData {
  readonly labels: readonly string[];
  readonly nines: readonly number[];
  readonly runs: readonly RunCharts[];
}

export interface ChartRun {
  readonly label: string;
  readonly result: RunResult;
  readonly points?: RequestPoints;
}

export function chartData(runs: readonly ChartRun[]): ChartData {
  const withPoints = runs.filter((r) => r.points !== undefined).length;
  const perRun = Math.floor(MAX_SCATTER_POINTS / Math.max(1, withPoints));
  return {
    labels: runs.map((r) => r.label),
    nines: [...CURVE_NINES],
    runs: runs.map((r) => ({
      ...perSecond(r.result),
      points: r.points === undefined ? null : downsamplePoints(r.points, perRun),
      curve: {
        service: curve(r.result.latency),
        response: r.result.responseTime === null ? null : curve(r.result.responseTime),
      },
      llm: r.result.llm === undefined ? null : llmChartData(r.result.llm, CURVE_NINES),
    })),
  };
}

/**
 * perSecond fills every second from 0 to the run's last: no results that second = 0/s and a
 * latency gap. A rate is the second's count over the part of it the run was sending, so the
 * first and last seconds, which a run only partly covers, do not read as a ramp or a collapse
 * (a 10 s run at R/s sends its last request at 10.000 s, alone in second 10). A second covered
 * less than MIN_COVERED_S has no rate: one or two requests over a sliver say nothing per second.
 */
function perSecond(r: RunResult): Pick<RunCharts, 'throughput' | 'latencyLines'> {
  const last = r.series.length === 0 ? -1 : r.series[r.series.length - 1].second;
  const x: number[] = [];
  const requests: Column = [];
  const errors: Column = [];
  const p50: Column = [];
  const p90: Column = [];
  const p99: Column = [];
  let j = 0;
  for (let s = 0; s <= last; s++) {
    const sec = r.series[j]?.second === s ? r.series[j++] : undefined;
    const covered = coveredS(r, s);
    // Requests are counted by send second, so the point sits mid-second, over the sends it counts.
    x.push(s + 0.5);
    requests.push(covered === null ? null : round((sec?.requests ?? 0) / covered, 2));
    errors.push(covered === null ? null : round((sec?.errors ?? 0) / covered, 2));
    p50.push(sec === undefined ? null : ms(sec.p50Ns));
    p90.push(sec === undefined ? null : ms(sec.p90Ns));
    p99.push(sec === undefined ? null : ms(sec.p99Ns));
  }
  return { throughput: [x, requests, errors], latencyLines: [x, p50, p90, p99] };
}

/** MIN_COVERED_S is the least part of a second the run must have been sending in to get a rate. */
const MIN_COVERED_S = 0.25;

/** coveredS is how much of second s lies in the sending span [earliest, latest], null if too little. */
function coveredS(r: RunResult, s: number): number | null {
  const spanS = (r.latestNs - r.earliestNs) / 1e9;
  // A run shorter than that has no second to speak of: its counts are shown as they are.
  if (spanS < MIN_COVERED_S) return 1;
  const from = Math.max(s, r.earliestNs / 1e9);
  const to = Math.min(s + 1, r.latestNs / 1e9);
  return to - from >= MIN_COVERED_S ? to - from : null;
}

function curve(l: LatencyView): number[] {
  return CURVE_NINES.map((nines) => ms(l.quantileNs(1 - 1 / nines)));
}

function ms(ns: number): number {
  return round(ns / 1e6, 3);
}
