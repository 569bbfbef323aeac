/**
 * LlmRecorder owns one worker's generative metrics: each request is recorded once, when it ends,
 * from the arrival times of its content deltas. Token count: the server's usage when it reports
 * one, else the client's count (its tokenizer's, of the streamed text), else one token per
 * content delta; where both usage and a client count exist, their disagreement is kept
 * (TokenCountCheck, as inference-perf reports it). When usage says U tokens came in D < U deltas, the
 * first delta is the first token and the other U - 1 are spread over deltas 2..D as evenly as
 * integers allow, each delta's gap split evenly among its tokens (so ITL has U - 1 samples and
 * sums to the same span). Each token, gap and TTFT also goes to the second it arrived in, each
 * request to the second it ended (llm-seconds.ts). mergeLlmShards builds the run's LlmResult.
 */
import type { LlmApiName, LlmResult, LlmShard, LlmSlo, TokenCountCheck } from '../core/llm-result.js';
import { LLM_ITL_BUCKETS_NS, LLM_TTFT_BUCKETS_NS, type LlmLive } from '../core/live-snapshot.js';
import { cumulativeBuckets } from './recorder.js';
import { LatencyAccumulator, LatencyDistribution } from './latency.js';
import { llmSeconds, mergeLlmSeconds } from './llm-seconds.js';

/** LlmRequestFacts are what the recorder reads from an ended request (LlmExchange has them). */
export interface LlmRequestFacts {
  readonly sentNs: number;
  readonly intendedNs: number;
  /** errorKind is null when the request ended without error. */
  readonly errorKind: string | null;
  readonly tokenNs: Float64Array;
  readonly deltas: number;
  readonly usageOutput: number;
  readonly usagePrompt: number;
}

export class LlmRecorder {
  private readonly api: LlmApiName;
  private readonly stream: boolean;
  private readonly tokenizer: string;
  private readonly slos: readonly LlmSlo[];
  private requests = 0;
  private successes = 0;
  private outputTokens = 0;
  private inputTokens = 0;
  private usageReported = 0;
  private usageMismatches = 0;
  private clientCounted = 0;
  private compared = 0;
  private countMismatches = 0;
  private relDiffSum = 0;
  private relDiffMax = 0;
  private goodput = 0;
  private readonly sloMet: number[];
  private readonly ttft = new LatencyAccumulator();
  private readonly ttftResponse: LatencyAccumulator | null;
  private readonly itl = new LatencyAccumulator();
  private readonly tpot = new LatencyAccumulator();
  private readonly e2e = new LatencyAccumulator();
  /** seconds is the per-second series. */
  readonly seconds = llmSeconds();

  constructor(api: LlmApiName, stream: boolean, slos: readonly LlmSlo[], openLoop: boolean, tokenizer = 'none') {
    this.api = api;
    this.stream = stream;
    this.tokenizer = tokenizer;
    this.slos = slos;
    this.sloMet = slos.map(() => 0);
    this.ttftResponse = openLoop ? new LatencyAccumulator() : null;
  }

  /**
   * record takes one ended request; plannedPrompt is its prompt's planned token count, and
   * clientTokens the client's count of its output (-1: not counted).
   */
  record(x: LlmRequestFacts, endNs: number, plannedPrompt: number, clientTokens = -1): void {
    this.requests++;
    const usage = x.usageOutput >= 0;
    const tokens = usage ? x.usageOutput : clientTokens >= 0 ? clientTokens : x.deltas;
    if (usage) this.usageReported++;
    if (usage && clientTokens >= 0) this.compare(clientTokens, x.usageOutput);
    else if (clientTokens >= 0) this.clientCounted++;
    if (usage && x.usageOutput !== x.deltas && this.stream) this.usageMismatches++;
    this.outputTokens += tokens;
    this.inputTokens += x.usagePrompt >= 0 ? x.usagePrompt : plannedPrompt;
    this.seconds.at(endNs).requests++;
    const ok = x.errorKind === null && x.deltas > 0;
    this.spread(x, tokens, endNs, ok && this.stream);
    if (!ok) return;
    this.successes++;
    const firstNs = x.tokenNs[0];
    const ttftNs = firstNs - x.sentNs;
    const e2eNs = endNs - x.sentNs;
    const tpotNs = tokens > 1 ? (e2eNs - ttftNs) / (tokens - 1) : 0;
    this.ttft.record(ttftNs);
    this.seconds.at(firstNs).ttft.record(ttftNs);
    if (this.ttftResponse !== null && x.intendedNs === x.intendedNs) this.ttftResponse.record(firstNs - x.intendedNs);
    this.e2e.record(e2eNs);
    if (tokens > 1) this.tpot.record(tpotNs);
    if (this.judge(ttftNs, tpotNs, e2eNs)) this.seconds.at(endNs).goodput++;
  }

  private compare(client: number, server: number): void {
    this.compared++;
    if (client === server) return;
    this.countMismatches++;
    const rel = Math.abs(client - server) / Math.max(server, 1);
    this.relDiffSum += rel;
    if (rel > this.relDiffMax) this.relDiffMax = rel;
  }

