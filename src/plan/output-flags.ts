/**
 * OUTPUT_FLAGS are where an HTTP load run's results and reports go (attack, infer, demo), and
 * DRY_RUN_FLAGS the flag every run command has: print the plan instead of running it.
 */
import type { FlagTable } from './flag-schema.js';
import { REPORT_TYPES } from '../reporters/report-spec.js';

export const OUTPUT_FLAGS = {
  name: { type: 'string', group: 'Output:', describe: 'run name (vegeta attack name; X-Vegeta-Attack header)' },
  output: { alias: 'o', type: 'string', group: 'Output:', describe: 'stream per-request results to FILE (- = stdout) as vegeta JSON lines or CSV' },
  'output-format': { type: 'string', group: 'Output:', describe: 'results format: json (vegeta JSON lines, default) or csv' },
  result: { type: 'string', group: 'Output:', describe: 'write the run record to FILE (the json report: re-report it with loadgen report, merge shards with loadgen merge)' },
  report: {
    type: 'string',
    repeatable: true,
    group: 'Output:',
    describe: `report TYPE[=FILE], repeatable: ${REPORT_TYPES.join(', ')} (default: text to stdout)`,
  },
} as const satisfies FlagTable;

/** REDACT_FLAGS name the headers (and gRPC metadata) whose values no output prints; every load command has them. */
export const REDACT_FLAGS = {
  'redact-header': {
    type: 'string',
    repeatable: true,
    group: 'Output:',
    describe: 'header or gRPC metadata NAME whose value is printed as REDACTED in the plan, reports, records and results files (repeatable; Authorization always is)',
  },
} as const satisfies FlagTable;

/** RESULT_FLAG is --result alone, for commands with output flags of their own (grpc). */
export const RESULT_FLAG = { result: OUTPUT_FLAGS.result } as const satisfies FlagTable;

export const DRY_RUN_FLAGS = {
  'dry-run': { type: 'boolean', group: 'Output:', describe: 'print the plan as JSON and exit without sending anything' },
} as const satisfies FlagTable;
