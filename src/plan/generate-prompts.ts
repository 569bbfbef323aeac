/**
 * syntheticPrompts draws the prompts of a generate run, seeded: each prompt's input length and
 * requested output length come from normal distributions (mean, stddev; rounded, at least 1),
 * and a prompt is that many words from a small vocabulary of common words, each a single token
 * in the usual BPE vocabularies (and one word for the reference server's count). With a shared
 * prefix of N tokens (prefix-cache experiments, as vLLM's random dataset's --random-prefix-len),
 * every prompt starts with the same N seeded words and draws only the rest of its length itself.
 */
import { UsageError } from '../core/errors.js';
import { seededRandom } from '../core/seeded-random.js';

/** TokenLength is a length distribution: mean and standard deviation, in tokens. */
export interface TokenLength {
  readonly mean: number;
  readonly stddev: number;
}

/** SyntheticPrompt is one prompt and the output length it asks for. */
export interface SyntheticPrompt {
  readonly prompt: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

const WORDS = (
  'the of and to in is for on that with as it at by from this be are or an was have not but all ' +
  'can will one more about time new some what there when their out up which your other into just ' +
  'only first over also year back most use work way well then may because day any these give how'
).split(' ');

/** parseTokenLength reads `MEAN[,STDDEV]` (tokens). */
export function parseTokenLength(text: string, flag: string): TokenLength {
  const parts = text.split(',');
  const mean = Number(parts[0]);
  const stddev = parts.length > 1 ? Number(parts[1]) : 0;
  if (parts.length > 2 || !Number.isFinite(mean) || mean < 1 || !Number.isFinite(stddev) || stddev < 0) {
    throw new UsageError(`${flag}: "${text}" is not a length; use MEAN[,STDDEV] in tokens, e.g. 128 or 128,32`);
  }
  return { mean, stddev };
}

/** syntheticPrompts draws count prompts from the seed, each starting with prefixTokens shared words. */
export function syntheticPrompts(count: number, input: TokenLength, output: TokenLength, seed: number, prefixTokens = 0): SyntheticPrompt[] {
  const random = seededRandom(seed);
  const draw = (d: TokenLength): number => {
    if (d.stddev === 0) return Math.max(1, Math.round(d.mean));
    // Box-Muller; 1 - u keeps the log argument in (0, 1].
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.max(1, Math.round(d.mean + z * d.stddev));
  };
  const prefix = prefixTokens > 0 ? randomWords(prefixTokens, random) : [];
  const prompts: SyntheticPrompt[] = [];
  for (let i = 0; i < count; i++) {
    // At least one word of its own, so prompts differ after the shared prefix.
    const inputTokens = Math.max(draw(input), prefixTokens + (prefixTokens > 0 ? 1 : 0));
    const words = prefix.concat(randomWords(inputTokens - prefixTokens, random));
    prompts.push({ prompt: words.join(' '), inputTokens, outputTokens: draw(output) });
  }
  return prompts;
}

/** sharedPrefix is the prefixTokens words every prompt of the seed starts with (datasets' prefix). */
export function sharedPrefix(prefixTokens: number, seed: number): string {
  return randomWords(prefixTokens, seededRandom(seed)).join(' ');
}

function randomWords(n: number, random: () => number): string[] {
  const words: string[] = [];
  for (let w = 0; w < n; w++) words.push(WORDS[Math.floor(random() * WORDS.length)]);
  return words;
}
