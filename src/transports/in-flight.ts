/**
 * InFlightList holds a worker's outstanding exchanges in send order (an intrusive doubly linked
 * list, no allocation), so one periodic sweep can time out the oldest ones and a stop can cancel
 * them all, whichever transport carries them. One timer instead of one per request.
 */
import type { HttpExchange } from './exchange.js';
import { TimeoutError } from './transport-errors.js';

export class InFlightList {
  private head: HttpExchange | null;
  private tail: HttpExchange | null;
  private readonly timeoutNs: number;
  private readonly clock: () => number;
  private readonly sweepTimer: NodeJS.Timeout | null;

  /** timeoutNs bounds each exchange (0 = none); clock returns elapsed ns. */
  constructor(timeoutNs: number, clock: () => number) {
    this.head = null;
    this.tail = null;
    this.timeoutNs = timeoutNs;
    this.clock = clock;
    // A sweep every 1/20 of the timeout (5 to 250 ms) keeps timeouts within 5 % of their value.
    const everyMs = Math.min(250, Math.max(5, timeoutNs / 1e6 / 20));
    this.sweepTimer = timeoutNs > 0 ? setInterval(sweep, everyMs, this) : null;
    this.sweepTimer?.unref();
  }

  link(x: HttpExchange): void {
    x.prev = this.tail;
    x.next = null;
    if (this.tail !== null) this.tail.next = x;
    else this.head = x;
    this.tail = x;
  }

  unlink(x: HttpExchange): void {
    if (x.prev !== null) x.prev.next = x.next;
    else if (this.head === x) this.head = x.next;
    if (x.next !== null) x.next.prev = x.prev;
    else if (this.tail === x) this.tail = x.prev;
    x.prev = null;
    x.next = null;
  }

  /** abortAll ends every exchange still in flight with err. */
  abortAll(err: Error): void {
    for (let x = this.head; x !== null; ) {
      const next = x.next;
      x.abort(err);
      x = next;
    }
  }

  /** expire aborts the exchanges older than the timeout; they are linked in send order. */
  expire(): void {
    const limit = this.clock() - this.timeoutNs;
    for (let x = this.head; x !== null && x.sentNs <= limit; ) {
      const next = x.next;
      x.abort(new TimeoutError('request timeout'));
      x = next;
    }
  }

  close(): void {
    if (this.sweepTimer !== null) clearInterval(this.sweepTimer);
  }
}

function sweep(list: InFlightList): void {
  list.expire();
}
