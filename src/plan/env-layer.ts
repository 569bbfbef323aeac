/**
 * envLayer is the LOADGEN_* variables of a command's flags (`LOADGEN_RATE=200`,
 * `LOADGEN_MAX_IN_FLIGHT=64`, `LOADGEN_SKIP_TLS=true`): each checked against the flag table, a
 * repeatable flag as one entry per line (commas cannot separate them: `--input x:FP32:1,4`,
 * headers and objectives hold commas). Variables that name no flag of this command are left alone
 * (a container's env often serves several commands); --print-config lists them.
 */
import { envName, type FlagTable } from './flag-schema.js';
import { typedValue, type ConfigLayer, type ConfigValue } from './config-sources.js';

/** ENV_PREFIX starts every loadgen variable; LOADGEN_CONFIG names the config file, LOADGEN_DEBUG prints stacks. */
export const ENV_PREFIX = 'LOADGEN_';

/** ENV_NOT_FLAGS are loadgen variables that are not flags of any command. */
export const ENV_NOT_FLAGS: readonly string[] = ['LOADGEN_CONFIG', 'LOADGEN_DEBUG'];

/** Env is the process environment, as a plain record (a test passes its own). */
export type Env = Readonly<Record<string, string | undefined>>;

export function envLayer(table: FlagTable, env: Env): ConfigLayer {
  const layer = new Map<string, ConfigValue>();
  for (const [name, spec] of Object.entries(table)) {
    const variable = envName(name);
    const text = env[variable];
    // An empty variable is an unset one (how Kubernetes and docker -e VAR= leave them).
    if (text === undefined || text === '') continue;
    const raw = spec.repeatable || spec.array ? text.split('\n').filter((line) => line.trim() !== '') : text;
    layer.set(name, { value: typedValue(name, spec, raw, { env: variable }), source: { kind: 'env', variable } });
  }
  return layer;
}

/** unusedEnv is the LOADGEN_* variables set in env that name no flag of this table. */
export function unusedEnv(table: FlagTable, env: Env): string[] {
  const known = new Set([...Object.keys(table).map(envName), ...ENV_NOT_FLAGS]);
  return Object.keys(env)
    .filter((key) => key.startsWith(ENV_PREFIX) && !known.has(key))
    .sort();
}
