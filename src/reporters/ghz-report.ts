/**
 * ghzReportInput turns a RunResult of a gRPC run into what the ghz reporters read: the per-call
 * log (exact statistics), the run's end as ghz's `date`, its length as `total`, and the facts
 * only the command line knows (options, tags, --count-errors, why the run ended).
 */
import { emptyCallLog } from '../core/call-log-snapshot.js';
import type { RunResult } from '../core/run-result.js';
import type { GhzEndReason, GhzOptions, GhzReportInput } from './ghz-report-input.js';

/** GhzRunFacts are what a ghz report shows beyond the results. */
export interface GhzRunFacts {
  readonly options: GhzOptions;
  readonly tags: Readonly<Record<string, string>>;
  readonly countErrors: boolean;
  /** timed says the run was bounded by -z (ghz's `timeout` end reason). */
  readonly timed: boolean;
  /** details asks for ghz's per-call `details` in the JSON report. */
  readonly details: boolean;
}

export function ghzReportInput(r: RunResult, facts: GhzRunFacts): GhzReportInput {
  const log = r.callLog ?? emptyCallLog(r.startUnixNs);
  const endReason: GhzEndReason = r.interrupted ? 'cancel' : facts.timed ? 'timeout' : 'normal';
  return {
    dateUnixNs: r.startUnixNs + BigInt(Math.round(r.endNs)),
    name: r.meta.name,
    endReason,
    options: facts.options,
    tags: facts.tags,
    count: log.count,
    totalNs: r.endNs,
    latencySumSeconds: log.latencySumSeconds,
    statusCounts: log.statusCounts,
    errorCounts: log.errorCounts,
    calls: log.calls,
    countErrors: facts.countErrors,
  };
}
