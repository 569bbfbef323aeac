/**
 * formatConfig is `--print-config`'s output: every flag of the command with its effective value
 * and where it came from (flag, env LOADGEN_X, file PATH:LINE, default), then the LOADGEN_*
 * variables that name no flag of this command (typos, or meant for another command).
 */
import { describeSource } from '../plan/config-sources.js';
import type { ConfigReport } from './apply-config.js';

export function formatConfig(report: ConfigReport): string {
  const rows: [string, string, string][] = [];
  for (const [name, { value, source }] of report.resolved) {
    const spec = report.table[name]!;
    const shown = value === undefined ? `(${defaultIn(spec.describe)})` : Array.isArray(value) ? JSON.stringify(value) : String(value);
    rows.push([spec.positional ? `<${name}>` : `--${name}`, shown, describeSource(source)]);
  }
  const nameWidth = Math.max(...rows.map((r) => r[0].length));
  const valueWidth = Math.min(48, Math.max(...rows.map((r) => r[1].length)));
  const lines = [
    `loadgen ${report.command}: effective configuration (precedence: flag > env > config file > default)`,
    `config file: ${report.configPath ?? 'none (--config FILE or LOADGEN_CONFIG)'}`,
    ...rows.map(([n, v, s]) => `  ${n.padEnd(nameWidth)}  ${v.padEnd(valueWidth)}  ${s}`),
  ];
  if (report.unusedEnv.length > 0) lines.push(`not flags of loadgen ${report.command}, ignored: ${report.unusedEnv.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** defaultIn reads the default a flag's help states ("... (default 30s; 0 = none)"), the one place it is written. */
function defaultIn(describe: string | undefined): string {
  const m = describe === undefined ? null : /\(default:? ([^;)]+)/.exec(describe);
  return m === null ? 'not set' : m[1]!.trim();
}
