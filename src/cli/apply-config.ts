/**
 * applyConfig is the yargs middleware (run before yargs' validation, so a required flag may come
 * from env or a file) that fills a command's flags from its other sources: LOADGEN_* variables,
 * an env contract (Seldon's k6 suite for infer), and `--config FILE` (or LOADGEN_CONFIG), under the
 * command line: flags > env > contract env > file > defaults. It writes the effective values back
 * into argv, where flagsFrom (or a command reading argv, as report and merge do) reads them as if typed, and keeps every value's source under
 * CONFIG_SOURCES for `--print-config`.
 */
import { camelCase, type FlagTable } from '../plan/flag-schema.js';
import { flagLayer, resolveConfig, type ConfigLayer, type ResolvedConfig } from '../plan/config-sources.js';
import { configFileLayer } from '../plan/config-file.js';
import { envLayer, unusedEnv, type Env } from '../plan/env-layer.js';

/** CONFIG_SOURCES is the argv key (a symbol: yargs' strict mode and flagsFrom never see it) of the resolved config. */
export const CONFIG_SOURCES = Symbol('loadgen.configSources');

/** ConfigReport is what --print-config prints: the command, each flag's value and source, the file, unused variables. */
export interface ConfigReport {
  readonly command: string;
  readonly table: FlagTable;
  readonly resolved: ResolvedConfig;
  readonly configPath: string | undefined;
  readonly unusedEnv: readonly string[];
}

/** EnvContract turns a foreign tool's env variables into flag values (seldon-env.ts). */
export type EnvContract = (env: Env) => ConfigLayer;

export function applyConfig(table: FlagTable, contract?: EnvContract): (argv: Record<string | symbol, unknown>) => void {
  return (argv) => {
    const env = process.env;
    // `_` is empty when the table is parsed as a default command (sweep plans its runs so).
    const command = String((argv._ as unknown[])[0] ?? 'this command');
    const configPath = 'config' in table ? undefined : configPathOf(argv, env);
    const layers = [flagLayer(table, argv), envLayer(table, env)];
    if (contract !== undefined) layers.push(contract(env));
    if (configPath !== undefined) layers.push(configFileLayer(table, configPath, command));
    const resolved = resolveConfig(table, layers);
    // Flags too: a scalar flag given twice is written back as its last value, for the commands that read argv itself.
    for (const [name, { value }] of resolved) {
      if (value === undefined) continue;
      argv[camelCase(name)] = value;
      argv[name] = value;
    }
    const report: ConfigReport = { command, table, resolved, configPath, unusedEnv: unusedEnv(table, env) };
    argv[CONFIG_SOURCES] = report;
  };
}

/**
 * configPathOf is the config file: the last --config, else LOADGEN_CONFIG. A command whose table
 * has a config of its own (sweep's sweep file) takes neither: that file is not a flags file.
 */
function configPathOf(argv: Record<string | symbol, unknown>, env: Env): string | undefined {
  const fromFlag = [argv.config].flat().at(-1);
  return typeof fromFlag === 'string' ? fromFlag : env.LOADGEN_CONFIG || undefined;
}
