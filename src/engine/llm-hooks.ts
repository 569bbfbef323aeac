/**
 * llmHooks makes a generate run's ShardRunner send LlmExchanges and record each ended one's
 * per-token metrics in an LlmRecorder, with its prompt's planned token count (plan.llm
 * .inputTokens is index-aligned with the round-robin request list, as the feed takes it). With a
 * token counter, each ended request's streamed text is counted once (not per chunk), and the
 * prompts' planned lengths are the counter's counts of them, taken once here.
 */
import type { LlmPlan } from '../plan/generate-plan.js';
import { LlmExchange } from '../protocols/llm-exchange.js';
import { loadTokenCounter, type TokenCounter } from '../protocols/token-counter.js';
import { LlmRecorder } from '../results/llm-recorder.js';
import type { ExchangeSink, HttpExchange } from '../transports/exchange.js';
import type { ExchangeHooks } from './shard-runner.js';

/** LlmHooks are the hooks and the recorder they fill. */
export interface LlmHooks extends ExchangeHooks {
  readonly recorder: LlmRecorder;
}

/**
 * loadLlmHooks reads the plan's tokenizer and makes the hooks: building the tokenizer's tables
 * takes a while, so workers call it before they report ready, outside the run's time.
 */
export async function loadLlmHooks(plan: LlmPlan, openLoop: boolean, clock: () => number): Promise<LlmHooks> {
  return llmHooks(plan, openLoop, clock, await loadTokenCounter(plan.tokenizer));
}

export function llmHooks(plan: LlmPlan, openLoop: boolean, clock: () => number, counter: TokenCounter | null = null): LlmHooks {
  const recorder = new LlmRecorder(plan.api, plan.stream, plan.slos, openLoop, counter?.name ?? 'none');
  const prompts = counter === null || plan.prompts.length !== plan.inputTokens.length ? plan.inputTokens : plan.prompts.map((p) => counter.count(p));
  return {
    recorder,
    make: (sink: ExchangeSink) => new LlmExchange(sink, clock, plan.api, plan.stream, counter !== null),
    ended: (x: HttpExchange, endNs: number) => {
      const l = x as LlmExchange;
      recorder.record(l, endNs, prompts[l.seq % prompts.length], counter === null ? -1 : counter.count(l.outputText()));
    },
  };
}
