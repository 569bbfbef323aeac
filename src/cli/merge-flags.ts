/** MERGE_FLAGS are `loadgen merge`'s flags: the shards' records, reports on the merged run, the merged record. */
import type { FlagTable, FlagsOf } from '../plan/flag-schema.js';

export const MERGE_FLAGS = {
  files: { type: 'string', positional: true, array: true, describe: 'run records written by --result' },
  report: { type: 'string', repeatable: true, describe: 'report on the merged run: TYPE[=FILE], repeatable (as loadgen report --type; default text, unless --result is given)' },
  result: { type: 'string', describe: 'write the merged record to FILE' },
} as const satisfies FlagTable;

export type MergeFlags = FlagsOf<typeof MERGE_FLAGS>;
