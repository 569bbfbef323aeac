/**
 * parseRangeSpec reads a level range `START:END:STEP`: `1:64:x2` multiplies by 2 from 1 while
 * the level stays <= 64 (1, 2, 4, ..., 64); `100:2000:+100` (or `100:2000:100`, perf_analyzer's
 * form) adds 100 (100, 200, ..., 2000). END is an upper bound: a level past it is not run.
 * Bad specs throw a one-line UsageError naming the flag and the fix.
 */
import { UsageError } from '../core/errors.js';

/** MAX_RANGE_LEVELS bounds how many levels one range may have (a typo should not plan a day of load). */
export const MAX_RANGE_LEVELS = 200;

/** RangeSpecOptions: integer levels (users) or any positive numbers (rates). */
export interface RangeSpecOptions {
  readonly integer: boolean;
}

export function parseRangeSpec(text: string, flag: string, o: RangeSpecOptions): number[] {
  const parts = text.trim().split(':');
  if (parts.length !== 3) throw bad(text, flag, 'needs START:END:STEP');
  const start = numberOf(parts[0], text, flag, 'START');
  const end = numberOf(parts[1], text, flag, 'END');
  const stepText = parts[2].trim();
  const multiply = stepText.startsWith('x') || stepText.startsWith('*');
  const step = numberOf(multiply || stepText.startsWith('+') ? stepText.slice(1) : stepText, text, flag, 'STEP');
  if (!(start > 0)) throw bad(text, flag, 'START must be above 0');
  if (end < start) throw bad(text, flag, 'END must be at least START');
  if (o.integer && (!Number.isInteger(start) || !Number.isInteger(end))) throw bad(text, flag, 'levels are whole numbers of users');
  if (multiply ? !(step > 1) : !(step > 0)) throw bad(text, flag, multiply ? 'a factor xF needs F > 1' : 'a step +S needs S > 0');
  const levels: number[] = [];
  // A relative epsilon so that 0.1-steps land on END despite binary fractions.
  const limit = end * (1 + 1e-9);
  for (let level = start; level <= limit; level = multiply ? level * step : level + step) {
    const shown = o.integer ? Math.round(level) : Math.round(level * 1e6) / 1e6;
    if (levels.length === 0 || shown !== levels[levels.length - 1]) levels.push(shown);
    if (levels.length > MAX_RANGE_LEVELS) throw bad(text, flag, `more than ${MAX_RANGE_LEVELS} levels; use a larger step`);
  }
  return levels;
}

function numberOf(part: string, text: string, flag: string, what: string): number {
  const t = part.trim();
  if (!/^(\d+\.?\d*|\.\d+)$/.test(t)) throw bad(text, flag, `${what} "${part}" is not a number`);
  return Number(t);
}

function bad(text: string, flag: string, why: string): UsageError {
  return new UsageError(`${flag}: "${text}": ${why}; use START:END:xFACTOR or START:END:+STEP, e.g. 1:64:x2 or 100:2000:+100`);
}
