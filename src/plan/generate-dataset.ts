/**
 * readDataset reads the prompts of a generate run from a file, sampled with a seed: ShareGPT's
 * JSON (an array of `{conversations: [{from: "human", value}, {from: "gpt", value}, ...]}`: the
 * first human turn is the prompt, the reply's length in words the output length) or JSON lines
 * (`{"prompt": ...}`, `{"text": ...}` or `{"messages": [...]}`, with an optional `output_tokens`
 * or `max_tokens`). Lengths are counted in words (no tokenizer; the server's usage counts the
 * tokens it saw). Entries are shuffled by the seed and the first `count` kept.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { seededRandom } from '../core/seeded-random.js';

/** DatasetPrompt is one prompt from a file: text, or chat messages, and its lengths. */
export interface DatasetPrompt {
  readonly prompt: string;
  readonly messages: ReadonlyArray<{ readonly role: string; readonly content: string }> | null;
  readonly inputTokens: number;
  /** outputTokens is the entry's own output length; null when it names none. */
  readonly outputTokens: number | null;
}

const HINT = 'give ShareGPT JSON (an array of {"conversations": [...]}) or JSON lines with "prompt", "text" or "messages"';

export function readDataset(path: string, count: number, seed: number): DatasetPrompt[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--dataset: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const entries = text.trimStart().startsWith('[') ? jsonArray(text, path) : jsonLines(text, path);
  if (entries.length === 0) throw new UsageError(`--dataset: ${path} has no usable prompts; ${HINT}`);
  const random = seededRandom(seed);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [entries[i], entries[j]] = [entries[j], entries[i]];
  }
  return entries.slice(0, count);
}

function jsonArray(text: string, path: string): DatasetPrompt[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new UsageError(`--dataset: ${path} is not JSON; ${HINT}`);
  }
  const out: DatasetPrompt[] = [];
  for (const e of doc as unknown[]) {
    const p = typeof e === 'object' && e !== null && Array.isArray((e as Record<string, unknown>).conversations) ? shareGpt(e as Record<string, unknown>) : entryOf(e);
    if (p !== null) out.push(p);
  }
  return out;
}

function jsonLines(text: string, path: string): DatasetPrompt[] {
  const out: DatasetPrompt[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(lines[i]);
    } catch {
      throw new UsageError(`--dataset: ${path} line ${i + 1} is not JSON; ${HINT}`);
    }
    const p = entryOf(v);
    if (p === null) throw new UsageError(`--dataset: ${path} line ${i + 1} has no "prompt", "text" or "messages"; ${HINT}`);
    out.push(p);
  }
  return out;
}

/** shareGpt takes the first human turn and the reply after it; null for entries without both. */
function shareGpt(e: Record<string, unknown>): DatasetPrompt | null {
  const turns = e.conversations as Array<Record<string, unknown>>;
  const human = turns.findIndex((t) => (t?.from === 'human' || t?.from === 'user') && typeof t.value === 'string');
  const reply = turns[human + 1];
  if (human < 0 || typeof reply?.value !== 'string') return null;
  const prompt = turns[human].value as string;
  const out = words(reply.value);
  return out === 0 ? null : { prompt, messages: null, inputTokens: words(prompt), outputTokens: out };
}

function entryOf(v: unknown): DatasetPrompt | null {
  if (typeof v !== 'object' || v === null) return null;
  const e = v as Record<string, unknown>;
  const own = typeof e.output_tokens === 'number' ? e.output_tokens : typeof e.max_tokens === 'number' ? e.max_tokens : null;
  const outputTokens = own !== null && Number.isInteger(own) && own >= 1 ? own : null;
  if (Array.isArray(e.messages)) {
    const messages = e.messages.flatMap((m: unknown) => {
      const r = m as Record<string, unknown> | null;
      return typeof r?.role === 'string' && typeof r.content === 'string' ? [{ role: r.role, content: r.content }] : [];
    });
    if (messages.length === 0) return null;
    const prompt = messages.map((m) => m.content).join('\n');
    return { prompt, messages, inputTokens: words(prompt), outputTokens };
  }
  const prompt = typeof e.prompt === 'string' ? e.prompt : typeof e.text === 'string' ? e.text : null;
  return prompt === null ? null : { prompt, messages: null, inputTokens: words(prompt), outputTokens };
}

function words(s: string): number {
  const w = s.trim().split(/\s+/);
  return w[0] === '' ? 0 : w.length;
}
