/** ATTACK_FLAGS are `loadgen attack`'s flags (vegeta's attack): the load flags and the targets. */
import type { FlagTable, FlagsOf } from './flag-schema.js';
import { LOAD_FLAGS } from './load-flags.js';
import { RUN_OUTPUT_FLAGS } from './run-output-flags.js';
import { RANGE_FLAGS } from './range-flags.js';

export const ATTACK_FLAGS = {
  ...LOAD_FLAGS,
  targets: { type: 'string', group: 'Targets:', describe: 'targets file in vegeta http or json format (default: stdin)' },
  format: { type: 'string', group: 'Targets:', describe: 'targets format: http (default) or json' },
  lazy: { type: 'boolean', group: 'Targets:', describe: 'read targets as the run goes; the run ends when they do' },
  url: { type: 'string', group: 'Targets:', describe: 'a single target URL instead of a targets file' },
  method: { type: 'string', group: 'Targets:', describe: 'method for --url (default GET)' },
  body: { type: 'string', group: 'Targets:', describe: 'request body file for targets without their own' },
  ...RANGE_FLAGS,
  ...RUN_OUTPUT_FLAGS,
} as const satisfies FlagTable;

export type AttackFlags = FlagsOf<typeof ATTACK_FLAGS>;
