/**
 * ClosedLoop runs virtual users: each has one request outstanding and sends its next as soon as
 * the previous one is recorded. Sequence numbers come from a counter shared by all workers
 * (Atomics on a SharedArrayBuffer), so --iterations is exact over the whole run. In segment s of
 * N of a sharded test the counter counts the segment's own requests (up to its share of the
 * iterations) and request c goes out as the whole test's s + N*c, as an open-loop hit would.
 */
import type { Segment } from '../core/run-result.js';
import { globalHit } from './shard.js';
import type { Scheduler } from './scheduler.js';
import type { ShardRunner } from './shard-runner.js';

export interface ClosedLoopOptions {
  readonly vus: number;
  /** vusAt, when set, is how many users this worker should run at an elapsed time (a schedule). */
  readonly vusAt: ((elapsedNs: number) => number) | null;
  /** iterations is the total over all workers of this process (0 = none). */
  readonly iterations: number;
  /** segment is the slice of the whole test this process runs. */
  readonly segment: Segment;
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
  /** active counts the users running; retiring, those to stop when their request ends. */
  private active: number;
  private retiring: number;
  private rampTimer: NodeJS.Timeout | null;

  constructor(runner: ShardRunner, clock: () => number, opts: ClosedLoopOptions) {
    this.runner = runner;
    this.clock = clock;
    this.opts = opts;
    this.sending = true;
    this.retrying = [];
    this.finish = null;
    this.finished = new Promise<void>((resolve) => (this.finish = resolve));
    this.active = 0;
    this.retiring = 0;
    this.rampTimer = null;
    runner.onEnd = () => this.next();
  }

  start(): void {
    const vusAt = this.opts.vusAt;
    this.addUsers(vusAt === null ? this.opts.vus : vusAt(0));
    if (vusAt !== null) this.rampTimer = setInterval(rebalance, RAMP_EVERY_MS, this);
  }

  stop(): void {
    this.sending = false;
    if (this.rampTimer !== null) clearInterval(this.rampTimer);
    this.rampTimer = null;
    this.settle();
  }

  /** rebalance moves the number of users toward the schedule's (ghz --concurrency-schedule). */
  rebalance(): void {
    if (this.opts.durationNs > 0 && this.clock() >= this.opts.durationNs) return this.stop();
    const want = this.opts.vusAt!(this.clock());
    const have = this.active - this.retiring;
    if (want > have) {
      const back = Math.min(this.retiring, want - have);
      this.retiring -= back;
      this.addUsers(want - have - back);
    } else if (want < have) this.retiring += have - want;
  }

  /** next runs when a user's request ended: the user retires if the schedule asks, else goes on. */
  private next(): void {
    if (this.retiring > 0) {
      this.retiring--;
      this.active--;
      return this.settle();
    }
    this.continue();
  }

  private addUsers(n: number): void {
    this.active += n;
    for (let i = 0; i < n; i++) this.continue();
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
    this.sendSeq(globalHit(this.opts.segment, seq));
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
    if (!this.sending && this.rampTimer !== null) {
      clearInterval(this.rampTimer);
      this.rampTimer = null;
    }
    if (!this.sending && this.runner.inFlight === 0 && this.retrying.length === 0 && this.finish !== null) {
      const f = this.finish;
      this.finish = null;
      f();
    }
  }
}

const RAMP_EVERY_MS = 50;

function rebalance(s: ClosedLoop): void {
  s.rebalance();
}

function retry(s: ClosedLoop): void {
  s.resume();
}
