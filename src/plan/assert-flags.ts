/** ASSERT_FLAGS are `loadgen assert`'s flags: the saved record and, optionally, the objectives to judge it on. */
import { SLO_FLAGS } from './slo-flags.js';
import type { FlagTable, FlagsOf } from './flag-schema.js';

export const ASSERT_FLAGS = {
  record: { type: 'string', positional: true, demandOption: true, describe: 'a run record (written by --result FILE)' },
  ...SLO_FLAGS,
} as const satisfies FlagTable;

export type AssertFlags = FlagsOf<typeof ASSERT_FLAGS>;
