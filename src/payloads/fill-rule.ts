/**
 * FillRule says how a payload template generates a tensor's values for any batch size, so the
 * model-zoo fixtures are declared once (spec: model-zoo.md 8.1) instead of stored per batch size.
 */
import { seededRandom } from '../core/seeded-random.js';
import { UsageError } from '../core/errors.js';
import type { Datatype } from './datatype.js';

/**
 * FillRule is one fill rule:
 * - `zeros` / `ones`: 0 / 1 (BYTES: "0" / "1", BOOL: false / true);
 * - `seq`: start, start + step, ... (defaults 0 and 1; BYTES get the decimal strings);
 * - `constant`: value repeated;
 * - `random`: uniform in [min, max] (defaults 0 and 1; integers for integer datatypes, BOOL a coin
 *   flip) from a PRNG seeded with `seed` (default 1), so a payload is the same on every run.
 */
export type FillRule =
  | { kind: 'zeros' }
  | { kind: 'ones' }
  | { kind: 'seq'; start?: number; step?: number }
  | { kind: 'constant'; value: number | string | boolean }
  | { kind: 'random'; min?: number; max?: number; seed?: number };

/** FILL_KINDS lists the fill rule kinds, for parsing and error messages. */
export const FILL_KINDS = ['zeros', 'ones', 'seq', 'constant', 'random'] as const;

/** TensorValues is the flat data a fill rule produces. */
export type TensorValues = number[] | string[] | boolean[];

/**
 * fillValues generates count values of datatype by rule. where (e.g. `payloads/iris.json: input
 * "predict"`) prefixes the UsageError thrown for a rule that cannot produce that datatype; the
 * values' ranges are checked later, by validatePayload.
 */
export function fillValues(rule: FillRule, datatype: Datatype, count: number, where: string): TensorValues {
  switch (rule.kind) {
    case 'zeros':
      return repeat(datatype === 'BYTES' ? '0' : datatype === 'BOOL' ? false : 0, count);
    case 'ones':
      return repeat(datatype === 'BYTES' ? '1' : datatype === 'BOOL' ? true : 1, count);
    case 'constant':
      return repeat(rule.value, count);
    case 'seq':
      return sequence(rule.start ?? 0, rule.step ?? 1, datatype, count, where);
    case 'random':
      return random(rule, datatype, count, where);
  }
}

function repeat(value: number | string | boolean, count: number): TensorValues {
  return new Array(count).fill(value) as TensorValues;
}

function sequence(start: number, step: number, datatype: Datatype, count: number, where: string): TensorValues {
  if (datatype === 'BOOL') throw new UsageError(`${where}: fill "seq" cannot produce BOOL values; use constant or random`);
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = start + i * step;
  return datatype === 'BYTES' ? out.map(String) : out;
}

function random(rule: { min?: number; max?: number; seed?: number }, datatype: Datatype, count: number, where: string): TensorValues {
  if (datatype === 'BYTES') throw new UsageError(`${where}: fill "random" cannot produce BYTES values; use constant or seq`);
  const next = seededRandom(rule.seed ?? 1);
  if (datatype === 'BOOL') {
    const out = new Array<boolean>(count);
    for (let i = 0; i < count; i++) out[i] = next() < 0.5;
    return out;
  }
  const min = rule.min ?? 0;
  const max = rule.max ?? 1;
  if (!(min <= max)) throw new UsageError(`${where}: fill "random" needs min <= max (got ${min} and ${max})`);
  const out = new Array<number>(count);
  if (datatype.startsWith('FP') || datatype === 'BF16') {
    for (let i = 0; i < count; i++) out[i] = min + next() * (max - min);
    return out;
  }
  // Integers: every integer in [ceil(min), floor(max)] equally likely.
  const lo = Math.ceil(min);
  const span = Math.floor(max) - lo + 1;
  if (span < 1) throw new UsageError(`${where}: fill "random" has no integer between ${min} and ${max}`);
  for (let i = 0; i < count; i++) out[i] = lo + Math.floor(next() * span);
  return out;
}

