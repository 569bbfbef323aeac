/**
 * SweepRun is one exploded run of a sweep: a loadgen command line (without its outputs, which the
 * sweep points into the run's own folder) plus what the roll-up reports about it. Both config
 * formats (Howitzer's, loadgen's own) explode into these, so everything after is one path.
 */

/** SWEEP_COMMANDS are the load commands a sweep run may be. */
export const SWEEP_COMMANDS = ['infer', 'attack', 'grpc', 'generate'] as const;
/** SweepCommand is one of SWEEP_COMMANDS. */
export type SweepCommand = (typeof SWEEP_COMMANDS)[number];

/** SweepRun is one run of a sweep (see the file comment). */
export interface SweepRun {
  /** name is the run's instance name, `<family name>_<N>` with N counted per family in product order. */
  readonly name: string;
  readonly command: SweepCommand;
  /** args are the command's arguments after its name, outputs left out. */
  readonly args: readonly string[];
  /** swept are the swept parameters and this run's value of each, in key order. */
  readonly swept: Readonly<Record<string, unknown>>;
  /** testConfig is the run's exploded config, as summary.json's `test_configs` shows it. */
  readonly testConfig: Readonly<Record<string, unknown>>;
  /** thresholds is a k6 thresholds map the run is judged on (written to a file for --thresholds); null for none. */
  readonly thresholds: Readonly<Record<string, unknown>> | null;
  /** reports are extra report types (loadgen report TYPE) written into the run's folder. */
  readonly reports: readonly string[];
}

/** SweepSpec is a whole sweep config, exploded. */
export interface SweepSpec {
  /** format says which config format it was read from. */
  readonly format: 'howitzer' | 'loadgen';
  readonly title: string;
  readonly description: string;
  /** cooldown is the config's pause between runs (a duration text); null when it sets none. */
  readonly cooldown: string | null;
  readonly runs: readonly SweepRun[];
}

/** instanceName numbers each family's runs `<name>_0`, `<name>_1`, ... (not by file-name prefixes, unlike Howitzer). */
export function instanceName(family: string, n: number): string {
  return `${family}_${n}`;
}

/** scalarArg is a config value as one command-line word: numbers and strings as written. */
export function scalarArg(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}
