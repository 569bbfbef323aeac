/**
 * ConfigSource is where one flag's value came from: the command line, a LOADGEN_* (or an env
 * contract's) variable, a config file, or the command's default. A ConfigLayer is one source's
 * values by flag name; resolveConfig stacks layers (highest precedence first: flags > env > file >
 * defaults) into the effective value of every flag of a command's table and keeps each one's source,
 * which is what `--print-config` shows. Values of every layer are checked against the FlagTable
 * here, so a wrong type in any source is one UsageError naming the variable or file:line.
 */
import { UsageError } from '../core/errors.js';
import { camelCase, type FlagSpec, type FlagTable } from './flag-schema.js';

/** ConfigSource names where a flag's effective value came from. */
export type ConfigSource =
  | { readonly kind: 'flag' }
  | { readonly kind: 'env'; readonly variable: string; readonly note?: string }
  | { readonly kind: 'file'; readonly path: string; readonly line: number }
  | { readonly kind: 'default' };

/** ConfigValue is one flag's value in one layer, typed as the table says, with its source. */
export interface ConfigValue {
  readonly value: unknown;
  readonly source: ConfigSource;
}

/** ConfigLayer is one source's values, keyed by the table's (kebab-case) flag names. */
export type ConfigLayer = ReadonlyMap<string, ConfigValue>;

/** ResolvedConfig is every flag's effective value (undefined = the command's default) and source. */
export type ResolvedConfig = ReadonlyMap<string, ConfigValue>;

/** resolveConfig takes each flag from the first layer that has it (layers: highest precedence first). */
export function resolveConfig(table: FlagTable, layers: readonly ConfigLayer[]): ResolvedConfig {
  const out = new Map<string, ConfigValue>();
  for (const name of Object.keys(table)) {
    const found = layers.map((layer) => layer.get(name)).find((v) => v !== undefined);
    out.set(name, found ?? { value: table[name]!.default, source: { kind: 'default' } });
  }
  return out;
}

/** flagLayer is what the command line gave: yargs' argv values of the table's flags (camelCased keys). */
export function flagLayer(table: FlagTable, argv: Readonly<Record<string, unknown>>): ConfigLayer {
  const layer = new Map<string, ConfigValue>();
  for (const [name, spec] of Object.entries(table)) {
    const value = argv[camelCase(name)];
    // yargs gives an optional variadic positional (`[files..]`) not given as [].
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    // A scalar flag given several times takes its last value (flagsFrom does the same).
    const last = Array.isArray(value) && !spec.repeatable && !spec.array ? value[value.length - 1] : value;
    layer.set(name, { value: last, source: { kind: 'flag' } });
  }
  return layer;
}

/** describeSource is a source in --print-config's words: flag, env LOADGEN_RATE, file c.yaml:3, default. */
export function describeSource(source: ConfigSource): string {
  switch (source.kind) {
    case 'flag':
      return 'flag';
    case 'env':
      return `env ${source.variable}${source.note === undefined ? '' : ` (${source.note})`}`;
    case 'file':
      return `file ${source.path}:${source.line}`;
    case 'default':
      return 'default';
  }
}

/**
 * typedValue checks a value from an env var (always a string) or a config file (YAML/JSON scalars
 * and lists) against a flag's spec and returns it as yargs would have parsed it: numbers for number
 * flags, booleans for boolean ones, strings (a list for repeatable flags). `at` names the key for
 * the error (`LOADGEN_VUS`, `c.yaml:3`); the error's fix shows a value of the right type, written
 * as the source is (`LOADGEN_VUS=10`, `vus: 10`).
 */
export function typedValue(name: string, spec: FlagSpec, raw: unknown, at: ValueSite): unknown {
  const many = spec.repeatable === true || spec.array === true;
  if (Array.isArray(raw)) {
    if (!many) throw new UsageError(`${siteOf(at)}: ${name} takes one value, got a list (fix: ${exampleOf(name, spec, at)})`);
    return raw.map((item) => scalar(name, spec, item, at));
  }
  const one = scalar(name, spec, raw, at);
  return many ? [one] : one;
}

/** ValueSite is where a value was read, for its error: an env var or a config file's line. */
export type ValueSite = { readonly env: string } | { readonly file: string; readonly line: number };

function scalar(name: string, spec: FlagSpec, raw: unknown, at: ValueSite): unknown {
  const bad = (): never => {
    const shown = typeof raw === 'string' ? JSON.stringify(raw) : raw !== null && typeof raw === 'object' ? 'a mapping' : String(raw);
    throw new UsageError(`${siteOf(at)}: ${name} expects ${article(spec.type)}, got ${shown} (fix: ${exampleOf(name, spec, at)})`);
  };
  switch (spec.type) {
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      return Number.isFinite(n) ? n : bad();
    }
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === '1') return true;
      if (raw === 'false' || raw === '0') return false;
      return bad();
    case 'string':
      return typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : bad();
  }
}

function article(type: FlagSpec['type']): string {
  return type === 'number' ? 'a number' : type === 'boolean' ? 'true or false' : 'a string';
}

function siteOf(at: ValueSite): string {
  return 'env' in at ? at.env : `${at.file}:${at.line}`;
}

function exampleOf(name: string, spec: FlagSpec, at: ValueSite): string {
  const value = spec.type === 'number' ? '10' : spec.type === 'boolean' ? 'true' : '"..."';
  if ('env' in at) return `${at.env}=${value}`;
  return spec.repeatable || spec.array ? `${name}: [${value}, ${value}]` : `${name}: ${value}`;
}
