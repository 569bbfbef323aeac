/**
 * aiperfJson writes a generate run as AIPerf (genai-perf's successor) writes
 * profile_export_aiperf.json: one block per metric, `unit` plus `avg` (the value itself for
 * rates and totals) and, for per-request distributions, min, max, p1..p99, std and count, in
 * AIPerf's units (ms, tokens, requests/sec, tokens/sec, tokens/sec/user). Names follow AIPerf's
 * meanings, which differ from loadgen's own: AIPerf's inter_token_latency is per request
 * ((latency - TTFT) / (tokens - 1)), loadgen's TPOT; its inter_chunk_latency is the pooled gaps,
 * loadgen's ITL. A record keeps token totals, not per-request lengths, so the sequence lengths
 * carry their mean only (AIPerf leaves out fields it has no value for, too). Key list:
 * docs/llm-metrics.md.
 */
import { UsageError } from '../core/errors.js';
import { llmFigures } from '../core/llm-figures.js';
import type { LatencyView } from '../core/latency-view.js';
import type { RunResult } from '../core/run-result.js';

/** PERCENTILES are AIPerf's stats keys and their quantiles. */
const PERCENTILES: ReadonlyArray<readonly [string, number]> = [
  ['p1', 0.01], ['p5', 0.05], ['p10', 0.1], ['p25', 0.25], ['p50', 0.5], ['p75', 0.75], ['p90', 0.9], ['p95', 0.95], ['p99', 0.99],
];

type Block = Record<string, number | string>;

const METRIC_KEYS = ['request_latency', 'time_to_first_token', 'inter_token_latency', 'inter_chunk_latency', 'output_token_throughput_per_user'];

export function aiperfJson(r: RunResult): string {
  const l = r.llm;
  if (l === undefined) throw new UsageError('--report aiperf-json: the run has no generative metrics; it is for loadgen generate runs');
  const f = llmFigures(r, l);
  const value = (unit: string, avg: number): Block => ({ unit, avg });
  const doc: Record<string, unknown> = {
    request_latency: distribution(l.e2e),
    time_to_first_token: distribution(l.ttft),
    inter_token_latency: distribution(l.tpot),
    inter_chunk_latency: distribution(l.itl),
    output_token_throughput_per_user: perUser(l.tpot),
    output_sequence_length: value('tokens', l.requests === 0 ? 0 : l.outputTokens / l.requests),
    input_sequence_length: value('tokens', l.requests === 0 ? 0 : l.inputTokens / l.requests),
    output_token_throughput: value('tokens/sec', f.outputTokensPerSec),
    total_token_throughput: value('tokens/sec', f.outputTokensPerSec + f.inputTokensPerSec),
    request_throughput: value('requests/sec', f.spanNs > 0 ? l.successes / (f.spanNs / 1e9) : 0),
    request_count: value('requests', l.successes),
    error_request_count: value('requests', l.requests - l.successes),
    benchmark_duration: value('sec', f.spanNs / 1e9),
    total_osl: value('tokens', l.outputTokens),
    total_isl: value('tokens', l.inputTokens),
    good_request_count: l.slos.length === 0 ? null : value('requests', l.goodput),
    goodput: l.slos.length === 0 ? null : value('requests/sec', f.goodputPerSec),
    was_cancelled: r.interrupted,
    start_time: isoAt(r, r.earliestNs),
    end_time: isoAt(r, r.endNs),
    error_summary: r.errors.map((e) => ({ error_details: { code: null, type: e.kind, message: e.text }, count: e.count })),
  };
  // A metric nothing measured (no stream: no chunk gaps) is left out, as AIPerf leaves it; goodput stays null without objectives, as AIPerf writes it.
  for (const k of METRIC_KEYS) if (doc[k] === null) delete doc[k];
  return JSON.stringify(doc, null, 2) + '\n';
}

/** distribution is a record metric in ms: AIPerf's full stats set (left out when nothing was measured). */
function distribution(v: LatencyView): Block | null {
  if (v.count === 0) return null;
  const ms = (ns: number) => ns / 1e6;
  const out: Block = { unit: 'ms', avg: ms(v.meanNs) };
  for (const [key, q] of PERCENTILES) out[key] = ms(v.quantileNs(q));
  return { ...out, min: ms(v.minNs), max: ms(v.maxNs), std: ms(v.stdevNs), count: v.count, sum: ms(v.totalNs) };
}

/** QUANTILE_STEPS is how finely perUser integrates 1/TPOT over TPOT's quantiles for its mean. */
const QUANTILE_STEPS = 1000;

/**
 * perUser is 1/TPOT per request in tokens/sec/user: its quantiles are TPOT's inverted (p1 of the
 * rate is 1 / p99 of TPOT) and its mean the mean of 1/TPOT over TPOT's quantiles (midpoints of
 * QUANTILE_STEPS slices: histogram precision, not 1 / mean TPOT).
 */
function perUser(tpot: LatencyView): Block | null {
  if (tpot.count === 0 || tpot.minNs <= 0) return null;
  const rate = (ns: number) => 1e9 / ns;
  let sum = 0;
  for (let i = 0; i < QUANTILE_STEPS; i++) sum += rate(tpot.quantileNs((i + 0.5) / QUANTILE_STEPS));
  const out: Block = { unit: 'tokens/sec/user', avg: sum / QUANTILE_STEPS };
  for (const [key, q] of PERCENTILES) out[key] = rate(tpot.quantileNs(1 - q));
  return { ...out, min: rate(tpot.maxNs), max: rate(tpot.minNs), count: tpot.count };
}

function isoAt(r: RunResult, offsetNs: number): string {
  return new Date(Number((r.startUnixNs + BigInt(Math.round(offsetNs))) / 1_000_000n)).toISOString();
}
