/**
 * RequestPointsTap collects the per-request points of a results stream as it passes (send time,
 * service time, success), for the HTML report's latency scatter when `loadgen report` is given
 * results files: the records stream by once, into number columns, and the run's statistics are
 * replayed from the same pass.
 */
import type { ResultRecord } from './result-record.js';

/** RequestPointColumns are the columns htmlReport's scatter reads (send offsets from the run's elapsed zero). */
export interface RequestPointColumns {
  readonly sentNs: readonly number[];
  readonly latencyNs: readonly number[];
  readonly ok: readonly number[];
}

export class RequestPointsTap {
  private base: bigint | null;
  private readonly sentNs: number[];
  private readonly latencyNs: number[];
  private readonly ok: number[];

  constructor() {
    this.base = null;
    this.sentNs = [];
    this.latencyNs = [];
    this.ok = [];
  }

  /** tap passes every record on, keeping its point. */
  async *tap(records: AsyncIterable<ResultRecord>): AsyncGenerator<ResultRecord> {
    for await (const r of records) {
      if (this.base === null) this.base = r.timestampUnixNs;
      this.sentNs.push(Number(r.timestampUnixNs - this.base));
      this.latencyNs.push(r.latencyNs);
      // vegeta's success: a 2xx/3xx status and no error.
      this.ok.push(r.error === '' && r.code >= 200 && r.code < 400 ? 1 : 0);
      yield r;
    }
  }

  /** points are the kept columns with send times as offsets from startUnixNs (the replayed run's zero). */
  points(startUnixNs: bigint): RequestPointColumns {
    const shift = this.base === null ? 0 : Number(this.base - startUnixNs);
    return { sentNs: this.sentNs.map((t) => t + shift), latencyNs: this.latencyNs, ok: this.ok };
  }
}
