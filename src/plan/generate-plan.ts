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
import { DEFAULT_INPUT_TOKENS, DEFAULT_OUTPUT_TOKENS, type GenerateFlags } from './generate-flags.js';
import { parseTokenLength, syntheticPrompts, type SyntheticPrompt } from './generate-prompts.js';
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
    llm: { api, stream, slos: perRequest, inputTokens: prompts.map((p) => p.inputTokens) },
  };
  return withK6Outputs(plan, f);
}

/** arrivalsOf applies --arrivals: poisson makes the open-loop schedule a seeded Poisson process. */
function arrivalsOf(f: GenerateFlags, load: LoadModel): LoadModel {
  const arrivals = f.arrivals ?? 'constant';
  if (arrivals !== 'constant' && arrivals !== 'poisson') throw new UsageError(`--arrivals: "${arrivals}" is not an arrival process; use constant or poisson`);
  if (arrivals === 'constant') return load;
  if (load.kind !== 'open') throw new UsageError('--arrivals poisson is open loop: give --rate N, not --vus');
  return { ...load, arrivals: { kind: 'poisson', seed: f.seed ?? 1 } };
}

/**
 * promptsOf draws the run's prompts: synthetic ones, or --dataset's, whose output lengths are
 * their own unless --output-tokens is given (and --output-tokens' default otherwise).
 */
function promptsOf(f: GenerateFlags, count: number): Array<SyntheticPrompt & { messages?: DatasetPrompt['messages'] }> {
  const seed = f.seed ?? 1;
  const output = parseTokenLength(f.outputTokens ?? DEFAULT_OUTPUT_TOKENS, '--output-tokens');
  if (f.dataset === undefined) return syntheticPrompts(count, parseTokenLength(f.inputTokens ?? DEFAULT_INPUT_TOKENS, '--input-tokens'), output, seed);
  if (f.inputTokens !== undefined) throw new UsageError('--input-tokens and --dataset exclude each other: the dataset\'s prompts have their own lengths');
  const lengths = syntheticPrompts(count, { mean: 1, stddev: 0 }, output, seed);
  return readDataset(f.dataset, count, seed).map((p, i) => ({
    prompt: p.prompt,
    messages: p.messages,
    inputTokens: p.inputTokens,
    outputTokens: f.outputTokens === undefined && p.outputTokens !== null ? p.outputTokens : lengths[i].outputTokens,
  }));
}
