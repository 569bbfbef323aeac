/**
 * CapacityLimit caps how many inference answers the reference server sends per second, so that
 * latency rises past capacity as it does on a real server: answers beyond the capacity wait in
 * line. It is a token bucket kept as the generic cell rate algorithm's one number (the theoretical
 * time of the next answer), so it holds no timers and no queue of its own: it only says when each
 * answer may go, and the server's DelayQueue holds the answer until then.
 */

/**
 * CAPACITY_BURST_MS is the bucket's depth, in time at full capacity: up to that many ms worth of
 * answers (at least one) may go at once after a lull, so below capacity an answer is not held
 * back by the jitter of its neighbours' arrivals.
 */
export const CAPACITY_BURST_MS = 10;

export class CapacityLimit {
  /** intervalMs is the time one answer uses up at capacity: 1000 / answers per second. */
  private readonly intervalMs: number;
  /** toleranceMs is how far ahead of its slot an answer may go (the burst, less its own slot). */
  private readonly toleranceMs: number;
  /** nextMs is when the next answer's slot starts (ms on the caller's clock); -Infinity before any. */
  private nextMs: number;

  /** perSecond is the capacity in answers per second (> 0); burstMs as CAPACITY_BURST_MS. */
  constructor(perSecond: number, burstMs = CAPACITY_BURST_MS) {
    this.intervalMs = 1000 / perSecond;
    this.toleranceMs = Math.max(0, burstMs - this.intervalMs);
    this.nextMs = -Infinity;
  }

  /**
   * releaseMs is when an answer ready at readyMs may be sent: readyMs itself while there is
   * capacity left, else the time the capacity frees up. Each call takes its answer's slot.
   */
  releaseMs(readyMs: number): number {
    const release = Math.max(readyMs, this.nextMs - this.toleranceMs);
    this.nextMs = Math.max(this.nextMs, release) + this.intervalMs;
    return release;
  }
}
