/**
 * SendLateness is an open-loop worker's send lateness over one snapshot interval: how far behind
 * its intended send time each tick of the scheduler starts sending (the tick's first due hit, the
 * latest one of that tick). It is a fixed log-linear array of microsecond buckets (8 per power of
 * two, so within 12.5 %), recorded once per tick, not per request, and allocating nothing.
 */
const SUB = 8;
const SUB_BITS = 3;
const BUCKETS = SUB + (32 - SUB_BITS) * SUB;

/** bucketOf is the bucket of a lateness in whole µs: exact below 8 µs, then 8 per power of two. */
function bucketOf(us: number): number {
  if (us < SUB) return us;
  const e = 31 - Math.clz32(us);
  return SUB + (e - SUB_BITS) * SUB + ((us >>> (e - SUB_BITS)) & (SUB - 1));
}

/** upperUs is the exclusive upper bound of a bucket, in µs. */
function upperUs(b: number): number {
  if (b < SUB) return b + 1;
  const e = Math.floor((b - SUB) / SUB) + SUB_BITS;
  const sub = (b - SUB) % SUB;
  return (SUB + sub + 1) * 2 ** (e - SUB_BITS);
}

export class SendLateness {
  private readonly counts: Uint32Array;
  private total: number;

  constructor() {
    this.counts = new Uint32Array(BUCKETS);
    this.total = 0;
  }

  /** record takes one tick's lateness in ns (0 or less = on time). */
  record(latenessNs: number): void {
    const us = latenessNs <= 0 ? 0 : Math.min(0xffffffff, Math.floor(latenessNs / 1000));
    this.counts[bucketOf(us)]++;
    this.total++;
  }

  /** takeP99Ns is the interval's p99 (its bucket's upper bound; 0 without any tick) and starts the next interval. */
  takeP99Ns(): number {
    if (this.total === 0) return 0;
    const rank = Math.ceil(this.total * 0.99);
    let seen = 0;
    let b = 0;
    for (; b < BUCKETS - 1; b++) {
      seen += this.counts[b];
      if (seen >= rank) break;
    }
    this.counts.fill(0);
    this.total = 0;
    return b === 0 ? 0 : upperUs(b) * 1000;
  }
}
