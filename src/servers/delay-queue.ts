/**
 * DelayQueue releases items at precise monotonic deadlines without blocking the event loop.
 *
 * setTimeout alone fires anywhere from 1 ms early to 1 ms late (libuv keeps time in whole
 * milliseconds, cached per loop turn), so the queue arms one timer for SPIN_WINDOW_MS before the
 * earliest deadline and then polls with setImmediate until `performance.now()` reaches it. Each
 * setImmediate turn lets I/O run, so other connections are served meanwhile; the price is CPU
 * while a deadline is under SPIN_WINDOW_MS away. One timer and one poll loop serve all pending
 * items (a binary heap orders them), so the cost does not grow with the number in flight.
 */
import { performance } from 'node:perf_hooks';

/** SPIN_WINDOW_MS is how long before a deadline the queue switches from a timer to polling. */
export const SPIN_WINDOW_MS = 1.5;

/** DelayQueue holds items of type T until their deadlines (ms on the performance.now() clock). */
export class DelayQueue<T> {
  private readonly release: (item: T) => void;
  private readonly precise: boolean;
  /** deadlines and items form a binary min-heap on deadlines, index-aligned. */
  private readonly deadlines: number[];
  private readonly items: T[];
  private timer: NodeJS.Timeout | undefined;
  /** timerDeadlineMs is the deadline the armed timer is for (Infinity when none). */
  private timerDeadlineMs: number;
  private polling: boolean;
  private readonly onTimer: () => void;
  private readonly onPoll: () => void;

  /**
   * release is called once per item at (or just after) its deadline. With precise false the
   * queue only uses timers: no polling CPU, but items come out up to ~1 ms late.
   */
  constructor(release: (item: T) => void, precise = true) {
    this.release = release;
    this.precise = precise;
    this.deadlines = [];
    this.items = [];
    this.timer = undefined;
    this.timerDeadlineMs = Infinity;
    this.polling = false;
    this.onTimer = () => {
      this.timer = undefined;
      this.timerDeadlineMs = Infinity;
      this.run();
    };
    this.onPoll = () => {
      this.polling = false;
      this.run();
    };
  }

  /** size is the number of items waiting. */
  get size(): number {
    return this.items.length;
  }

  /** push schedules item for deadlineMs (performance.now() time, ms); a past deadline releases soon. */
  push(deadlineMs: number, item: T): void {
    this.heapPush(deadlineMs, item);
    if (this.deadlines[0] === deadlineMs) this.arm(performance.now());
  }

  /** clear drops every waiting item without releasing it and stops the timer. */
  clear(): void {
    this.deadlines.length = 0;
    this.items.length = 0;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDeadlineMs = Infinity;
  }

  /** run releases everything due, then re-arms for the next deadline. */
  private run(): void {
    let now = performance.now();
    while (this.deadlines.length > 0 && this.deadlines[0] <= now) {
      this.release(this.heapPop());
      now = performance.now();
    }
    this.arm(now);
  }

  /** arm makes sure the earliest deadline will be served: by polling if close, else by a timer. */
  private arm(now: number): void {
    if (this.deadlines.length === 0) return;
    const next = this.deadlines[0];
    const remaining = next - now;
    if (this.precise && remaining <= SPIN_WINDOW_MS) {
      if (!this.polling) {
        this.polling = true;
        setImmediate(this.onPoll);
      }
      return;
    }
    if (this.timer !== undefined) {
      if (this.timerDeadlineMs <= next) return;
      clearTimeout(this.timer);
    }
    const wait = this.precise ? remaining - SPIN_WINDOW_MS : remaining;
    this.timer = setTimeout(this.onTimer, wait > 1 ? Math.floor(wait) : 1);
    // The server's sockets keep the process alive; a pending delay alone should not.
    this.timer.unref();
    this.timerDeadlineMs = next;
  }

  private heapPush(deadline: number, item: T): void {
    const d = this.deadlines;
    const it = this.items;
    let i = d.length;
    d.push(deadline);
    it.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (d[parent] <= deadline) break;
      d[i] = d[parent];
      it[i] = it[parent];
      i = parent;
    }
    d[i] = deadline;
    it[i] = item;
  }

  private heapPop(): T {
    const d = this.deadlines;
    const it = this.items;
    const top = it[0];
    const lastD = d.pop() as number;
    const lastIt = it.pop() as T;
    const n = d.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && d[r] < d[l] ? r : l;
      if (d[c] >= lastD) break;
      d[i] = d[c];
      it[i] = it[c];
      i = c;
    }
    d[i] = lastD;
    it[i] = lastIt;
    return top;
  }
}
