/**
 * registerFlags declares a flag table (plan/flag-schema.ts) on a yargs builder: every flag with
 * its alias, group and help, positionals with positional(), and the config flags every table
 * command has (--config, --print-config) with the middleware that fills flags from env and the
 * config file (apply-config.ts). Required flags are checked by flagsFrom after that, not by yargs,
 * so LOADGEN_URL or `url:` in a file may give them. The table's own `repeatable` and `positional`
 * marks are loadgen's and are not passed on to yargs.
 */
import type { Argv, Options, PositionalOptions } from 'yargs';
import type { FlagTable } from '../plan/flag-schema.js';
import { applyConfig, type EnvContract } from './apply-config.js';

/** CONFIG_FLAGS are the flags of the config sources themselves (not in any table: a file cannot name them). */
export const CONFIG_FLAGS = {
  config: { type: 'string', group: 'Config:', describe: 'read flags from a YAML or JSON file (keys: flag names; default: $LOADGEN_CONFIG); flags > LOADGEN_* env > file' },
  'print-config': { type: 'boolean', group: 'Config:', describe: "print each flag's effective value and its source (flag, env, file, default) and exit" },
} as const satisfies Readonly<Record<string, Options>>;

/** REPEAT_EPILOGUE is the --help line on repeated flags and the other sources of flags. */
export const REPEAT_EPILOGUE =
  'A flag given twice takes its last value (--rate 10 --rate 20 = 20); repeatable flags (-H, --report, --slo, ...) add up. ' +
  'Every flag can also be set as LOADGEN_<FLAG> (LOADGEN_MAX_IN_FLIGHT=64; repeatable ones one per line)';

/** RegisterOptions: an env contract to read below the LOADGEN_* variables (infer: Seldon's k6 suite). */
export interface RegisterOptions {
  readonly envContract?: EnvContract;
}

export function registerFlags<T>(y: Argv<T>, table: FlagTable, options: RegisterOptions = {}): Argv<T> {
  let out = y;
  for (const [name, spec] of Object.entries(table)) {
    const { repeatable: _repeatable, positional, demandOption, ...rest } = spec;
    if (positional) {
      const { type, describe, array } = rest;
      const p: PositionalOptions = { type, describe };
      if (array !== undefined) p.array = array;
      out = out.positional(name, p);
    } else {
      const describe = demandOption ? `${rest.describe ?? ''} (required)`.trim() : rest.describe;
      out = out.option(name, { ...rest, describe } satisfies Options);
    }
  }
  for (const [name, spec] of Object.entries(CONFIG_FLAGS)) if (!(name in table)) out = out.option(name, spec);
  const epilogue = 'config' in table ? `${REPEAT_EPILOGUE}.` : `${REPEAT_EPILOGUE} or in --config FILE.`;
  return out.middleware(applyConfig(table, options.envContract), true).epilogue(epilogue);
}
