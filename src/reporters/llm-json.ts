/**
 * llmJson is the `llm` key of the json report and the run record: counts, derived rates, the
 * objectives with how many met each, and each distribution as latencyJson writes it (HDR
 * histogram included, so `loadgen report` and `merge` read it back exactly: results/llm-record.ts).
 * `series` is the per-second series (each second's TTFT/ITL p50/p99 and its 2-digit histograms,
 * kept so merged records add up exactly). Key names follow the record's snake_case;
 * docs/llm-metrics.md maps them to vLLM's and AIPerf's names.
 */
import { llmFigures } from '../core/llm-figures.js';
import type { LlmResult, LlmSecond } from '../core/llm-result.js';
import type { RunResult } from '../core/run-result.js';
import type { LatencySnapshot, LatencyView } from '../core/latency-view.js';

/** LatencyJson writes one distribution (json.ts latencyJson, passed in: json.ts imports this file). */
type LatencyJson = (l: LatencyView & { snapshot(): LatencySnapshot }) => Record<string, unknown>;

export function llmJson(r: RunResult, l: LlmResult, latencyJson: LatencyJson): Record<string, unknown> {
  const f = llmFigures(r, l);
  return {
    api: l.api,
    stream: l.stream,
    tokenizer: l.tokenizer,
    requests: l.requests,
    successes: l.successes,
    output_tokens: l.outputTokens,
    input_tokens: l.inputTokens,
    usage_reported: l.usageReported,
    usage_mismatches: l.usageMismatches,
    client_counted: l.clientCounted,
    // inference-perf's check: requests whose client count differs from the server's usage.
    token_count_mismatch: {
      compared: l.tokenCount.compared,
      requests: l.tokenCount.mismatches,
      mean_relative_diff: l.tokenCount.compared === 0 ? 0 : l.tokenCount.relDiffSum / l.tokenCount.compared,
      max_relative_diff: l.tokenCount.relDiffMax,
    },
    goodput: l.goodput,
    goodput_ratio: f.goodputRatio,
    slos: l.slos.map((s, i) => ({ slo: s.text, metric: s.metric, limit_ns: s.limitNs, strict: s.strict, met: l.sloMet[i] })),
    span_ns: f.spanNs,
    requests_per_sec: f.requestsPerSec,
    goodput_per_sec: f.goodputPerSec,
    output_tokens_per_sec: f.outputTokensPerSec,
    input_tokens_per_sec: f.inputTokensPerSec,
    output_tokens_per_sec_per_user: f.perUserTokensPerSec,
    ttft: latencyJson(l.ttft),
    ttft_response: l.ttftResponse === null ? null : latencyJson(l.ttftResponse),
    itl: latencyJson(l.itl),
    tpot: latencyJson(l.tpot),
    e2e: latencyJson(l.e2e),
    series: l.series.map(secondJson),
  };
}

function secondJson(s: LlmSecond): Record<string, unknown> {
  const q = (v: number) => (Number.isNaN(v) ? null : Math.round(v));
  const snap = (h: LlmSecond['ttft']) => ({ count: h.count, min_ns: h.minNs, max_ns: h.maxNs, total_ns: h.totalNs, hdr_histogram: h.histogram });
  return {
    second: s.second,
    requests: s.requests,
    goodput: s.goodput,
    output_tokens: s.outputTokens,
    ttft_p50_ns: q(s.ttftP50Ns),
    ttft_p99_ns: q(s.ttftP99Ns),
    itl_p50_ns: q(s.itlP50Ns),
    itl_p99_ns: q(s.itlP99Ns),
    ttft: snap(s.ttft),
    itl: snap(s.itl),
  };
}
