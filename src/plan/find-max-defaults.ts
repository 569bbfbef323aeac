/** The defaults of find-max's search, shared by its flags' help and its plan. */

/** DEFAULT_START_RATE is the first rate tried (per second). */
export const DEFAULT_START_RATE = 50;
/** DEFAULT_PRECISION_PCT is how close the bracket must close (percent of the passing rate). */
export const DEFAULT_PRECISION_PCT = 5;
