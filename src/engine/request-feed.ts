/**
 * RequestFeed says which prepared request each hit sends. ListFeed is round-robin over targets
 * read up front (hit i sends target i mod n). LazyFeed streams a targets file (vegeta's -lazy):
 * worker w keeps the targets with index ≡ w (mod workers), prefetched a few thousand ahead, and
 * the run ends when the file does.
 */
import type { DispatchTarget } from '../transports/exchange.js';

/** NOT_READY is returned while a lazy feed has not read the next target yet. */
export const NOT_READY = undefined;

export interface RequestFeed {
  /** take returns the target for hit seq; null when the feed is exhausted; NOT_READY to retry. */
  take(seq: number): DispatchTarget | null | undefined;
  /** failure is an error that ended the feed early (a malformed lazy targets file), else null. */
  readonly failure: Error | null;
  close(): void;
}

/** ListFeed is the round-robin feed over a fixed list. */
export class ListFeed implements RequestFeed {
  readonly failure = null;
  private readonly targets: readonly DispatchTarget[];
  constructor(targets: readonly DispatchTarget[]) {
    this.targets = targets;
  }
  take(seq: number): DispatchTarget {
    return this.targets[seq % this.targets.length];
  }
  close(): void {}
}

/**
 * MixedFeed takes hit i from feeds[pattern[i mod pattern.length]] (infer --mix), numbering each
 * feed's own hits 0, 1, 2... so every feed still goes round-robin over its targets.
 */
export class MixedFeed implements RequestFeed {
  private readonly pattern: readonly number[];
  private readonly feeds: readonly RequestFeed[];
  /** rank is each pattern position's index among the positions of the same feed. */
  private readonly rank: readonly number[];
  /** perPeriod is how many positions each feed has in one pattern period. */
  private readonly perPeriod: readonly number[];
  constructor(pattern: readonly number[], feeds: readonly RequestFeed[]) {
    this.pattern = pattern;
    this.feeds = feeds;
    const seen = feeds.map(() => 0);
    this.rank = pattern.map((f) => seen[f]++);
    this.perPeriod = seen;
  }
  get failure(): Error | null {
    return this.feeds.find((f) => f.failure !== null)?.failure ?? null;
  }
  take(seq: number): DispatchTarget | null | undefined {
    const pos = seq % this.pattern.length;
    const f = this.pattern[pos];
    return this.feeds[f].take(Math.floor(seq / this.pattern.length) * this.perPeriod[f] + this.rank[pos]);
  }
  close(): void {
    for (const f of this.feeds) f.close();
  }
}

const HIGH_WATER = 4096;
const LOW_WATER = 1024;

/** LazyFeed reads its share of a targets stream in the background. */
export class LazyFeed implements RequestFeed {
  private readonly queue: DispatchTarget[];
  private head: number;
  private ended: boolean;
  private closed: boolean;
  private wake: (() => void) | null;
  /** failure is set when reading the stream failed; the run stops as if it had ended. */
  failure: Error | null;

  constructor(source: AsyncIterable<DispatchTarget>, index: number, count: number) {
    this.queue = [];
    this.head = 0;
    this.ended = false;
    this.closed = false;
    this.wake = null;
    this.failure = null;
    void this.fill(source, index, count);
  }

  /** ready resolves once the first batch is read (or the stream ended). */
  async ready(): Promise<void> {
    while (!this.ended && this.queue.length - this.head < Math.min(HIGH_WATER, 64)) {
      await new Promise<void>((r) => setTimeout(r, 1));
    }
  }

  take(): DispatchTarget | null | undefined {
    if (this.head < this.queue.length) {
      const t = this.queue[this.head++];
      if (this.head > HIGH_WATER && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      if (this.wake !== null && this.queue.length - this.head < LOW_WATER) {
        const w = this.wake;
        this.wake = null;
        w();
      }
      return t;
    }
    return this.ended ? null : NOT_READY;
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  private async fill(source: AsyncIterable<DispatchTarget>, index: number, count: number): Promise<void> {
    let i = 0;
    try {
      for await (const t of source) {
        if (this.closed) break;
        if (i++ % count !== index) continue;
        this.queue.push(t);
        if (this.queue.length - this.head >= HIGH_WATER) await new Promise<void>((r) => (this.wake = r));
      }
    } catch (err) {
      this.failure = err as Error;
    }
    this.ended = true;
  }
}
