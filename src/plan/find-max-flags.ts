/**
 * FIND_MAX_COMMAND_FLAGS are `loadgen find-max`'s flags: infer's target, model,
 * payload, transport and objectives (without its load and ranges), the search bounds and the
 * stability windows each step uses. Meanings in find-max-plan.ts.
 */
import type { FlagTable, FlagsOf } from './flag-schema.js';
import { INFER_FLAGS } from './infer-flags.js';
import type { FIND_MAX_FLAGS, STABILITY_FLAGS } from './range-flags.js';

// What find-max sets itself: the load (each step's rate, until its windows are in) and the search.
const { 'concurrency-range': _users, 'rate-range': _rates, 'find-max': _findMax, rate: _rate, vus: _vus, duration: _duration, iterations: _iterations, ...FIND_MAX_COMMAND } = INFER_FLAGS;

export const FIND_MAX_COMMAND_FLAGS = FIND_MAX_COMMAND satisfies FlagTable;

export type FindMaxFlags = FlagsOf<typeof FIND_MAX_FLAGS> & FlagsOf<typeof STABILITY_FLAGS>;
export type FindMaxCommandFlags = FlagsOf<typeof FIND_MAX_COMMAND_FLAGS>;
