/**
 * replayResults rebuilds a RunResult from per-request results (vegeta JSON lines or CSV, written
 * by loadgen or by vegeta): every record goes through the same Recorder a worker uses, so a
 * re-report is computed exactly as the live one, minus what the files do not hold (intended send
 * times, so no response-time histogram; dropped; the in-flight peak).
 */
import { Recorder } from './recorder.js';
import { mergeShards } from './merge.js';
import type { ResultRecord } from './result-record.js';
import type { RunResult } from '../core/run-result.js';
import type { ErrorKind, Outcome } from '../core/outcome.js';
import { errorKindOfText } from './error-kind-of-text.js';

/** ReplayOutcome is one record's outcome, reused from record to record. */
class ReplayOutcome implements Outcome {
  readonly protocol = 'http';
  code = 0;
  errorKind: ErrorKind | null = null;
  errorText = '';

  /** set keeps vegeta's view: a result failed when it has an error text or a code outside 200..399. */
  set(r: ResultRecord): this {
    this.code = r.code;
    if (r.error !== '') {
      this.errorText = r.error;
      this.errorKind = errorKindOfText(r.error);
    } else if (r.code >= 200 && r.code < 400) {
      this.errorText = '';
      this.errorKind = null;
    } else {
      this.errorText = `${r.code}`;
      this.errorKind = 'status';
    }
    return this;
  }
}

export async function replayResults(records: AsyncIterable<ResultRecord>, sources: string): Promise<RunResult> {
  // Offsets are kept relative to the first record's second; unsorted inputs just give negative ones.
  const recorder = new Recorder(false, Infinity);
  let base: bigint | null = null;
  let name = '';
  const outcome = new ReplayOutcome();
  for await (const r of records) {
    if (base === null) {
      base = r.timestampUnixNs - (r.timestampUnixNs % 1_000_000_000n);
      name = r.attack;
    }
    const sentNs = Number(r.timestampUnixNs - base);
    recorder.sent();
    recorder.record(outcome.set(r), NaN, sentNs, sentNs + r.latencyNs, r.bytesIn, r.bytesOut);
  }
  const result = recorder.result();
  return mergeShards([{ ...result, inFlightPeak: 0 }], {
    meta: { command: 'report', protocol: 'http', name, target: sources, mode: 'replay', rateHz: null, vus: null, workers: 0, connections: 0 },
    startUnixNs: base ?? 0n,
    interrupted: false,
  });
}
