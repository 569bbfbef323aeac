/**
 * OpenLoop sends hits on the pacer's schedule whatever the responses do. Worker w of W sends the
 * segment's hits j = w, w+W, w+2W... (the whole test's hits s + N*j in segment s of N; j itself
 * when the test is not sharded), each at its intended time on the shared monotonic clock; every
 * tick sends all hits that are due, so a slow tick or a slow target never shifts the schedule,
 * and the intended time goes with each request so response times are corrected for coordinated
 * omission. Timers fire at ~1 ms granularity; the send lateness this causes is part of the
 * response time, never of the service time.
 *
 * A tick sends the due hits of at most SLICE_NS of the schedule (and at least SLICE_MIN_HITS)
 * before it lets the event loop read what arrived (setImmediate runs after the poll phase) and
 * goes on. After a stall of the generator itself the answers to earlier requests sit unread while
 * thousands of hits are due: sent in one go, each would find every connection busy and open one
 * more (a 0.5 s stall at 5k/s made 2500), and those connections held their memory to the end of
 * the run. The slice is schedule time, not a count, so an on-time tick (a ms or two due) is never
 * cut: cut at 32 hits, a 50k/s worker fell ~100 ms behind in its first second, when every
 * event-loop turn is slow.
 *
 * At the in-flight cap a due hit waits for a free slot rather than being dropped at once: a stall
 * of the generator itself (GC, compilation, a busy CPU) makes a burst of hits due together, and
 * the target may well take them. The waiting hit keeps its intended time, so its wait is in its
 * corrected response time. Hits of the schedule still unsent when the schedule's end has passed
 * are dropped and counted, so sent + dropped is always the whole schedule: an open loop that
 * falls behind says so in the report instead of silently sending fewer.
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
  /** maxInFlight holds hits due while this many are outstanding until one ends (0 = no cap). */
  readonly maxInFlight: number;
  /** lateness, when set, records each tick's send lateness for the live view. */
  readonly lateness?: SendLateness | null;
}

/** SLICE_NS is how much of the schedule a tick sends before it yields to I/O (see the file comment). */
export const SLICE_NS = 5e6;
/** SLICE_MIN_HITS keeps a slice going at rates where SLICE_NS holds only a few hits. */
export const SLICE_MIN_HITS = 32;

export class OpenLoop implements Scheduler {
  private readonly runner: ShardRunner;
  private readonly pacer: Pacer;
  private readonly clock: () => number;
  private readonly opts: OpenLoopOptions;
  private next: number;
  private sending: boolean;
  /** atCap is true while due hits wait for an outstanding one to end. */
  private atCap: boolean;
  private timer: NodeJS.Timeout | null;
  /**
   * shortWait is the 1 ms timer of the last short sleep, re-armed with refresh() while it has
   * fired and not been cleared: at high rates almost every sleep is under 1 ms (node waits 1 ms
   * for those), and one Timeout for all of them saves allocating one per tick.
   */
  private shortWait: NodeJS.Timeout | null;
  /** slice is the pending continuation of a burst cut at SLICE_NS. */
  private slice: NodeJS.Immediate | null;
  private finish: (() => void) | null;
  private readonly finished: Promise<void>;

  constructor(runner: ShardRunner, pacer: Pacer, clock: () => number, opts: OpenLoopOptions) {
    this.runner = runner;
    this.pacer = pacer;
    this.clock = clock;
    this.opts = opts;
    this.next = opts.index;
    this.sending = true;
    this.atCap = false;
    this.timer = null;
    this.shortWait = null;
    this.slice = null;
    this.finish = null;
    this.finished = new Promise<void>((resolve) => (this.finish = resolve));
    runner.onEnd = () => this.ended();
  }

  start(): void {
    this.tick();
  }

  stop(): void {
    this.sending = false;
    this.cancelTimer();
    if (this.slice !== null) clearImmediate(this.slice);
    this.slice = null;
    this.settle();
  }

  done(): Promise<void> {
    return this.finished;
  }

  /** tick sends every own hit that is due, then sleeps until the next one is (or until a slot frees). */
  tick(): void {
    this.timer = null;
    this.slice = null;
    this.atCap = false;
    if (!this.sending) return;
    const { count, maxInFlight, segment, durationNs } = this.opts;
    const now = this.clock();
    let hit = globalHit(segment, this.next);
    let due = this.pacer.intendedNs(hit);
    if (due <= now) this.opts.lateness?.record(now - due);
    let sent = 0;
    const sliceEnd = due + SLICE_NS;
    while (due <= now && this.inSchedule(hit, due)) {
      if (due > sliceEnd && sent >= SLICE_MIN_HITS) {
        this.slice = setImmediate(onTick, this);
        return;
      }
      if (maxInFlight > 0 && this.runner.inFlight >= maxInFlight) {
        if (durationNs > 0 && now >= durationNs) return this.dropRest();
        // Wait for a slot; the schedule's end still comes on time if none frees.
        this.atCap = true;
        if (durationNs > 0) this.timer = setTimeout(onTick, (durationNs - now) / 1e6, this);
        return;
      }
      const outcome = this.runner.send(hit, due);
      if (outcome === 'not-ready') break;
      if (outcome === 'exhausted') return this.stop();
      sent++;
      this.next += count;
      hit = globalHit(segment, this.next);
      due = this.pacer.intendedNs(hit);
    }
    if (!this.inSchedule(hit, due)) return this.stop();
    const waitMs = (due - this.clock()) / 1e6;
    if (waitMs > 1) this.timer = setTimeout(onTick, waitMs, this);
    else if (this.shortWait !== null) this.timer = this.shortWait.refresh();
    else this.timer = this.shortWait = setTimeout(onTick, 1, this);
  }

  /** cancelTimer clears the pending sleep; a cleared Timeout cannot be refreshed, so shortWait goes too. */
  private cancelTimer(): void {
    if (this.timer === null) return;
    clearTimeout(this.timer);
    if (this.timer === this.shortWait) this.shortWait = null;
    this.timer = null;
  }

  /** dropRest counts every own hit of the schedule not sent by its end as dropped, and stops. */
  private dropRest(): void {
    let hit = globalHit(this.opts.segment, this.next);
    while (this.inSchedule(hit, this.pacer.intendedNs(hit))) {
      this.runner.drop();
      this.next += this.opts.count;
      hit = globalHit(this.opts.segment, this.next);
    }
    this.stop();
  }

  /** ended follows every finished exchange: a hit waiting at the cap may go now. */
  private ended(): void {
    if (this.atCap && this.sending) {
      this.atCap = false;
      this.cancelTimer();
      this.timer = setTimeout(onTick, 0, this);
    }
    this.settle();
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
