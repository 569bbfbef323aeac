/**
 * COMPARE_FLAGS are `loadgen compare`'s flags: each side's records, or each side's target and
 * headers for a live comparison of the load given after `--`; the rounds; the reports; the
 * bootstrap's knobs.
 */
import type { FlagTable, FlagsOf } from '../plan/flag-schema.js';
import { DEFAULT_CONFIDENCE, DEFAULT_RESAMPLES, DEFAULT_SEED } from '../results/compare-defaults.js';

/** DEFAULT_ROUNDS and DEFAULT_COMPARE_WARMUP are a live comparison's rounds per side and warm-up per side. */
export const DEFAULT_ROUNDS = 5;
export const DEFAULT_COMPARE_WARMUP = '2s';

export const COMPARE_FLAGS = {
  files: { type: 'string', positional: true, array: true, describe: 'two run records (--result): A, then B' },
  a: { type: 'string', repeatable: true, describe: "side A: its records, one per round (a1.json,a2.json,...), or with a load after -- its target URL (host:port for gRPC)" },
  b: { type: 'string', repeatable: true, describe: "side B: its records (b1.json,b2.json,...), or with a load after -- its target" },
  'a-header': { type: 'string', repeatable: true, group: 'Live:', describe: 'header "Name: value" added to side A\'s requests (gRPC: metadata), repeatable' },
  'b-header': { type: 'string', repeatable: true, group: 'Live:', describe: 'header "Name: value" added to side B\'s requests, repeatable' },
  'a-config': { type: 'string', group: 'Live:', describe: "side A's flags from a YAML/JSON config file (as --config), under the load's own command line: two config files as the two sides" },
  'b-config': { type: 'string', group: 'Live:', describe: "side B's flags from a YAML/JSON config file, under the load's own command line" },
  rounds: { type: 'number', group: 'Live:', describe: `rounds per side, run A B B A A B ... (default ${DEFAULT_ROUNDS})` },
  warmup: { type: 'string', group: 'Live:', describe: `unrecorded load on each side before the first round (default ${DEFAULT_COMPARE_WARMUP}; 0 = none)` },
  out: { type: 'string', group: 'Live:', describe: "save each round's record in DIR (a1.json, b1.json, ...), for loadgen compare --a ... --b ... later" },
  'dry-run': { type: 'boolean', group: 'Live:', describe: "print both sides' plans and the order of the rounds, and send nothing" },
  report: { type: 'string', repeatable: true, describe: 'text, json or html, each [=FILE] (repeatable; default text to stdout)' },
  resamples: { type: 'number', describe: `bootstrap resamples (default ${DEFAULT_RESAMPLES})` },
  seed: { type: 'number', describe: `seed of the bootstrap's random numbers, for reproducible intervals (default ${DEFAULT_SEED})` },
  confidence: { type: 'number', describe: `confidence level of the intervals, in % (default ${DEFAULT_CONFIDENCE * 100})` },
} as const satisfies FlagTable;

export type CompareFlags = FlagsOf<typeof COMPARE_FLAGS>;
