/**
 * ghzReportInput turns a RunResult of a gRPC run into what the ghz reporters read: the per-call
 * log (exact statistics), the run's end as ghz's `date`, its length as `total`, and the facts
 * only the command line knows (options, tags, --count-errors, why the run ended).
 */
import { emptyCallLog } from '../core/call-log-snapshot.js';
import type { RunResult } from '../core/run-result.js';
import type { GhzRunFacts } from '../core/ghz-run-facts.js';
import type { GhzEndReason, GhzReportInput } from './ghz-report-input.js';

export type { GhzRunFacts };

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