  /**
   * spread puts the request's tokens in the seconds they arrived in and, with gaps, adds its
   * inter-token gaps to the pooled ITL and their seconds (see the file comment). Tokens that
   * cannot be placed on deltas (no stream, or usage below the deltas) count in the end second.
   */
  private spread(x: LlmRequestFacts, tokens: number, endNs: number, gaps: boolean): void {
    const d = x.deltas;
    const place = this.stream && d > 0 && tokens >= d;
    if (!place) this.seconds.at(endNs).outputTokens += tokens;
    if (d === 0 || (!place && !gaps)) return;
    const t = x.tokenNs;
    const extra = tokens > d ? tokens - d : 0;
    if (place) this.seconds.at(t[0]).outputTokens += d === 1 ? tokens : 1;
    for (let j = 1; j < d; j++) {
      // Delta j carries 1 + its share of the extra tokens.
      const k = 1 + Math.floor((extra * j) / (d - 1)) - Math.floor((extra * (j - 1)) / (d - 1));
      const sec = this.seconds.at(t[j]);
      if (place) sec.outputTokens += k;
      if (!gaps) continue;
      const gap = (t[j] - t[j - 1]) / k;
      for (let i = 0; i < k; i++) {
        this.itl.record(gap);
        sec.itl.record(gap);
      }
    }
  }

  /** judge counts the objectives met and says whether the request is goodput. */
  private judge(ttftNs: number, tpotNs: number, e2eNs: number): boolean {
    let all = true;
    for (let i = 0; i < this.slos.length; i++) {
      const s = this.slos[i];
      const v = s.metric === 'ttft' ? ttftNs : s.metric === 'tpot' ? tpotNs : e2eNs;
      if (s.strict ? v < s.limitNs : v <= s.limitNs) this.sloMet[i]++;
      else all = false;
    }
    if (all) this.goodput++;
    return all;
  }

  /** liveSample is the cumulative counts and TTFT / ITL buckets, read once per snapshot interval (never per request). */
  liveSample(): LlmLive {
    const live = (a: LatencyAccumulator, bounds: readonly number[]) => ({ buckets: cumulativeBuckets(a.histogram, bounds), sumNs: a.totalNs, count: a.count });
    return {
      requests: this.requests,
      successes: this.successes,
      outputTokens: this.outputTokens,
      inputTokens: this.inputTokens,
      goodput: this.goodput,
      ttft: live(this.ttft, LLM_TTFT_BUCKETS_NS),
      itl: live(this.itl, LLM_ITL_BUCKETS_NS),
    };
  }

  result(): LlmShard {
    return {
      api: this.api,
      stream: this.stream,
      tokenizer: this.tokenizer,
      slos: this.slos,
      requests: this.requests,
      successes: this.successes,
      outputTokens: this.outputTokens,
      inputTokens: this.inputTokens,
      usageReported: this.usageReported,
      usageMismatches: this.usageMismatches,
      clientCounted: this.clientCounted,
      tokenCount: { compared: this.compared, mismatches: this.countMismatches, relDiffSum: this.relDiffSum, relDiffMax: this.relDiffMax },
      goodput: this.goodput,
      sloMet: this.sloMet,
      ttft: this.ttft.snapshot(),
      ttftResponse: this.ttftResponse?.snapshot() ?? null,
      itl: this.itl.snapshot(),
      tpot: this.tpot.snapshot(),
      e2e: this.e2e.snapshot(),
      series: this.seconds.all(),
    };
  }
}

/** mergeLlmShards adds the workers' (or records') LLM parts into one LlmResult. */
export function mergeLlmShards(parts: readonly LlmShard[]): LlmResult {
  const first = parts[0];
  const sum = (f: (p: LlmShard) => number) => parts.reduce((n, p) => n + f(p), 0);
  const dist = (f: (p: LlmShard) => LlmShard['ttft'] | null) => {
    const acc = new LatencyAccumulator();
    for (const p of parts) {
      const s = f(p);
      if (s !== null) acc.add(s);
    }
    return new LatencyDistribution(acc);
  };
  return {
    api: first.api,
    stream: first.stream,
    tokenizer: first.tokenizer,
    slos: first.slos,
    requests: sum((p) => p.requests),
    successes: sum((p) => p.successes),
    outputTokens: sum((p) => p.outputTokens),
    inputTokens: sum((p) => p.inputTokens),
    usageReported: sum((p) => p.usageReported),
    usageMismatches: sum((p) => p.usageMismatches),
    clientCounted: sum((p) => p.clientCounted),
    tokenCount: mergeTokenCounts(parts.map((p) => p.tokenCount)),
    goodput: sum((p) => p.goodput),
    sloMet: first.slos.map((_, i) => sum((p) => p.sloMet[i] ?? 0)),
    ttft: dist((p) => p.ttft),
    ttftResponse: parts.every((p) => p.ttftResponse !== null) ? dist((p) => p.ttftResponse) : null,
    itl: dist((p) => p.itl),
    tpot: dist((p) => p.tpot),
    e2e: dist((p) => p.e2e),
    series: mergeLlmSeconds(parts.map((p) => p.series)),
  };
}

function mergeTokenCounts(parts: readonly TokenCountCheck[]): TokenCountCheck {
  let compared = 0;
  let mismatches = 0;
  let relDiffSum = 0;
  let relDiffMax = 0;
  for (const p of parts) {
    compared += p.compared;
    mismatches += p.mismatches;
    relDiffSum += p.relDiffSum;
    relDiffMax = Math.max(relDiffMax, p.relDiffMax);
  }
  return { compared, mismatches, relDiffSum, relDiffMax };
}
