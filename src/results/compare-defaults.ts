/** The bootstrap's defaults for `loadgen compare`, apart so the flag table's help needs no statistics code. */

/** DEFAULT_RESAMPLES is how many bootstrap resamples a comparison draws unless told (--resamples). */
export const DEFAULT_RESAMPLES = 2000;
/** DEFAULT_CONFIDENCE is the confidence level of the intervals (0..1). */
export const DEFAULT_CONFIDENCE = 0.95;
/** DEFAULT_SEED is the seed of the bootstrap's random numbers unless told otherwise (--seed). */
export const DEFAULT_SEED = 1;
