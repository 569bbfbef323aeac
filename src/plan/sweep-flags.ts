/**
 * SWEEP_FLAGS are `loadgen sweep`'s flags: the config, the output folder, the pause between runs
 * and --dry-run. Each run's own flags come from the config.
 */
import type { FlagTable, FlagsOf } from './flag-schema.js';

/** DEFAULT_SWEEP_COOLDOWN is the pause between runs when neither --cooldown nor the config sets one (Howitzer's sleep 5). */
export const DEFAULT_SWEEP_COOLDOWN = '5s';
/** DEFAULT_SWEEP_OUT is the output folder when --out is not given. */
export const DEFAULT_SWEEP_OUT = 'sweep-results';

/** SWEEP_FLAGS is `loadgen sweep`'s flag table. */
export const SWEEP_FLAGS = {
  config: { type: 'string', positional: true, demandOption: true, describe: "sweep config: Howitzer's JSON (test_configs) or loadgen's YAML/JSON (command + flags, lists swept)" },
  out: { alias: 'o', type: 'string', group: 'Sweep:', describe: `output folder: NNN-<run>/ per run and summary.json, summary.md, summary.html (default ${DEFAULT_SWEEP_OUT})` },
  cooldown: { type: 'string', group: 'Sweep:', describe: `pause between runs (default: the config's cooldown, else ${DEFAULT_SWEEP_COOLDOWN}; 0 = none)` },
  'stop-on-failure': { type: 'boolean', group: 'Sweep:', describe: "stop after the first run that fails (missed objectives or an error), as Howitzer's EXIT_ON_FAILURE" },
  'dry-run': { type: 'boolean', group: 'Sweep:', describe: "print every run's command line and plan (and write its plan.json) without sending anything" },
} as const satisfies FlagTable;

/** SweepFlags are `loadgen sweep`'s typed flags. */
export type SweepFlags = FlagsOf<typeof SWEEP_FLAGS>;
