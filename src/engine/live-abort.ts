/**
 * LiveAbort judges the abortOnFail objectives (k6's thresholds with abortOnFail) on each live
 * snapshot once their delayAbortNs has passed, and names the first that fails. A metric with no
 * value yet (no result so far) does not abort: k6 only fails a threshold on data it has.
 */
import { compareSlo, type Slo, type SloVerdict } from '../core/slo.js';
import type { LiveSnapshot } from '../core/live-snapshot.js';
import { measureLive } from '../results/slo-judge.js';

export class LiveAbort {
  private readonly slos: readonly Slo[];

  constructor(slos: readonly Slo[]) {
    this.slos = slos.filter((s) => s.abortOnFail);
  }

  /** active says whether any objective can abort the run. */
  get active(): boolean {
    return this.slos.length > 0;
  }

  /** failed is the first abortOnFail objective the snapshot fails; null when none does (yet). */
  failed(s: LiveSnapshot): SloVerdict | null {
    for (const slo of this.slos) {
      if (s.elapsedNs < slo.delayAbortNs) continue;
      const measured = measureLive(slo.metric, s);
      if (measured === null) continue;
      if (!compareSlo(slo.op, measured, slo.limit)) return { slo, measured, pass: false };
    }
    return null;
  }
}
