/**
 * SLO_FLAGS are the objectives a run is judged on, on every load command: `--slo` in loadgen's or
 * Iter8's words (repeatable) and `--thresholds FILE` in k6's. sloPlan reads both before any load.
 */
import type { Slo } from '../core/slo.js';
import { asList, type FlagTable, type FlagsOf } from './flag-schema.js';
import { readK6Thresholds } from './k6-thresholds.js';
import { parseSlo } from './slo-grammar.js';

export const SLO_FLAGS = {
  slo: {
    type: 'string',
    repeatable: true,
    group: 'Decide:',
    describe: "objective the run must meet, repeatable: 'p99<=250ms', 'error-rate<0.1%', 'rps>=450', 'response.p99<=300ms', Iter8's 'http/latency-p90<=50'; a miss exits 99",
  },
  thresholds: { type: 'string', group: 'Decide:', describe: 'k6 thresholds from a JSON file: {"thresholds": {"http_req_duration": ["p(95)<500"]}} (abortOnFail stops the run)' },
} as const satisfies FlagTable;

/** sloPlan is the run's objectives, --slo ones first, then the file's in its order. */
export function sloPlan(f: FlagsOf<typeof SLO_FLAGS>): Slo[] {
  const slos = asList(f.slo).map((text) => parseSlo(text));
  if (f.thresholds !== undefined) slos.push(...readK6Thresholds(f.thresholds));
  return slos;
}
