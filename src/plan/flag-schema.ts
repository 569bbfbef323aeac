/**
 * FlagTable is a command's flags as one `as const` table: the CLI registers it with yargs (names,
 * aliases, groups, help) and FlagsOf<typeof TABLE> is the typed value the plan builder takes, so
 * the two cannot drift apart. flagsFrom picks a command's flags out of the parsed argv, checked
 * against the table, which is what lets the handlers take typed flags without casts.
 */
import { UsageError } from '../core/errors.js';

/** FlagSpec is one flag: yargs' own option fields plus `repeatable` and `positional`. */
export interface FlagSpec {
  readonly type: 'string' | 'number' | 'boolean';
  readonly alias?: string;
  readonly group?: string;
  readonly describe?: string;
  readonly demandOption?: boolean;
  /** default is the value when the flag is not given (prefer named defaults in the plan builder). */
  readonly default?: string | number | boolean;
  readonly hidden?: boolean;
  /** array is yargs' array option (positionals only: a flag array swallows the positionals after it). */
  readonly array?: boolean;
  /** repeatable: given once it is a string, several times an array (yargs' way; see asList). */
  readonly repeatable?: boolean;
  /** positional flags are registered with yargs' positional(), named in the command string. */
  readonly positional?: boolean;
}

/** FlagTable maps kebab-case flag names to their specs. */
export type FlagTable = Readonly<Record<string, FlagSpec>>;

/** CamelCase turns `max-in-flight` into `maxInFlight`, as yargs' camel-case expansion does. */
export type CamelCase<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;

/** FlagValue is what yargs parses a flag of this spec into. */
export type FlagValue<F extends FlagSpec> = F['type'] extends 'number'
  ? number
  : F['type'] extends 'boolean'
    ? boolean
    : F extends { readonly array: true }
      ? string[]
      : F extends { readonly repeatable: true }
        ? string | string[]
        : string;

type Demanded<F> = F extends { readonly demandOption: true } ? true : F extends { readonly default: string | number | boolean } ? true : false;

/** FlagsOf is the typed flags of a table: camelCased keys, optional unless demanded or defaulted. */
export type FlagsOf<T extends FlagTable> = {
  readonly [K in keyof T & string as Demanded<T[K]> extends true ? CamelCase<K> : never]: FlagValue<T[K]>;
} & {
  readonly [K in keyof T & string as Demanded<T[K]> extends true ? never : CamelCase<K>]?: FlagValue<T[K]>;
};

/** camelCase is CamelCase at run time. */
export function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * flagsFrom takes the table's flags out of yargs' argv (dropping aliases, `_` and `$0`), checking
 * each value's type against the table, defaults filled in. A scalar flag given several times takes
 * its last value, as k6's and vegeta's flags do (scripts append overrides). A demanded flag that
 * is missing is bad input here rather than in yargs, so env vars and config files can give it.
 */
export function flagsFrom<T extends FlagTable>(table: T, argv: Readonly<Record<string, unknown>>): FlagsOf<T> {
  const flags: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) {
    const value = argv[camelCase(name)] ?? spec.default;
    if (value === undefined) {
      if (spec.demandOption) throw new UsageError(missing(name, spec));
      continue;
    }
    flags[camelCase(name)] = checked(name, spec, value);
  }
  return flags as FlagsOf<T>;
}

/** envName is the LOADGEN_* variable of a flag: `max-in-flight` -> LOADGEN_MAX_IN_FLIGHT, skipTLS -> LOADGEN_SKIP_TLS. */
export function envName(name: string): string {
  return `LOADGEN_${name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toUpperCase()}`;
}

function missing(name: string, spec: FlagSpec): string {
  // yargs' own wording first, so the line reads as it did before env and files could give flags.
  const given = spec.positional ? `as the ${name} argument` : `as --${name}`;
  return `Missing required argument: ${name} (give it ${given}, set ${envName(name)}, or put "${name}:" in the --config file)`;
}

function checked(name: string, spec: FlagSpec, value: unknown): unknown {
  const list = Array.isArray(value);
  const items: unknown[] = list ? value : [value];
  if (items.some((v) => typeof v !== spec.type)) {
    // yargs coerces every value to the declared type, so this is a table that lies about a flag.
    throw new Error(`--${name}: parsed as ${typeof items[0]}, declared ${spec.type}`);
  }
  return list && !spec.array && !spec.repeatable ? items[items.length - 1] : value;
}

/**
 * asList reads a repeatable flag: yargs gives a string for one use and an array for several.
 * (Declaring such flags as yargs arrays would make them swallow the positional arguments after them.)
 */
export function asList(value: unknown): string[] {
  return value === undefined ? [] : ([] as unknown[]).concat(value).map(String);
}
