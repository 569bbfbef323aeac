/**
 * ClosedLoop runs virtual users: each has one request outstanding and sends its next as soon as
 * the previous one is recorded. Sequence numbers come from a counter shared by all workers
 * (Atomics on a SharedArrayBuffer), so --iterations is exact over the whole run.
 */
import type { Scheduler } from './scheduler.js';
import type { ShardRunner } from './shard-runner.js';

export interface ClosedLoopOptions {
  readonly vus: number;
  /** iterations is the total over all workers (0 = none). */
  readonly iterations: number;
  readonly durationNs: number;
  /** counter is the run-wide next sequence number. */
  readonly counter: Int32Array;
}

export class ClosedLoop implements Scheduler {
  private readonly runner: ShardRunner;
  private readonly clock: () => number;
  private readonly opts: ClosedLoopOptions;
  private sending: boolean;
  /** retrying holds sequence numbers taken while a lazy feed was behind, sent again shortly. */
  private readonly retrying: number[];
  private finish: (() => void) | null;
  private readonly finished: Promise<void>;

  constructor(runner: ShardRunner, clock: () => number, opts: ClosedLoopOptions) {
    this.runner = runner;
    this.clock = clock;
    this.opts = opts;
    this.sending = true;
    this.retrying = [];
    this.finish = null;
    this.finished = new Promise<void>((resolve) => (this.finish = resolve));
    runner.onEnd = () => this.continue();
  }

  start(): void {
    for (let i = 0; i < this.opts.vus; i++) this.continue();
  }

  stop(): void {
    this.sending = false;
    this.settle();
  }

  done(): Promise<void> {
    return this.finished;
  }

  /** continue gives one virtual user its next request, or retires it. */
  continue(): void {
    if (this.sending && this.opts.durationNs > 0 && this.clock() >= this.opts.durationNs) this.sending = false;
    if (!this.sending) return this.settle();
    const seq = Atomics.add(this.opts.counter, 0, 1);
    if (this.opts.iterations > 0 && seq >= this.opts.iterations) {
      this.sending = false;
      return this.settle();
    }
    this.sendSeq(seq);
  }

  /** resume sends a sequence number again once a lazy feed has caught up. */
  resume(): void {
    const seq = this.retrying.shift()!;
    if (this.sending) this.sendSeq(seq);
    else this.settle();
  }

  private sendSeq(seq: number): void {
    const outcome = this.runner.send(seq, NaN);
    if (outcome === 'exhausted') {
      this.sending = false;
      this.settle();
    } else if (outcome === 'not-ready') {
      // A lazy feed is behind: this user tries the same sequence number again shortly.
      this.retrying.push(seq);
      setTimeout(retry, 1, this);
    }
  }

  private settle(): void {
    if (!this.sending && this.runner.inFlight === 0 && this.retrying.length === 0 && this.finish !== null) {
      const f = this.finish;
      this.finish = null;
      f();
    }
  }
}

function retry(s: ClosedLoop): void {
  s.resume();
}
