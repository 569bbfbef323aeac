/**
 * registerFlags declares a flag table (plan/flag-schema.ts) on a yargs builder: every flag with
 * its alias, group, help and whether it is demanded, positionals with positional(). The table's
 * own `repeatable` and `positional` marks are loadgen's and are not passed on to yargs. Number
 * flags are read as text and converted here, so bad input is echoed as typed (yargs' own number
 * type turns `--vus many` into NaN before anyone can say what was wrong).
 */
import type { Argv, Options, PositionalOptions } from 'yargs';
import { camelCase, type FlagTable } from '../plan/flag-schema.js';
import { UsageError } from '../core/errors.js';

export function registerFlags<T>(y: Argv<T>, table: FlagTable): Argv<T> {
  let out = y;
  for (const [name, spec] of Object.entries(table)) {
    const { repeatable: _repeatable, positional, ...options } = spec;
    if (positional) {
      const { type, describe, array } = options;
      const p: PositionalOptions = { type, describe };
      if (array !== undefined) p.array = array;
      out = out.positional(name, p);
    } else if (options.type === 'number') {
      out = out.option(name, { ...options, type: 'string' } satisfies Options);
    } else {
      out = out.option(name, options satisfies Options);
    }
  }
  // Before yargs reads the command's flags: a misread `-5s` may swallow a positional, and yargs
  // would complain about that instead.
  negativeValues(table)();
  return out.middleware(numberFlags(table), true);
}

/**
 * negativeValues finds `-d -5s`: yargs reads a token that starts with `-` and is not a plain
 * number as more flags (`-5 -s`), so the user would hear "Unknown arguments: 5, s". Scanning the
 * raw argv before yargs validates names the flag and the value instead.
 */
function negativeValues(table: FlagTable): () => void {
  const takesValue = new Map<string, string>();
  for (const [name, spec] of Object.entries(table)) {
    if (spec.positional || spec.type === 'boolean') continue;
    takesValue.set(`--${name}`, name);
    if (spec.alias !== undefined) takesValue.set(spec.alias.length === 1 ? `-${spec.alias}` : `--${spec.alias}`, name);
  }
  return () => {
    const args = process.argv.slice(2);
    for (let i = 0; i + 1 < args.length; i++) {
      const name = takesValue.get(args[i]);
      const next = args[i + 1];
      if (name === undefined || !/^-\d/.test(next) || /^-\d+(\.\d+)?$/.test(next)) continue;
      throw new UsageError(`--${name}: "${next}" is negative; it must be 0 or more`);
    }
  };
}

/**
 * numberFlags converts the number flags' text (each value, when repeated) under every key yargs
 * set (name, camelCase, alias), naming the flag and the text when it is not a number. A yargs
 * `coerce` would do it per flag, but yargs rewraps what a coerce throws, losing the exit code.
 */
function numberFlags(table: FlagTable): (argv: Record<string, unknown>) => void {
  const numbers = Object.entries(table).filter(([, spec]) => spec.type === 'number' && !spec.positional);
  return (argv) => {
    for (const [name, spec] of numbers) {
      const keys = [name, camelCase(name), ...(spec.alias === undefined ? [] : [spec.alias])];
      for (const key of keys) {
        const v = argv[key];
        if (v !== undefined) argv[key] = Array.isArray(v) ? v.map((x) => numberOf(name, x)) : numberOf(name, v);
      }
    }
  };
}

function numberOf(name: string, v: unknown): number {
  if (typeof v === 'number') return v;
  const text = String(v).trim();
  const n = text === '' ? NaN : Number(text);
  if (!Number.isFinite(n)) throw new UsageError(`--${name}: "${String(v)}" is not a number`);
  return n;
}
