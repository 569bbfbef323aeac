import { ns, type Nanos, type Rate } from '../core/units.js';
import { seededRandom } from '../core/seeded-random.js';
import type { Pacer } from './pacer.js';

/**
 * PoissonPacer is open-loop arrivals of a Poisson process at the rate's mean: the gaps between
 * hits are exponential (mean per / freq), drawn from a seeded generator, so hit i's time is the
 * same function of i in every worker (each worker walks the same sequence, the Pacer contract)
 * and the same seed gives the same schedule (vLLM bench serve's default arrivals, burstiness 1).
 * Times are computed forward and cached up to the last hit asked for; asking for an earlier hit
 * than the cursor restarts the walk, which schedulers never do.
 */
export class PoissonPacer implements Pacer {
  private readonly meanNs: number;
  private readonly hz: number;
  private readonly seed: number;
  private random: () => number;
  /** cursor is the last hit whose time is known (-1 before the first); nextNs is hit cursor + 1's time. */
  private cursor: number;
  private atNs: number;
  private nextNs: number;

  constructor(rate: Rate, seed: number) {
    if (!(rate.freq > 0)) throw new RangeError('PoissonPacer needs a positive rate');
    this.meanNs = rate.perNs / rate.freq;
    this.hz = 1e9 / this.meanNs;
    this.seed = seed;
    this.random = seededRandom(seed);
    this.cursor = -1;
    this.atNs = 0;
    this.nextNs = this.gap();
  }

  intendedNs(hit: number): Nanos {
    if (hit < this.cursor) this.restart();
    while (this.cursor < hit) this.step();
    return ns(Math.round(this.atNs));
  }

  hitsDue(elapsedNs: number): number {
    if (this.cursor >= 0 && Math.round(this.atNs) > elapsedNs) this.restart();
    while (Math.round(this.nextNs) <= elapsedNs) this.step();
    return this.cursor + 1;
  }

  rateHz(): number {
    return this.hz;
  }

  private gap(): number {
    return this.meanNs * -Math.log1p(-this.random());
  }

  private step(): void {
    this.cursor++;
    this.atNs = this.nextNs;
    this.nextNs += this.gap();
  }

  private restart(): void {
    this.random = seededRandom(this.seed);
    this.cursor = -1;
    this.atNs = 0;
    this.nextNs = this.gap();
  }
}

PoissonPacer satisfies new (rate: Rate, seed: number) => Pacer;
