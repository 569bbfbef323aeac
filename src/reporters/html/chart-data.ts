/**
 * chartData turns the runs into the columns the page's charts plot, one table per run (x first,
 * as uPlot's aligned data), which the browser joins on x so runs of different lengths overlay.
 * Times are seconds since each run's elapsed zero, latencies milliseconds.
 */
import type { LatencyView } from '../../core/latency-view.js';
import type { RunResult } from '../../core/run-result.js';
import { downsamplePoints, round, type RequestPoints, type ScatterColumns } from './downsample.js';

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
  readonly throughput: readonly [x: number[], requests: number[], errors: number[]];
  /** latencyLines is [second midpoint, p50, p90, p99] of service time per second. */
  readonly latencyLines: readonly [x: number[], p50: Column, p90: Column, p99: Column];
  /** points are the run's requests (downsampled), null when the run came without them. */
  readonly points: ScatterColumns | null;
  /** curve is the latency (ms) at each CURVE_NINES percentile; response is null when not measured. */
  readonly curve: { readonly service: number[]; readonly response: number[] | null };
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
    })),
  };
}

/** perSecond fills every second from 0 to the run's last: no results that second = 0/s and a latency gap. */
function perSecond(r: RunResult): Pick<RunCharts, 'throughput' | 'latencyLines'> {
  const last = r.series.length === 0 ? -1 : r.series[r.series.length - 1].second;
  const x: number[] = [];
  const requests: number[] = [];
  const errors: number[] = [];
  const p50: Column = [];
  const p90: Column = [];
  const p99: Column = [];
  let j = 0;
  for (let s = 0; s <= last; s++) {
    const sec = r.series[j]?.second === s ? r.series[j++] : undefined;
    // Requests are counted by send second, so the point sits mid-second, over the sends it counts.
    x.push(s + 0.5);
    requests.push(sec?.requests ?? 0);
    errors.push(sec?.errors ?? 0);
    p50.push(sec === undefined ? null : ms(sec.p50Ns));
    p90.push(sec === undefined ? null : ms(sec.p90Ns));
    p99.push(sec === undefined ? null : ms(sec.p99Ns));
  }
  return { throughput: [x, requests, errors], latencyLines: [x, p50, p90, p99] };
}

function curve(l: LatencyView): number[] {
  return CURVE_NINES.map((nines) => ms(l.quantileNs(1 - 1 / nines)));
}

function ms(ns: number): number {
  return round(ns / 1e6, 3);
}
