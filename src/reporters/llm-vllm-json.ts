/**
 * vllmJson writes a generate run as `vllm bench serve --save-result` does (key list in
 * ../shared/spec/llm-metrics.md): run facts, counts, throughputs, and mean / median / std / p99
 * in ms of ttft, tpot, itl and e2el, so scripts that read vLLM's results read loadgen's. vLLM's
 * per-request arrays (ttfts, itls, input_lens, ...) are left out: a record keeps histograms, not
 * per-request values. request_goodput is null without per-request objectives, as in vLLM.
 */
import { UsageError } from '../core/errors.js';
import { llmFigures } from '../core/llm-figures.js';
import type { LatencyView } from '../core/latency-view.js';
import type { RunResult } from '../core/run-result.js';

const METRICS = [
  ['ttft', 'ttft'],
  ['tpot', 'tpot'],
  ['itl', 'itl'],
  ['e2el', 'e2e'],
] as const;

export function vllmJson(r: RunResult): string {
  const l = r.llm;
  if (l === undefined) throw new UsageError('--report vllm-json: the run has no generative metrics; it is for loadgen generate runs');
  const f = llmFigures(r, l);
  const doc: Record<string, unknown> = {
    date: new Date(Number(r.startUnixNs / 1_000_000n)).toISOString(),
    // vLLM's names for these endpoints' backends (Triton's generate_stream is its tensorrt-llm one).
    backend: l.api === 'oip-generate' ? 'tensorrt-llm' : l.api === 'openai-chat' ? 'openai-chat' : 'openai',
    label: r.meta.name === '' ? null : r.meta.name,
    model_id: r.meta.target,
    num_prompts: l.requests,
    request_rate: r.meta.rateHz ?? 'inf',
    burstiness: 1.0,
    max_concurrency: r.meta.vus,
    duration: f.spanNs / 1e9,
    completed: l.successes,
    failed: l.requests - l.successes,
    total_input_tokens: l.inputTokens,
    total_output_tokens: l.outputTokens,
    request_throughput: f.spanNs > 0 ? l.successes / (f.spanNs / 1e9) : 0,
    request_goodput: l.slos.length === 0 ? null : f.goodputPerSec,
    output_throughput: f.outputTokensPerSec,
    total_token_throughput: f.outputTokensPerSec + f.inputTokensPerSec,
  };
  for (const [name, key] of METRICS) Object.assign(doc, stats(name, l[key]));
  return JSON.stringify(doc, null, 2) + '\n';
}

function stats(name: string, v: LatencyView): Record<string, number> {
  const ms = (ns: number) => ns / 1e6;
  return {
    [`mean_${name}_ms`]: ms(v.meanNs),
    [`median_${name}_ms`]: ms(v.quantileNs(0.5)),
    [`std_${name}_ms`]: ms(v.stdevNs),
    [`p99_${name}_ms`]: ms(v.quantileNs(0.99)),
  };
}
