/**
 * CycleQueue hands out a lifecycle run's model cycles (every model, --cycles times) to the
 * concurrent workers so that one model is never in two cycles at once (its load and unload would
 * interfere): a model waits in a ready line, is taken, and rejoins the line's end when its cycle
 * ends, until it has done every cycle. Models therefore go round robin, in --models order.
 */

/** CycleJob is one cycle (0-based) of one model (its index in the plan). */
export interface CycleJob {
  readonly model: number;
  readonly cycle: number;
}

export class CycleQueue {
  private readonly cycles: number;
  /** nextCycle[m] is the next cycle model m has to do. */
  private readonly nextCycle: Uint32Array;
  /** line holds the models ready for their next cycle; head is the first not yet taken. */
  private line: number[];
  private head = 0;
  private busy = 0;
  private stopped = false;
  private waiters: Array<() => void> = [];

  constructor(models: number, cycles: number) {
    this.cycles = cycles;
    this.nextCycle = new Uint32Array(models);
    this.line = Array.from({ length: models }, (_, i) => i);
  }

  /** take resolves to the next job, or null once every cycle is done or the queue is stopped. */
  async take(): Promise<CycleJob | null> {
    for (;;) {
      if (this.stopped) return null;
      if (this.head < this.line.length) {
        const model = this.line[this.head++];
        if (this.head > 1024 && this.head * 2 > this.line.length) {
          this.line = this.line.slice(this.head);
          this.head = 0;
        }
        this.busy++;
        return { model, cycle: this.nextCycle[model]++ };
      }
      if (this.busy === 0) return null;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** done ends a job: its model rejoins the line if it has cycles left. */
  done(job: CycleJob): void {
    this.busy--;
    if (this.nextCycle[job.model] < this.cycles) {
      this.line.push(job.model);
      this.waiters.shift()?.();
    } else if (this.busy === 0 && this.head >= this.line.length) {
      this.wakeAll();
    }
  }

  /** stop hands out no more jobs; takers waiting get null. */
  stop(): void {
    this.stopped = true;
    this.wakeAll();
  }

  /** remaining is true while some cycle has not been handed out. */
  get remaining(): boolean {
    if (this.head < this.line.length) return true;
    for (const c of this.nextCycle) if (c < this.cycles) return true;
    return false;
  }

  private wakeAll(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
