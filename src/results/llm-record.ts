/**
 * llmFromRecord reads a record's `llm` key (reporters/llm-json.ts) back into the LlmResult the
 * run reported, its distributions rebuilt from their HDR histograms.
 */
import type { LatencySnapshot } from '../core/latency-view.js';
import type { LlmApiName, LlmResult, LlmSecondShard, LlmSlo, LlmSloMetric, TokenCountCheck } from '../core/llm-result.js';
import { UsageError } from '../core/errors.js';
import { RecordFieldError, countOf, objectOf } from '../core/record-codec.js';
import { mergeLlmShards } from './llm-recorder.js';

const APIS: readonly LlmApiName[] = ['openai-chat', 'openai-completions', 'oip-generate'];
const METRICS: readonly LlmSloMetric[] = ['ttft', 'tpot', 'e2e'];

export function llmFromRecord(v: unknown): LlmResult {
  const d = objectOf(v, 'llm');
  const api = d.api as LlmApiName;
  if (!APIS.includes(api)) throw new RecordFieldError('llm.api: not a generative API');
  if (!Array.isArray(d.slos)) throw new RecordFieldError('llm.slos: not a list');
  const slos: LlmSlo[] = [];
  const met: number[] = [];
  for (const [i, raw] of d.slos.entries()) {
    const s = objectOf(raw, `llm.slos[${i}]`);
    if (typeof s.slo !== 'string' || !METRICS.includes(s.metric as LlmSloMetric) || typeof s.limit_ns !== 'number') {
      throw new RecordFieldError(`llm.slos[${i}]: not an objective`);
    }
    slos.push({ text: s.slo, metric: s.metric as LlmSloMetric, limitNs: s.limit_ns, strict: s.strict === true });
    met.push(countOf(s.met, `llm.slos[${i}].met`));
  }
  return mergeLlmShards([
    {
      api,
      stream: d.stream === true,
      // Records from before the client's tokenizer counted one token per content delta.
      tokenizer: typeof d.tokenizer === 'string' ? d.tokenizer : 'none',
      slos,
      requests: countOf(d.requests, 'llm.requests'),
      successes: countOf(d.successes, 'llm.successes'),
      outputTokens: countOf(d.output_tokens, 'llm.output_tokens'),
      inputTokens: countOf(d.input_tokens, 'llm.input_tokens'),
      usageReported: countOf(d.usage_reported, 'llm.usage_reported'),
      usageMismatches: countOf(d.usage_mismatches, 'llm.usage_mismatches'),
      clientCounted: d.client_counted === undefined ? 0 : countOf(d.client_counted, 'llm.client_counted'),
      tokenCount: tokenCountOf(d.token_count_mismatch),
      goodput: countOf(d.goodput, 'llm.goodput'),
      sloMet: met,
      ttft: snapshotOf(d.ttft, 'llm.ttft'),
      ttftResponse: d.ttft_response === null || d.ttft_response === undefined ? null : snapshotOf(d.ttft_response, 'llm.ttft_response'),
      itl: snapshotOf(d.itl, 'llm.itl'),
      tpot: snapshotOf(d.tpot, 'llm.tpot'),
      e2e: snapshotOf(d.e2e, 'llm.e2e'),
      ...(d.series === undefined ? {} : { series: seriesOf(d.series) }),
    },
  ]);
}

/** tokenCountOf reads llm.token_count_mismatch (reporters/llm-json.ts); absent in older records. */
function tokenCountOf(v: unknown): TokenCountCheck {
  if (v === undefined) return { compared: 0, mismatches: 0, relDiffSum: 0, relDiffMax: 0 };
  const d = objectOf(v, 'llm.token_count_mismatch');
  const compared = countOf(d.compared, 'llm.token_count_mismatch.compared');
  const rel = (x: unknown, name: string): number => {
    if (typeof x !== 'number' || !(x >= 0)) throw new RecordFieldError(`llm.token_count_mismatch.${name}: not a number >= 0`);
    return x;
  };
  return {
    compared,
    mismatches: countOf(d.requests, 'llm.token_count_mismatch.requests'),
    relDiffSum: rel(d.mean_relative_diff, 'mean_relative_diff') * compared,
    relDiffMax: rel(d.max_relative_diff, 'max_relative_diff'),
  };
}

/** seriesOf reads the per-second series back from its histograms (the p50/p99 are derived again). */
function seriesOf(v: unknown): LlmSecondShard[] {
  if (!Array.isArray(v)) throw new RecordFieldError('llm.series: not a list');
  return v.map((x: unknown, i) => {
    const f = `llm.series[${i}]`;
    const s = objectOf(x, f);
    if (typeof s.second !== 'number' || !Number.isInteger(s.second)) throw new RecordFieldError(`${f}.second: not a whole number`);
    return {
      second: s.second,
      requests: countOf(s.requests, `${f}.requests`),
      goodput: countOf(s.goodput, `${f}.goodput`),
      outputTokens: countOf(s.output_tokens, `${f}.output_tokens`),
      ttft: snapshotOf(s.ttft, `${f}.ttft`),
      itl: snapshotOf(s.itl, `${f}.itl`),
    };
  });
}

function snapshotOf(v: unknown, field: string): LatencySnapshot {
  const d = objectOf(v, field);
  const count = countOf(d.count, `${field}.count`);
  if (count > 0 && typeof d.hdr_histogram !== 'string') throw new RecordFieldError(`${field}.hdr_histogram: missing`);
  const num = (x: unknown, name: string): number => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new RecordFieldError(`${field}.${name}: not a number`);
    return x;
  };
  return {
    count,
    minNs: num(d.min_ns, 'min_ns'),
    maxNs: num(d.max_ns, 'max_ns'),
    totalNs: num(d.total_ns, 'total_ns'),
    histogram: typeof d.hdr_histogram === 'string' ? d.hdr_histogram : '',
  };
}

/**
 * mergedLlm merges the generative parts of records (`loadgen merge`): present when every record
 * has one; records whose goodput objectives differ cannot be added up (one UsageError line).
 */
export function mergedLlm(parts: ReadonlyArray<LlmResult | undefined>): { llm?: LlmResult } {
  if (parts.length === 0 || parts.some((p) => p === undefined)) return {};
  const all = parts as readonly LlmResult[];
  const key = (l: LlmResult) => `${l.api} ${l.stream} ${l.slos.map((s) => s.text).join(' ')}`;
  if (all.some((l) => key(l) !== key(all[0]))) {
    throw new UsageError('merge: the records ran different generative APIs or goodput objectives (--slo); merge runs of one test');
  }
  const snap = (v: LlmResult['ttft']) => v.snapshot();
  return {
    llm: mergeLlmShards(
      all.map((l) => ({ ...l, ttft: snap(l.ttft), ttftResponse: l.ttftResponse === null ? null : snap(l.ttftResponse), itl: snap(l.itl), tpot: snap(l.tpot), e2e: snap(l.e2e) })),
    ),
  };
}
