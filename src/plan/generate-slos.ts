/**
 * splitGenerateSlos separates generate's --slo values: per-request objectives on ttft, tpot or
 * e2e (`ttft<=500ms`; vLLM's --goodput ttft:500 tpot:50, AIPerf's --goodput) decide goodput; any
 * other text is a run objective for the common grammar (slo-grammar.ts).
 */
import { UsageError } from '../core/errors.js';
import type { LlmSlo, LlmSloMetric } from '../core/llm-result.js';
import { parseDuration } from '../core/units.js';
import { asList } from './flag-schema.js';

const PER_REQUEST = /^\s*(ttft|tpot|e2el?|itl)\s*(<=|<|>=|>|==)\s*(\S+)\s*$/i;

export function splitGenerateSlos(values: string | readonly string[] | undefined): { perRequest: LlmSlo[]; run: string[] } {
  const perRequest: LlmSlo[] = [];
  const run: string[] = [];
  for (const text of asList(values)) {
    const m = PER_REQUEST.exec(text);
    if (m === null) {
      run.push(text);
      continue;
    }
    const name = m[1].toLowerCase();
    if (name === 'itl') throw new UsageError(`--slo: "${text}": ITL is pooled over requests, not a per-request figure; bound tpot (per request) or use p99 of the run`);
    if (m[2] !== '<=' && m[2] !== '<') throw new UsageError(`--slo: "${text}": a per-request objective is an upper bound; write ${name}<=VALUE`);
    const limitNs = /^\d+(\.\d+)?$/.test(m[3]) ? Number(m[3]) * 1e6 : parseDuration(m[3], '--slo');
    const metric: LlmSloMetric = name === 'ttft' ? 'ttft' : name === 'tpot' ? 'tpot' : 'e2e';
    perRequest.push({ text: text.trim(), metric, limitNs, strict: m[2] === '<' });
  }
  return { perRequest, run };
}
