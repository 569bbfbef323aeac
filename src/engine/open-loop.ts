/**
 * OpenLoop sends hits on the pacer's schedule whatever the responses do. Worker w of W sends the
 * segment's hits j = w, w+W, w+2W... (the whole test's hits s + N*j in segment s of N; j itself
 * when the test is not sharded), each at its intended time on the shared monotonic clock; every
 * tick sends all hits that are due, so a slow tick or a slow target never shifts the schedule,
 * and the intended time goes with each request so response times are corrected for coordinated
 * omission. Timers fire at ~1 ms granularity; the send lateness this causes is part of the
 * response time, never of the service time.
 */
import type { Pacer } from '../pacing/pacer.js';
import type { Scheduler } from './scheduler.js';
import type { ShardRunner } from './shard-runner.js';
import type { SendLateness } from './send-lateness.js';
import type { Segment } from '../core/run-result.js';
import { globalHit } from './shard.js';

export interface OpenLoopOptions {
  readonly index: number;
  readonly count: number;
  /** segment is the slice of the whole test's hits this process sends. */
  readonly segment: Segment;
  /** lastHit is the exclusive upper bound of global hit indexes (Infinity = none). */
  readonly lastHit: number;
  /** durationNs stops the schedule after hits due later than this (0 = none). */
  readonly durationNs: number;
  /** maxInFlight drops hits due while this many are outstanding (0 = no cap). */
  readonly maxInFlight: number;
  /** lateness, when set, records each tick's send lateness for the live view. */
  readonly lateness?: SendLateness | null;
}

export class OpenLoop implements Scheduler {
  private readonly runner: ShardRunner;
  private readonly pacer: Pacer;
  private readonly clock: () => number;
  private readonly opts: OpenLoopOptions;
  private next: number;
  private sending: boolean;
  private timer: NodeJS.Timeout | null;
  private finish: (() => void) | null;
  private readonly finished: Promise<void>;

  constructor(runner: ShardRunner, pacer: Pacer, clock: () => number, opts: OpenLoopOptions) {
    this.runner = runner;
    this.pacer = pacer;
    this.clock = clock;
    this.opts = opts;
    this.next = opts.index;
    this.sending = true;
    this.timer = null;
    this.finish = null;
    this.finished = new Promise<void>((resolve) => (this.finish = resolve));
    runner.onEnd = () => this.settle();
  }

  start(): void {
    this.tick();
  }

  stop(): void {
    this.sending = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.settle();
  }

  done(): Promise<void> {
    return this.finished;
  }

  /** tick sends every own hit that is due, then sleeps until the next one is. */
  tick(): void {
    this.timer = null;
    if (!this.sending) return;
    const { count, maxInFlight, segment } = this.opts;
    const now = this.clock();
    let hit = globalHit(segment, this.next);
    let due = this.pacer.intendedNs(hit);
    if (due <= now) this.opts.lateness?.record(now - due);
    while (due <= now && this.inSchedule(hit, due)) {
      if (maxInFlight > 0 && this.runner.inFlight >= maxInFlight) this.runner.drop();
      else {
        const outcome = this.runner.send(hit, due);
        if (outcome === 'not-ready') break;
        if (outcome === 'exhausted') return this.stop();
      }
      this.next += count;
      hit = globalHit(segment, this.next);
      due = this.pacer.intendedNs(hit);
    }
    if (!this.inSchedule(hit, due)) return this.stop();
    const waitMs = Math.max(0, (due - this.clock()) / 1e6);
    this.timer = setTimeout(onTick, waitMs, this);
  }

  private inSchedule(hit: number, due: number): boolean {
    if (hit >= this.opts.lastHit) return false;
    return this.opts.durationNs === 0 || due <= this.opts.durationNs;
  }

  private settle(): void {
    if (!this.sending && this.runner.inFlight === 0 && this.finish !== null) {
      const f = this.finish;
      this.finish = null;
      f();
    }
  }
}

function onTick(s: OpenLoop): void {
  s.tick();
}
