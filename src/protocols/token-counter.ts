/**
 * TokenCounter counts the tokens of a text with a BPE tokenizer (js-tiktoken, OpenAI's
 * cl100k_base or o200k_base ranks, shipped in the package), for the token counts a generative
 * server's answer does not carry (no usage) and to check the ones it does. The tokenizer is read
 * only when a run asks for one (a dynamic import, and ~1 s of building its tables per worker,
 * before the run starts), so no other command pays for it. A count is of ordinary text: special
 * tokens' spellings (`<|endoftext|>`) count as the text they are, not as one token.
 */

/** TokenizerName is a tokenizer a generate run can count with, or none (one token per content delta). */
export type TokenizerName = 'cl100k_base' | 'o200k_base' | 'none';

export const TOKENIZERS: readonly TokenizerName[] = ['cl100k_base', 'o200k_base', 'none'];
/**
 * DEFAULT_TOKENIZER is none: servers that stream usage (OpenAI's include_usage) give exact counts,
 * OIP generate streams carry about one token per chunk, and a tokenizer costs each worker ~1 s of
 * start-up and ~100 MB; a client count is asked for with --tokenizer.
 */
export const DEFAULT_TOKENIZER: TokenizerName = 'none';

/** TokenCounter is a loaded tokenizer. */
export interface TokenCounter {
  readonly name: TokenizerName;
  /** count is the number of tokens of text. */
  count(text: string): number;
}

const NONE: string[] = [];

/** loadTokenCounter reads the named tokenizer; null for none. */
export async function loadTokenCounter(name: TokenizerName): Promise<TokenCounter | null> {
  if (name === 'none') return null;
  const { Tiktoken } = await import('js-tiktoken/lite');
  const ranks = name === 'o200k_base' ? (await import('js-tiktoken/ranks/o200k_base')).default : (await import('js-tiktoken/ranks/cl100k_base')).default;
  const encoder = new Tiktoken(ranks);
  return { name, count: (text: string) => (text === '' ? 0 : encoder.encode(text, NONE, NONE).length) };
}
