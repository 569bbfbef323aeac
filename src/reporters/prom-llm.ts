/**
 * llmSeries names a generate run's live figures once, for both the /metrics page
 * (--prometheus-addr) and remote write (--prometheus-rw): counters of generative requests,
 * goodput and tokens, and the TTFT and ITL histograms (seconds, cumulative `le` buckets, _sum,
 * _count), so a dashboard reads the same series whichever way they arrive.
 * llmExpositionText writes them as Prometheus' text exposition.
 */
import { LLM_ITL_BUCKETS_NS, LLM_TTFT_BUCKETS_NS, type LiveBuckets, type LlmLive } from '../core/live-snapshot.js';

/** LlmSample is one sample: metric name, its extra labels (le) and value. */
export interface LlmSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** LlmFamily is one metric family: its name, type and help, and its samples. */
interface LlmFamily {
  readonly name: string;
  readonly type: 'counter' | 'histogram';
  readonly help: string;
  readonly samples: readonly LlmSample[];
}

const counter = (name: string, help: string, value: number): LlmFamily => ({ name, type: 'counter', help, samples: [{ name, labels: {}, value }] });

function histogram(name: string, help: string, h: LiveBuckets, bounds: readonly number[]): LlmFamily {
  const samples: LlmSample[] = bounds.map((le, i) => ({ name: `${name}_bucket`, labels: { le: String(le / 1e9) }, value: h.buckets[i] }));
  samples.push({ name: `${name}_bucket`, labels: { le: '+Inf' }, value: h.count }, { name: `${name}_sum`, labels: {}, value: h.sumNs / 1e9 }, { name: `${name}_count`, labels: {}, value: h.count });
  return { name, type: 'histogram', help, samples };
}

function families(l: LlmLive): LlmFamily[] {
  return [
    counter('loadgen_llm_requests_total', 'Generative requests ended (with or without tokens)', l.requests),
    counter('loadgen_llm_successes_total', 'Generative requests that ended without error and with tokens', l.successes),
    counter('loadgen_llm_goodput_total', 'Successful generative requests that met every per-request objective (--slo)', l.goodput),
    counter('loadgen_llm_output_tokens_total', 'Output tokens received', l.outputTokens),
    counter('loadgen_llm_input_tokens_total', 'Prompt tokens sent (the server usage where reported, else the planned count)', l.inputTokens),
    histogram('loadgen_llm_ttft_seconds', 'Time to first token: first content token - request sent', l.ttft, LLM_TTFT_BUCKETS_NS),
    histogram('loadgen_llm_itl_seconds', 'Inter-token latency: gaps between consecutive tokens, pooled over requests', l.itl, LLM_ITL_BUCKETS_NS),
  ];
}

/** llmSeries is every sample of the generative figures, flat (remote write). */
export function llmSeries(l: LlmLive): LlmSample[] {
  return families(l).flatMap((f) => f.samples);
}

/** llmExpositionText is the families as text exposition; defaults are labels every sample carries. */
export function llmExpositionText(l: LlmLive, defaults: Readonly<Record<string, string>>): string {
  let out = '';
  for (const f of families(l)) {
    out += `# HELP ${f.name} ${f.help}\n# TYPE ${f.name} ${f.type}\n`;
    for (const s of f.samples) out += `${s.name}${labelText({ ...defaults, ...s.labels })} ${s.value}\n`;
  }
  return out;
}

function labelText(labels: Readonly<Record<string, string>>): string {
  const all = Object.entries(labels);
  return all.length === 0 ? '' : `{${all.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`).join(',')}}`;
}
