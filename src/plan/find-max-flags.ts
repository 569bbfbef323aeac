/**
 * FIND_MAX_FLAGS are `loadgen find-max`'s flags: infer's (target, model, payload, transport,
 * objectives) without its ranges, the search bounds, and the stability windows each step uses.
 */
import type { FlagTable, FlagsOf } from './flag-schema.js';
import { INFER_FLAGS } from './infer-flags.js';
import { STABILITY_FLAGS } from './range-flags.js';
import { DEFAULT_PRECISION_PCT, DEFAULT_START_RATE } from './find-max-plan.js';

const { 'concurrency-range': _users, 'rate-range': _rates, rate: _rate, vus: _vus, duration: _duration, iterations: _iterations, ...INFER_LOAD_FLAGS } = INFER_FLAGS;

export const FIND_MAX_FLAGS = {
  ...INFER_LOAD_FLAGS,
  'start-rate': { type: 'string', group: 'Search:', describe: `first rate tried, per second (default ${DEFAULT_START_RATE}); doubled while the objectives hold` },
  'max-rate': { type: 'string', group: 'Search:', describe: 'highest rate tried, per second (required: where the search gives up climbing)' },
  precision: { type: 'string', group: 'Search:', describe: `bisect until the passing and failing rates are within this of each other (default ${DEFAULT_PRECISION_PCT}%)` },
  ...STABILITY_FLAGS,
} as const satisfies FlagTable;

export type FindMaxFlags = FlagsOf<typeof FIND_MAX_FLAGS>;
