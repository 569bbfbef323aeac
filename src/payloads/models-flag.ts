/**
 * `--models TYPE[:COUNT],...` names the model instances a run spreads its requests over, as the
 * Seldon suite's MODEL_TYPE / MAX_NUM_MODELS lists do (spec: model-zoo.md 1, 7): `iris:10` is
 * iris0 ... iris9, each sent the `iris` payload. A type without a count is one model named after
 * the type (`iris`).
 */
import { UsageError } from '../core/errors.js';

/** ModelsFlagEntry is one model type of `--models` and the instance names it expands to. */
export interface ModelsFlagEntry {
  /** type is the model type, i.e. the named payload sent to each instance (`iris`). */
  readonly type: string;
  /** count is the number of instances (1 when the entry has no count). */
  readonly count: number;
  /** names are the instance names: `<type>0` ... `<type><count-1>`, or `[type]` without a count. */
  readonly names: readonly string[];
}

/** MAX_MODELS_PER_TYPE bounds COUNT, so a typo cannot allocate millions of names. */
export const MAX_MODELS_PER_TYPE = 100_000;

/** MODELS_FLAG_FORM is the accepted form, for help text and errors. */
export const MODELS_FLAG_FORM = 'TYPE[:COUNT],... e.g. iris:10,tfsimple:5';

const TYPE_PATTERN = /^[A-Za-z0-9_-]+$/;

/**
 * parseModelsFlag reads `--models` text. knownTypes (the named payloads, when given) limits the
 * types; an unknown type, a bad or zero count, an empty entry or a repeated type throws a
 * one-line UsageError.
 */
export function parseModelsFlag(text: string, knownTypes?: readonly string[]): ModelsFlagEntry[] {
  const fail = (why: string): never => {
    throw new UsageError(`--models "${text}": ${why}; use ${MODELS_FLAG_FORM}`);
  };
  const entries: ModelsFlagEntry[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (item === '') fail('empty entry');
    const colon = item.indexOf(':');
    const type = (colon < 0 ? item : item.slice(0, colon)).trim();
    if (!TYPE_PATTERN.test(type)) fail(`model type "${type}" must be letters, digits, _ or -`);
    if (knownTypes !== undefined && !knownTypes.includes(type)) fail(`unknown model type "${type}" (known: ${knownTypes.join(', ')})`);
    if (seen.has(type)) fail(`model type "${type}" is given more than once`);
    seen.add(type);
    if (colon < 0) {
      entries.push({ type, count: 1, names: [type] });
      continue;
    }
    const countText = item.slice(colon + 1).trim();
    const count = /^\d+$/.test(countText) ? Number(countText) : NaN;
    if (!(count >= 1 && count <= MAX_MODELS_PER_TYPE)) fail(`count "${countText}" for "${type}" must be an integer 1..${MAX_MODELS_PER_TYPE}`);
    const names = new Array<string>(count);
    for (let i = 0; i < count; i++) names[i] = `${type}${i}`;
    entries.push({ type, count, names });
  }
  return entries;
}
