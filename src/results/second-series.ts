/**
 * SecondSeries keeps a worker's per-second accumulators: a recorder asks for the second of an
 * event's time and adds to it. Seconds more than sealAfterS behind the newest one opened are
 * sealed (encoded, their histograms freed), so memory stays flat however long the run; a late
 * event for a sealed second opens a fresh entry, which the merge adds up. The HTTP series
 * (recorder.ts) and the LLM one (llm-seconds.ts) each give their accumulator and its sealed form.
 */

interface OfSecond {
  readonly second: number;
}

/** Renewable is an accumulator that can be emptied and given to another second. */
interface Renewable extends OfSecond {
  renew(second: number): void;
}

export class SecondSeries<A extends Renewable, S extends OfSecond> {
  private readonly open: Map<number, A>;
  private last: A | null;
  private readonly sealed: S[];
  /** spare holds sealed accumulators waiting to be renewed (at most the ones sealed at once). */
  private readonly spare: A[];
  private readonly make: (second: number) => A;
  private readonly seal: (a: A) => S;
  private readonly sealAfterS: number;

  constructor(make: (second: number) => A, seal: (a: A) => S, sealAfterS: number) {
    this.open = new Map();
    this.last = null;
    this.sealed = [];
    this.spare = [];
    this.make = make;
    this.seal = seal;
    this.sealAfterS = sealAfterS;
  }

  /** at is the accumulator of the second holding tNs (ns since the run's elapsed zero). */
  at(tNs: number): A {
    const second = Math.floor(tNs / 1e9);
    const last = this.last;
    if (last !== null && last.second === second) return last;
    let acc = this.open.get(second);
    if (acc === undefined) {
      acc = this.spare.pop();
      if (acc === undefined) acc = this.make(second);
      else acc.renew(second);
      this.open.set(second, acc);
      this.sealBefore(second - this.sealAfterS);
    }
    this.last = acc;
    return acc;
  }

  /** openAt is the still-open accumulator of a second, if there is one (no entry is made). */
  openAt(second: number): A | undefined {
    return this.open.get(second);
  }

  /** all is every second, sealed and open, in order (sealed copies of a second stay separate). */
  all(): S[] {
    return [...this.sealed, ...[...this.open.values()].map(this.seal)].sort((a, b) => a.second - b.second);
  }

  private sealBefore(second: number): void {
    for (const [k, acc] of this.open) {
      if (k >= second) continue;
      this.sealed.push(this.seal(acc));
      this.open.delete(k);
      if (this.last === acc) this.last = null;
      this.spare.push(acc);
    }
  }
}
