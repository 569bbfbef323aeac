/**
 * registerFlags declares a flag table (plan/flag-schema.ts) on a yargs builder: every flag with
 * its alias, group and help, positionals with positional(), and the config flags every table
 * command has (--config, --print-config) with the middleware that fills flags from env and the
 * config file (apply-config.ts). Required flags are checked by flagsFrom after that, not by yargs,
 * so LOADGEN_URL or `url:` in a file may give them. The table's own `repeatable` and `positional`
 * marks are loadgen's and are not passed on to yargs. Number flags are read as text and converted
 * here, so bad input is echoed as typed (yargs' own number type turns `--vus many` into NaN
 * before anyone can say what was wrong).
 */
import type { Argv, Options, PositionalOptions } from 'yargs';
import { camelCase, type FlagTable } from '../plan/flag-schema.js';
import { UsageError } from '../core/errors.js';
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
      // Number flags reach yargs as text: numberFlags converts them, echoing what was typed.
      out = out.option(name, { ...rest, describe, ...(rest.type === 'number' ? { type: 'string' as const } : {}) } satisfies Options);
    }
  }
  for (const [name, spec] of Object.entries(CONFIG_FLAGS)) if (!(name in table)) out = out.option(name, spec);
  const epilogue = 'config' in table ? `${REPEAT_EPILOGUE}.` : `${REPEAT_EPILOGUE} or in --config FILE.`;
  // Before yargs reads the command's flags: a misread `-5s` may swallow a positional, and yargs
  // would complain about that instead.
  negativeValues(table)();
  // Numbers first, so the config layers see the command line's values typed as the table says.
  return out.middleware(numberFlags(table), true).middleware(applyConfig(table, options.envContract), true).epilogue(epilogue);
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
