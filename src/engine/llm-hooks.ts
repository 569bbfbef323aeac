/**
 * llmHooks makes a generate run's ShardRunner send LlmExchanges and record each ended one's
 * per-token metrics in an LlmRecorder, with its prompt's planned token count (plan.llm
 * .inputTokens is index-aligned with the round-robin request list, as the feed takes it).
 */
import type { LlmPlan } from '../plan/generate-plan.js';
import { LlmExchange } from '../protocols/llm-exchange.js';
import { LlmRecorder } from '../results/llm-recorder.js';
import type { ExchangeSink, HttpExchange } from '../transports/exchange.js';
import type { ExchangeHooks } from './shard-runner.js';

/** LlmHooks are the hooks and the recorder they fill. */
export interface LlmHooks extends ExchangeHooks {
  readonly recorder: LlmRecorder;
}

export function llmHooks(plan: LlmPlan, openLoop: boolean, clock: () => number): LlmHooks {
  const recorder = new LlmRecorder(plan.api, plan.stream, plan.slos, openLoop);
  const prompts = plan.inputTokens;
  return {
    recorder,
    make: (sink: ExchangeSink) => new LlmExchange(sink, clock, plan.api, plan.stream),
    ended: (x: HttpExchange, endNs: number) => {
      const l = x as LlmExchange;
      recorder.record(l, endNs, prompts[l.seq % prompts.length]);
    },
  };
}
