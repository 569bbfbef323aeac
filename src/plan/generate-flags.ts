/**
 * GENERATE_FLAGS are `loadgen generate`'s flags: the load flags, the generative API and model,
 * synthetic prompt lengths, and --slo, which takes per-request objectives (ttft, tpot, e2e:
 * goodput) besides the run objectives every load command takes.
 */
import type { FlagTable, FlagsOf } from './flag-schema.js';
import { LOAD_FLAGS } from './load-flags.js';
import { RUN_OUTPUT_FLAGS } from './run-output-flags.js';
import { DEFAULT_TOKENIZER } from '../protocols/token-counter.js';

/** DEFAULT_INPUT_TOKENS and DEFAULT_OUTPUT_TOKENS are the synthetic prompt and answer lengths. */
export const DEFAULT_INPUT_TOKENS = '128';
export const DEFAULT_OUTPUT_TOKENS = '64';

export const GENERATE_FLAGS = {
  ...LOAD_FLAGS,
  ...RUN_OUTPUT_FLAGS,
  slo: {
    type: 'string',
    repeatable: true,
    group: 'Decide:',
    describe: "objective, repeatable: per request for goodput ('ttft<=500ms', 'tpot<=50ms', 'e2e<=10s'), or a run objective as for attack ('p99<=2s', 'error-rate<1%'; a miss exits 99)",
  },
  url: { type: 'string', demandOption: true, group: 'Generate:', describe: 'server base URL, e.g. http://127.0.0.1:8000' },
  api: { type: 'string', group: 'Generate:', describe: 'openai-chat (default: /v1/chat/completions), openai-completions (/v1/completions) or oip-generate (/v2/models/M/generate[_stream])' },
  model: { type: 'string', group: 'Generate:', describe: 'model name (required for oip-generate; OpenAI APIs default to "default")' },
  stream: { type: 'boolean', group: 'Generate:', describe: 'stream the answer (SSE; default true; --no-stream for whole answers)' },
  'input-tokens': { type: 'string', group: 'Generate:', describe: `synthetic prompt length MEAN[,STDDEV] in tokens (default ${DEFAULT_INPUT_TOKENS})` },
  'output-tokens': { type: 'string', group: 'Generate:', describe: `output length MEAN[,STDDEV] in tokens, sent as max_tokens (default ${DEFAULT_OUTPUT_TOKENS})` },
  'ignore-eos': { type: 'boolean', group: 'Generate:', describe: 'also send ignore_eos and min_tokens, so answers are exactly max_tokens long (default true; --no-ignore-eos for strict OpenAI servers)' },
  arrivals: { type: 'string', group: 'Generate:', describe: 'open-loop arrivals: constant (default, vegeta\'s schedule), poisson (exponential gaps at the --rate mean, seeded by --seed) or gamma (see --burstiness)' },
  burstiness: { type: 'number', group: 'Generate:', describe: 'gamma arrivals (vLLM bench serve\'s): gaps ~ Gamma(shape B, mean 1/rate); 1 = Poisson, < 1 burstier, > 1 more regular' },
  'shared-prefix-tokens': { type: 'number', group: 'Generate:', describe: 'every prompt starts with the same N seeded tokens (prefix-cache experiments): synthetic prompts draw the rest of --input-tokens, dataset prompts get it prepended (default 0)' },
  dataset: { type: 'string', group: 'Generate:', describe: 'prompts from FILE: ShareGPT JSON or JSON lines ({"prompt"|"text"|"messages", "output_tokens"?}), sampled by --seed; --output-tokens overrides their lengths' },
  tokenizer: { type: 'string', group: 'Generate:', describe: `counts tokens the server's usage does not (and checks those it does): cl100k_base, o200k_base or none (one token per streamed chunk; default ${DEFAULT_TOKENIZER})` },
  prompts: { type: 'number', group: 'Generate:', describe: 'distinct synthetic prompts, used round-robin (default 256)' },
  seed: { type: 'number', group: 'Generate:', describe: 'seed of the synthetic prompts and lengths (default 1)' },
} as const satisfies FlagTable;

export type GenerateFlags = FlagsOf<typeof GENERATE_FLAGS>;
