/**
 * RANGE_FLAGS run a load command over a range of levels (perf_analyzer's --concurrency-range and
 * --request-rate-range), each level measured in windows until they agree (STABILITY_FLAGS), and
 * find-max's search over rates, whose steps use the same windows. Meanings and defaults in
 * range-plan.ts and find-max-plan.ts.
 */
import type { FlagTable } from './flag-schema.js';
import { DEFAULT_PRECISION_PCT, DEFAULT_START_RATE } from './find-max-defaults.js';
import { DEFAULT_MAX_WINDOWS, DEFAULT_STABILITY_PCT, DEFAULT_WINDOW } from './range-plan.js';

export const STABILITY_FLAGS = {
  window: { type: 'string', group: 'Range:', describe: `measurement window per level, e.g. 5s (default ${DEFAULT_WINDOW})` },
  'window-count': { type: 'number', group: 'Range:', describe: 'measure windows of at least N requests instead of a duration' },
  stability: { type: 'string', group: 'Range:', describe: `a level is stable when 3 consecutive windows are within this of their mean, on throughput and latency (default ${DEFAULT_STABILITY_PCT}%)` },
  'stability-metric': { type: 'string', group: 'Range:', describe: 'latency the stability rule compares: mean (default, as perf_analyzer), p50 or p99' },
  'max-windows': { type: 'number', group: 'Range:', describe: `windows per level before it is given up as unstable (default ${DEFAULT_MAX_WINDOWS})` },
} as const satisfies FlagTable;

/** FIND_MAX_SEARCH_FLAGS bound find-max's search; FIND_MAX_FLAGS add --find-max, which turns a load command into the search. */
export const FIND_MAX_SEARCH_FLAGS = {
  'start-rate': { type: 'string', group: 'Find max:', describe: `first rate tried, per second (default ${DEFAULT_START_RATE}); doubled while the objectives hold` },
  'max-rate': { type: 'string', group: 'Find max:', describe: 'highest rate tried, per second (required: where the search gives up climbing)' },
  precision: { type: 'string', group: 'Find max:', describe: `bisect until the passing and failing rates are within this of each other (default ${DEFAULT_PRECISION_PCT}%)` },
} as const satisfies FlagTable;

export const FIND_MAX_FLAGS = {
  'find-max': { type: 'boolean', group: 'Find max:', describe: "search the highest rate meeting the --slo objectives (as loadgen find-max), e.g. --find-max --slo 'p99<=50ms' --max-rate 2000" },
  ...FIND_MAX_SEARCH_FLAGS,
} as const satisfies FlagTable;

/** RANGE_FLAGS are the ranges, the windows, and find-max's search (a search over rates is the other way to run levels). */
export const RANGE_FLAGS = {
  ...FIND_MAX_FLAGS,
  'concurrency-range': { type: 'string', group: 'Range:', describe: 'closed loop over user counts START:END:STEP, e.g. 1:64:x2 (1,2,4,...,64) or 8:64:+8' },
  'rate-range': { type: 'string', group: 'Range:', describe: 'open loop over rates (per second) START:END:STEP, e.g. 100:2000:+100 or 50:800:x2' },
  ...STABILITY_FLAGS,
} as const satisfies FlagTable;
