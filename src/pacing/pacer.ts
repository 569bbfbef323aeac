import type { Nanos } from '../core/units.js';

/**
 * Pacer is an open-loop schedule as a pure function of the hit index: hit i (from 0, over the whole
 * run, all workers together) is due at intendedNs(i) after the run's elapsed zero. It holds no
 * timers and does no I/O; the scheduler owns the clock. Because the schedule is a function of the
 * global index, workers that take every W-th hit together send exactly the single-process schedule.
 */
export interface Pacer {
  /** intendedNs is when hit i is due, in ns since elapsed zero; Infinity when it never is. */
  intendedNs(hit: number): Nanos;
  /** hitsDue is how many hits are due by elapsedNs (the count of i with intendedNs(i) <= elapsedNs). */
  hitsDue(elapsedNs: number): number;
  /** rateHz is the instantaneous rate in hits per second at elapsedNs. */
  rateHz(elapsedNs: number): number;
}
