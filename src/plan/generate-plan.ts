/**
 * buildGeneratePlan turns `loadgen generate` flags into a Plan: synthetic prompts drawn once
 * (seeded), each built into one request body for the chosen API and sent round-robin by the same
 * engine as attack and infer, whose workers read the answers as LLM streams (plan.llm). Without
 * --rate or --vus, one virtual user; without --duration or --iterations, 10 s.
 */
import { UsageError } from '../core/errors.js';
import type { LlmApiName, LlmSlo } from '../core/llm-result.js';
import { parseBaseUrl } from '../protocols/base-url.js';
import { llmRequest } from '../protocols/llm-requests.js';
import { DEFAULT_TOKENIZER, TOKENIZERS, type TokenizerName } from '../protocols/token-counter.js';
import { DEFAULT_INPUT_TOKENS, DEFAULT_OUTPUT_TOKENS, type GenerateFlags } from './generate-flags.js';
import { parseTokenLength, sharedPrefix, syntheticPrompts, type SyntheticPrompt } from './generate-prompts.js';
import { readDataset, type DatasetPrompt } from './generate-dataset.js';
import { splitGenerateSlos } from './generate-slos.js';
import { parseHeaderFlags } from './headers.js';
import { withK6Outputs } from './k6-output-flags.js';
import { parseLoadOptions, runMeta, wholeNumber } from './load-options.js';
import type { LoadModel, Plan } from './plan.js';
import { reportSpecs } from './report-specs.js';
import { runOutputs } from './run-output-flags.js';

/** LlmPlan is how a generate run's workers read and judge the answers. */
export interface LlmPlan {
  readonly api: LlmApiName;
  readonly stream: boolean;
  /** slos are the per-request objectives goodput counts. */
  readonly slos: readonly LlmSlo[];
  /** inputTokens[i] is the planned prompt length of source.requests[i]. */
  readonly inputTokens: readonly number[];
  /** tokenizer counts what the server's usage does not ('none': one token per content delta). */
  readonly tokenizer: TokenizerName;
  /** prompts[i] is the prompt text of source.requests[i] (chat messages joined), for the tokenizer's count; empty without one. */
  readonly prompts: readonly string[];
}

export const LLM_APIS: readonly LlmApiName[] = ['openai-chat', 'openai-completions', 'oip-generate'];
/** DEFAULT_PROMPTS is how many distinct synthetic prompts a run cycles through. */
export const DEFAULT_PROMPTS = 256;

export function buildGeneratePlan(f: GenerateFlags): Plan {
  const api = (f.api ?? 'openai-chat') as LlmApiName;
  if (!LLM_APIS.includes(api)) throw new UsageError(`--api: "${f.api}" is not an API; use ${LLM_APIS.join(', ')}`);
  if (api === 'oip-generate' && f.model === undefined) throw new UsageError('--model: oip-generate needs the model name (the path is /v2/models/MODEL/generate)');
  const { perRequest, run } = splitGenerateSlos(f.slo);
  const options = parseLoadOptions({
    ...f,
    vus: f.rate === undefined && f.vus === undefined ? 1 : f.vus,
    duration: f.duration === undefined && f.iterations === undefined ? '10s' : f.duration,
  });
  const load = arrivalsOf(f, options.load);
  const stream = f.stream ?? true;
  const base = parseBaseUrl(f.url);
  const model = f.model ?? 'default';
  const count = wholeNumber(f.prompts ?? DEFAULT_PROMPTS, '--prompts', 1);
  const prompts = promptsOf(f, count);
  const tokenizer = (f.tokenizer ?? DEFAULT_TOKENIZER) as TokenizerName;
  if (!TOKENIZERS.includes(tokenizer)) throw new UsageError(`--tokenizer: "${f.tokenizer}" is not a tokenizer; use ${TOKENIZERS.join(', ')}`);
  const headers = parseHeaderFlags(f.header);
  const requests = prompts.map((p) =>
    llmRequest({ api, base, model, prompt: p.prompt, messages: p.messages, maxTokens: p.outputTokens, stream, exactLength: f.ignoreEos ?? true, headers }),
  );
  const plan: Plan = {
    meta: runMeta('generate', f.name, `${f.url} model ${model} (${api}${stream ? ', streaming' : ''})`, options),
    ...options,
    load,
    source: { kind: 'list', requests },
    vegetaHeaders: false,
    readiness: null,
    warmUp: null,
    reports: reportSpecs(f.report, options.output, 'http', true),
    ...runOutputs({ ...f, slo: run }),
    ghz: null,
    llm: {
      api,
      stream,
      slos: perRequest,
      inputTokens: prompts.map((p) => p.inputTokens),
      tokenizer,
      prompts: tokenizer === 'none' ? [] : prompts.map((p) => (p.messages == null ? p.prompt : p.messages.map((m) => m.content).join('\n'))),
    },
  };
  return withK6Outputs(plan, f);
}

