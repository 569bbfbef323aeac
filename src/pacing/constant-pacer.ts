import { ns, type Nanos, type Rate } from '../core/units.js';
import type { Pacer } from './pacer.js';

/**
 * ConstantPacer is vegeta's constant pacer: `freq` hits every `per`, with the interval truncated to
 * whole nanoseconds (floor(per / freq)) and the first hit one interval after the start, so the same
 * flags give the same hit count and timing as vegeta (100/s for 2 s: 200 hits, at 10 ms ... 2 s).
 * vegeta's per-period catch-up only matters when its single scheduler falls behind; here every
 * overdue hit is sent at the next tick, which is the same schedule.
 */
export class ConstantPacer implements Pacer {
  readonly intervalNs: number;
  private readonly hz: number;

  constructor(rate: Rate) {
    if (!(rate.freq > 0)) throw new RangeError('ConstantPacer needs a positive rate');
    this.intervalNs = Math.max(1, Math.floor(rate.perNs / rate.freq));
    this.hz = 1e9 / this.intervalNs;
  }

  intendedNs(hit: number): Nanos {
    return ns((hit + 1) * this.intervalNs);
  }

  hitsDue(elapsedNs: number): number {
    return elapsedNs < this.intervalNs ? 0 : Math.floor(elapsedNs / this.intervalNs);
  }

  rateHz(): number {
    return this.hz;
  }
}

ConstantPacer satisfies new (rate: Rate) => Pacer;
