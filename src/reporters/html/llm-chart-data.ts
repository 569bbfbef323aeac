/**
 * llmChartData is a generate run's chart columns for the HTML report: per second (every second
 * from 0 to the last with an event, a second without samples a gap), TTFT and ITL p50/p99 in ms
 * and output tokens and finished requests per second; and TTFT and ITL at each CURVE_NINES
 * percentile. Seconds are those of the events (llm-seconds.ts), so a point sits mid-second.
 */
import type { LatencyView } from '../../core/latency-view.js';
import type { LlmResult } from '../../core/llm-result.js';
import { round } from './downsample.js';

/** Column is one chart column; null is a gap. */
type Column = Array<number | null>;

export interface LlmCharts {
  /** ttftLines and itlLines are [second midpoint, p50, p99] in ms. */
  readonly ttftLines: readonly [x: number[], p50: Column, p99: Column];
  readonly itlLines: readonly [x: number[], p50: Column, p99: Column];
  /** tokens is [second midpoint, output tokens/s, requests finished/s]. */
  readonly tokens: readonly [x: number[], tokens: number[], requests: number[]];
  /** curve is TTFT, TTFT from the intended send (open loop; else null) and ITL in ms at each percentile. */
  readonly curve: { readonly ttft: number[]; readonly ttftResponse: number[] | null; readonly itl: number[] };
}

export function llmChartData(l: LlmResult, nines: readonly number[]): LlmCharts {
  const last = l.series.length === 0 ? -1 : l.series[l.series.length - 1].second;
  const x: number[] = [];
  const cols = { tp50: [] as Column, tp99: [] as Column, ip50: [] as Column, ip99: [] as Column, tokens: [] as number[], requests: [] as number[] };
  let j = 0;
  for (let s = 0; s <= last; s++) {
    const sec = l.series[j]?.second === s ? l.series[j++] : undefined;
    x.push(s + 0.5);
    cols.tp50.push(sec === undefined ? null : ms(sec.ttftP50Ns));
    cols.tp99.push(sec === undefined ? null : ms(sec.ttftP99Ns));
    cols.ip50.push(sec === undefined ? null : ms(sec.itlP50Ns));
    cols.ip99.push(sec === undefined ? null : ms(sec.itlP99Ns));
    cols.tokens.push(sec?.outputTokens ?? 0);
    cols.requests.push(sec?.requests ?? 0);
  }
  const curve = (v: LatencyView) => nines.map((n) => ms(v.quantileNs(1 - 1 / n)) ?? 0);
  return {
    ttftLines: [x, cols.tp50, cols.tp99],
    itlLines: [x, cols.ip50, cols.ip99],
    tokens: [x, cols.tokens, cols.requests],
    curve: { ttft: curve(l.ttft), ttftResponse: l.ttftResponse === null ? null : curve(l.ttftResponse), itl: curve(l.itl) },
  };
}

/** ms is ns in ms to the µs; null for a second without samples (NaN). */
function ms(ns: number): number | null {
  return Number.isNaN(ns) ? null : round(ns / 1e6, 3);
}
