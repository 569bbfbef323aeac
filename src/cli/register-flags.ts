/**
 * registerFlags declares a flag table (plan/flag-schema.ts) on a yargs builder: every flag with
 * its alias, group, help and whether it is demanded, positionals with positional(). The table's
 * own `repeatable` and `positional` marks are loadgen's and are not passed on to yargs.
 */
import type { Argv, Options, PositionalOptions } from 'yargs';
import type { FlagTable } from '../plan/flag-schema.js';

export function registerFlags<T>(y: Argv<T>, table: FlagTable): Argv<T> {
  let out = y;
  for (const [name, spec] of Object.entries(table)) {
    const { repeatable: _repeatable, positional, ...options } = spec;
    if (positional) {
      const { type, describe, array } = options;
      const p: PositionalOptions = { type, describe };
      if (array !== undefined) p.array = array;
      out = out.positional(name, p);
    } else {
      out = out.option(name, options satisfies Options);
    }
  }
  return out;
}
