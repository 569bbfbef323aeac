/**
 * ThroughputResampler is one side's throughput (successes/s, as the text report's) for the
 * bootstrap. Over rounds, a resample is the pooled throughput of the picked rounds (their
 * successes over their summed spans). Without round resampling it resamples seconds instead: the
 * per-second success counts of every round's full seconds (the first and last are partial), their
 * mean scaling the recorded throughput, since one record holds one throughput and no spread.
 */
import type { RunResult } from '../core/run-result.js';
import type { Resampler } from './bootstrap.js';

/** MIN_SECONDS is how many full seconds a side needs for the seconds bootstrap to say anything. */
export const MIN_SECONDS = 3;

export class ThroughputResampler implements Resampler {
  readonly rounds: number;
  readonly statistics: number;
  readonly estimable: boolean;
  private readonly successes: Float64Array;
  private readonly spanSeconds: Float64Array;
  /** perSecond are the successes of each full second of every round (the seconds bootstrap's data). */
  private readonly perSecond: Float64Array;
  private readonly perSecondMean: number;
  private readonly throughput: number;

  /** resampleRounds says which bootstrap this side takes part in (see the file comment). */
  constructor(rounds: readonly RunResult[], resampleRounds: boolean) {
    this.rounds = rounds.length;
    this.statistics = 1;
    this.successes = Float64Array.from(rounds, (r) => r.successes);
    this.spanSeconds = Float64Array.from(rounds, spanSecondsOf);
    this.perSecond = Float64Array.from(rounds.flatMap(fullSecondSuccesses));
    this.perSecondMean = this.perSecond.reduce((a, b) => a + b, 0) / this.perSecond.length;
    this.throughput = pooledThroughput(this.successes, this.spanSeconds, null);
    this.estimable = resampleRounds || (this.perSecond.length >= MIN_SECONDS && this.perSecondMean > 0);
  }

  observed(out: Float64Array): void {
    out[0] = this.throughput;
  }

  resample(picks: Int32Array | null, random: () => number, out: Float64Array): void {
    if (picks !== null) {
      out[0] = pooledThroughput(this.successes, this.spanSeconds, picks);
      return;
    }
    if (!this.estimable) return this.observed(out);
    const n = this.perSecond.length;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.perSecond[Math.floor(random() * n)];
    out[0] = (this.throughput * sum) / n / this.perSecondMean;
  }
}

/** spanSecondsOf is the span summarize() divides successes by: first send to last response end. */
function spanSecondsOf(r: RunResult): number {
  return (r.activeNs?.total ?? r.endNs - r.earliestNs) / 1e9;
}

/** pooledThroughput is the picked rounds' successes over their spans (all rounds when picks is null). */
function pooledThroughput(successes: Float64Array, spanSeconds: Float64Array, picks: Int32Array | null): number {
  let ok = 0;
  let secs = 0;
  const n = picks === null ? successes.length : picks.length;
  for (let k = 0; k < n; k++) {
    const r = picks === null ? k : picks[k];
    ok += successes[r];
    secs += spanSeconds[r];
  }
  // summarize()'s convention: with no span, the throughput is the count.
  return secs > 0 ? ok / secs : ok;
}

/** fullSecondSuccesses are a round's per-second successes without its first and last (partial) seconds. */
function fullSecondSuccesses(r: RunResult): number[] {
  return r.series.slice(1, -1).map((s) => s.requests - s.errors);
}
