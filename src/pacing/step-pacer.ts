import { ns, type Nanos } from '../core/units.js';
import type { Pacer } from './pacer.js';

/**
 * StepSchedule is ghz's `step` load schedule (`line` is the same with 1 s steps and the slope as
 * the step): the rate starts at startHz and changes by stepHz every stepNs, never below 0. It
 * stops changing at maxDurationNs when set (then holds endHz if set, else the rate reached), or,
 * when endHz is set, once the next step would pass it (then holds endHz).
 */
export interface StepSchedule {
  readonly startHz: number;
  readonly stepHz: number;
  readonly stepNs: number;
  /** endHz is the rate to end at; 0 = none. */
  readonly endHz: number;
  /** maxDurationNs ends the changes; 0 = none. */
  readonly maxDurationNs: number;
}

/** Segment is a stretch of constant rate: from startNs, rateHz, with hitsBefore hits due before it. */
interface Segment {
  readonly startNs: number;
  readonly rateHz: number;
  readonly hitsBefore: number;
}

/**
 * StepPacer paces a StepSchedule: hit i is due when the integral of the rate reaches i + 1, so a
 * constant stretch behaves like vegeta's constant pacer (first hit one interval in) and the hits
 * sent by any time equal the schedule's integral. Segments are computed as far as asked.
 */
export class StepPacer implements Pacer {
  private readonly s: StepSchedule;
  private readonly segments: Segment[];
  /** held is true once the last segment's rate holds for ever. */
  private held: boolean;

  constructor(schedule: StepSchedule) {
    if (!(schedule.stepNs > 0)) throw new RangeError('StepPacer needs a positive step duration');
    this.s = schedule;
    this.segments = [];
    this.held = false;
    this.extend();
  }

  rateHz(elapsedNs: number): number {
    return this.segmentAt(elapsedNs).rateHz;
  }

  hitsDue(elapsedNs: number): number {
    const g = this.segmentAt(elapsedNs);
    return Math.floor(g.hitsBefore + (g.rateHz * (elapsedNs - g.startNs)) / 1e9 + 1e-9);
  }

  intendedNs(hit: number): Nanos {
    const want = hit + 1;
    for (;;) {
      // The last known segment either holds for ever or is followed by one we can compute.
      let lo = 0;
      let hi = this.segments.length - 1;
      const last = this.segments[hi];
      const lastEnd = this.held ? Infinity : last.startNs + this.s.stepNs;
      const hitsAtLastEnd = this.held ? Infinity : last.hitsBefore + (last.rateHz * this.s.stepNs) / 1e9;
      if (want > hitsAtLastEnd + 1e-9) {
        this.extend();
        continue;
      }
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (this.segments[mid].hitsBefore < want - 1e-9) lo = mid;
        else hi = mid - 1;
      }
      const g = this.segments[lo];
      if (g.rateHz === 0) return ns(this.held && lo === this.segments.length - 1 ? Infinity : lastEnd);
      return ns(g.startNs + ((want - g.hitsBefore) * 1e9) / g.rateHz);
    }
  }

  private segmentAt(elapsedNs: number): Segment {
    while (!this.held && elapsedNs >= this.segments[this.segments.length - 1].startNs + this.s.stepNs) this.extend();
    let i = this.segments.length - 1;
    while (i > 0 && this.segments[i].startNs > elapsedNs) i--;
    return this.segments[i];
  }

  /** extend appends the next segment, or marks the last one as held. */
  private extend(): void {
    const s = this.s;
    const k = this.segments.length;
    const startNs = k * s.stepNs;
    const prev = this.segments[k - 1];
    const hitsBefore = prev === undefined ? 0 : prev.hitsBefore + (prev.rateHz * s.stepNs) / 1e9;
    let rate = Math.max(0, s.startHz + s.stepHz * k);
    let hold = false;
    if (s.maxDurationNs > 0 && startNs >= s.maxDurationNs) {
      rate = s.endHz > 0 ? s.endHz : (prev?.rateHz ?? rate);
      hold = true;
    } else if (s.endHz > 0 && (s.stepHz > 0 ? rate >= s.endHz : rate <= s.endHz)) {
      rate = s.endHz;
      hold = true;
    } else if (rate === 0 && s.stepHz <= 0) hold = true;
    this.segments.push({ startNs, rateHz: rate, hitsBefore });
    this.held = hold;
  }
}