/**
 * arrivalsOf applies --arrivals and --burstiness: poisson makes the open-loop schedule a seeded
 * Poisson process, gamma (or --burstiness B alone) one with Gamma(B) gaps, as vLLM's bench serve.
 */
function arrivalsOf(f: GenerateFlags, load: LoadModel): LoadModel {
  const arrivals = f.arrivals ?? (f.burstiness === undefined ? 'constant' : 'gamma');
  if (arrivals !== 'constant' && arrivals !== 'poisson' && arrivals !== 'gamma') {
    throw new UsageError(`--arrivals: "${arrivals}" is not an arrival process; use constant, poisson or gamma`);
  }
  if (f.burstiness !== undefined && arrivals !== 'gamma') throw new UsageError(`--burstiness shapes gamma arrivals: drop --arrivals ${arrivals} (or give --arrivals gamma)`);
  if (arrivals === 'constant') return load;
  const given = f.arrivals === undefined ? '--burstiness' : `--arrivals ${arrivals}`;
  if (load.kind !== 'open') throw new UsageError(`${given} is open loop: give --rate N, not --vus`);
  const seed = f.seed ?? 1;
  if (arrivals === 'poisson') return { ...load, arrivals: { kind: 'poisson', seed } };
  const burstiness = f.burstiness ?? 1;
  if (!(burstiness > 0 && Number.isFinite(burstiness))) throw new UsageError(`--burstiness: must be a number > 0 (1 = Poisson, < 1 burstier, > 1 more regular), got ${f.burstiness}`);
  return { ...load, arrivals: { kind: 'gamma', seed, burstiness } };
}

/**
 * promptsOf draws the run's prompts: synthetic ones, or --dataset's, whose output lengths are
 * their own unless --output-tokens is given (and --output-tokens' default otherwise), each with
 * --shared-prefix-tokens' prefix.
 */
function promptsOf(f: GenerateFlags, count: number): Array<SyntheticPrompt & { messages?: DatasetPrompt['messages'] }> {
  const seed = f.seed ?? 1;
  const prefixTokens = wholeNumber(f.sharedPrefixTokens ?? 0, '--shared-prefix-tokens', 0);
  const output = parseTokenLength(f.outputTokens ?? DEFAULT_OUTPUT_TOKENS, '--output-tokens');
  if (f.dataset === undefined) {
    const input = parseTokenLength(f.inputTokens ?? DEFAULT_INPUT_TOKENS, '--input-tokens');
    if (prefixTokens > 0 && prefixTokens >= input.mean) {
      throw new UsageError(`--shared-prefix-tokens: ${prefixTokens} is not below --input-tokens' mean (${input.mean}), the prompts' whole length; give a shorter prefix or longer prompts`);
    }
    return syntheticPrompts(count, input, output, seed, prefixTokens);
  }
  if (f.inputTokens !== undefined) throw new UsageError('--input-tokens and --dataset exclude each other: the dataset\'s prompts have their own lengths');
  const lengths = syntheticPrompts(count, { mean: 1, stddev: 0 }, output, seed);
  const prefix = prefixTokens > 0 ? sharedPrefix(prefixTokens, seed) + ' ' : '';
  return readDataset(f.dataset, count, seed).map((p, i) => ({
    prompt: prefix + p.prompt,
    messages: p.messages === null || prefix === '' ? p.messages : p.messages.map((m, j) => (j === 0 ? { role: m.role, content: prefix + m.content } : m)),
    inputTokens: p.inputTokens + prefixTokens,
    outputTokens: f.outputTokens === undefined && p.outputTokens !== null ? p.outputTokens : lengths[i].outputTokens,
  }));
}
