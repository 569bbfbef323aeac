/**
 * llmSeconds is a worker's per-second LLM series (LlmSecondShard), kept and sealed as the HTTP
 * series is (second-series.ts): a late event for a sealed second (a stream longer than the
 * sealing window) opens a fresh entry the merge adds up.
 * mergeLlmSeconds adds the workers' (or records') seconds and takes each second's p50/p99.
 */
import type { LlmSecond, LlmSecondShard } from '../core/llm-result.js';
import { LatencyAccumulator, LatencyDistribution, secondHistogram } from './latency.js';
import { SecondSeries } from './second-series.js';

/** LlmSecondAccumulator is one open second; the recorder adds to its fields directly. */
export class LlmSecondAccumulator {
  second: number;
  requests: number;
  goodput: number;
  outputTokens: number;
  readonly ttft: LatencyAccumulator;
  readonly itl: LatencyAccumulator;
  constructor(second: number) {
    this.second = second;
    this.requests = 0;
    this.goodput = 0;
    this.outputTokens = 0;
    this.ttft = new LatencyAccumulator(secondHistogram());
    this.itl = new LatencyAccumulator(secondHistogram());
  }

  renew(second: number): void {
    this.second = second;
    this.requests = 0;
    this.goodput = 0;
    this.outputTokens = 0;
    this.ttft.reset();
    this.itl.reset();
  }
}

function seal(a: LlmSecondAccumulator): LlmSecondShard {
  return { second: a.second, requests: a.requests, goodput: a.goodput, outputTokens: a.outputTokens, ttft: a.ttft.snapshot(), itl: a.itl.snapshot() };
}

/** llmSeconds makes a worker's LLM series (see SecondSeries). */
export function llmSeconds(sealAfterS = 35): SecondSeries<LlmSecondAccumulator, LlmSecondShard> {
  return new SecondSeries((second) => new LlmSecondAccumulator(second), seal, sealAfterS);
}

/** mergeLlmSeconds adds the parts' seconds by second; parts without a series add nothing. */
export function mergeLlmSeconds(parts: ReadonlyArray<readonly LlmSecondShard[] | undefined>): LlmSecond[] {
  const by = new Map<number, { requests: number; goodput: number; outputTokens: number; ttft: LatencyAccumulator; itl: LatencyAccumulator }>();
  for (const series of parts) {
    for (const s of series ?? []) {
      let acc = by.get(s.second);
      if (acc === undefined) {
        acc = { requests: 0, goodput: 0, outputTokens: 0, ttft: new LatencyAccumulator(secondHistogram()), itl: new LatencyAccumulator(secondHistogram()) };
        by.set(s.second, acc);
      }
      acc.requests += s.requests;
      acc.goodput += s.goodput;
      acc.outputTokens += s.outputTokens;
      acc.ttft.add(s.ttft);
      acc.itl.add(s.itl);
    }
  }
  const q = (a: LatencyAccumulator, p: number) => (a.count === 0 ? NaN : new LatencyDistribution(a).quantileNs(p));
  return [...by.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([second, a]) => ({
      second,
      requests: a.requests,
      goodput: a.goodput,
      outputTokens: a.outputTokens,
      ttft: a.ttft.snapshot(),
      itl: a.itl.snapshot(),
      ttftP50Ns: q(a.ttft, 0.5),
      ttftP99Ns: q(a.ttft, 0.99),
      itlP50Ns: q(a.itl, 0.5),
      itlP99Ns: q(a.itl, 0.99),
    }));
}
