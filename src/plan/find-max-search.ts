/**
 * nextProbe is find-max's search as a pure function of the steps so far: from the start rate,
 * double while every step meets the objectives (capped at the max rate); after the first miss,
 * bisect between the highest passing rate and the lowest failing one until they are within the
 * precision (a fraction of the passing rate). foundRate is the answer: the highest passing rate
 * below every failing one. Rates are per second, whole numbers once above 10.
 */

/** SearchOptions bound the search (rates per second; precision as a fraction, 0.05 = 5 %). */
export interface SearchOptions {
  readonly startHz: number;
  readonly maxHz: number;
  readonly precision: number;
}

/** SearchStep is a probed rate and whether it met the objectives. */
export interface SearchStep {
  readonly rateHz: number;
  readonly pass: boolean;
}

/** nextProbe is the next rate to try, or null when the search is over. */
export function nextProbe(steps: readonly SearchStep[], o: SearchOptions): number | null {
  if (steps.length === 0) return o.startHz;
  const { pass, fail } = bracket(steps);
  if (pass === null) return null; // the start rate already misses: nothing to bisect towards
  if (fail === null) return pass >= o.maxHz ? null : Math.min(o.maxHz, roundRate(pass * 2));
  if (fail - pass <= o.precision * pass) return null;
  const mid = roundRate((pass + fail) / 2);
  return mid <= pass || mid >= fail ? null : mid;
}

/** foundRate is the highest passing rate below the lowest failing one; null when none passed. */
export function foundRate(steps: readonly SearchStep[]): number | null {
  return bracket(steps).pass;
}

function bracket(steps: readonly SearchStep[]): { pass: number | null; fail: number | null } {
  let fail: number | null = null;
  for (const s of steps) if (!s.pass && (fail === null || s.rateHz < fail)) fail = s.rateHz;
  let pass: number | null = null;
  for (const s of steps) if (s.pass && (fail === null || s.rateHz < fail) && (pass === null || s.rateHz > pass)) pass = s.rateHz;
  return { pass, fail };
}

/** roundRate keeps rates readable: whole numbers from 10/s, two decimals below. */
function roundRate(hz: number): number {
  return hz >= 10 ? Math.round(hz) : Math.round(hz * 100) / 100;
}
