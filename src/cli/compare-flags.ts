/** COMPARE_FLAGS are `loadgen compare`'s flags: the records of each side, the reports, the bootstrap's knobs. */
import type { FlagTable, FlagsOf } from '../plan/flag-schema.js';
import { DEFAULT_CONFIDENCE, DEFAULT_RESAMPLES, DEFAULT_SEED } from '../results/compare-defaults.js';

export const COMPARE_FLAGS = {
  files: { type: 'string', positional: true, array: true, describe: 'two run records (--result): A, then B' },
  a: { type: 'string', repeatable: true, describe: "side A's records, one per round: a1.json,a2.json,... (instead of the two files)" },
  b: { type: 'string', repeatable: true, describe: "side B's records, one per round: b1.json,b2.json,..." },
  report: { type: 'string', repeatable: true, describe: 'text, json or html, each [=FILE] (repeatable; default text to stdout)' },
  resamples: { type: 'number', describe: `bootstrap resamples (default ${DEFAULT_RESAMPLES})` },
  seed: { type: 'number', describe: `seed of the bootstrap's random numbers, for reproducible intervals (default ${DEFAULT_SEED})` },
  confidence: { type: 'number', describe: `confidence level of the intervals, in % (default ${DEFAULT_CONFIDENCE * 100})` },
} as const satisfies FlagTable;

export type CompareFlags = FlagsOf<typeof COMPARE_FLAGS>;
