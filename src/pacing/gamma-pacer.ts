import { ns, type Nanos, type Rate } from '../core/units.js';
import { seededRandom } from '../core/seeded-random.js';
import type { Pacer } from './pacer.js';

/**
 * GammaPacer is open-loop arrivals whose gaps are Gamma(shape = burstiness, scale = mean /
 * burstiness) at the rate's mean gap, as vLLM bench serve's --burstiness defines them: burstiness
 * 1 is a Poisson process (exponential gaps drawn directly, so --arrivals poisson keeps its
 * schedules), below 1 burstier (coefficient of variation 1/sqrt(burstiness)), above
 * 1 more regular. Gaps come from a seeded generator, so hit i's time is the same function of i in
 * every worker (the Pacer contract) and the same seed gives the same schedule. Times are computed
 * forward and cached up to the last hit asked for; asking for an earlier hit restarts the walk,
 * which schedulers never do. Drawing a gap allocates nothing (Marsaglia-Tsang, Box-Muller normals).
 */
export class GammaPacer implements Pacer {
  private readonly meanNs: number;
  private readonly hz: number;
  private readonly seed: number;
  private readonly shape: number;
  /** boosted: shape < 1 draws Gamma(shape + 1) times u^(1/shape) (Marsaglia-Tsang's boost). */
  private readonly boosted: boolean;
  private readonly d: number;
  private readonly c: number;
  private random: () => number;
  /** cursor is the last hit whose time is known (-1 before the first); nextNs is hit cursor + 1's time. */
  private cursor: number;
  private atNs: number;
  private nextNs: number;

  constructor(rate: Rate, seed: number, burstiness = 1) {
    if (!(rate.freq > 0)) throw new RangeError('GammaPacer needs a positive rate');
    if (!(burstiness > 0 && Number.isFinite(burstiness))) throw new RangeError('GammaPacer needs a positive, finite burstiness');
    this.meanNs = rate.perNs / rate.freq;
    this.hz = 1e9 / this.meanNs;
    this.seed = seed;
    this.shape = burstiness;
    this.boosted = burstiness < 1;
    this.d = (this.boosted ? burstiness + 1 : burstiness) - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
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

  /** gap is one inter-arrival gap in ns: mean meanNs, Gamma(shape) shaped. */
  private gap(): number {
    if (this.shape === 1) return this.meanNs * -Math.log1p(-this.random());
    let g = this.standardGamma();
    // 1 - u is in (0, 1]: the power is never 0^(1/shape) = 0 gap from u = 0 exactly.
    if (this.boosted) g *= Math.pow(1 - this.random(), 1 / this.shape);
    return (this.meanNs / this.shape) * g;
  }

  /** standardGamma draws Gamma(d + 1/3, 1) by Marsaglia and Tsang's squeeze (2000). */
  private standardGamma(): number {
    for (;;) {
      const x = this.normal();
      const t = 1 + this.c * x;
      if (t <= 0) continue;
      const v = t * t * t;
      const u = 1 - this.random();
      if (Math.log(u) < 0.5 * x * x + this.d - this.d * v + this.d * Math.log(v)) return this.d * v;
    }
  }

  /** normal is one standard normal value (Box-Muller; the second value is not kept, for simplicity). */
  private normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.random())) * Math.cos(2 * Math.PI * this.random());
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

GammaPacer satisfies new (rate: Rate, seed: number, burstiness: number) => Pacer;
