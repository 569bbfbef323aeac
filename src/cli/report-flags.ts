/** REPORT_FLAGS are `loadgen report`'s flags: the record or results files, the report types, where to write. */
import type { FlagTable, FlagsOf } from '../plan/flag-schema.js';

export const REPORT_FLAGS = {
  files: { type: 'string', positional: true, array: true, describe: 'one run record, or results files (default: stdin)' },
  type: {
    type: 'string',
    repeatable: true,
    describe: 'report type: text, json, vegeta-text, vegeta-json, vegeta-hist[...], hdrplot, html, k6-summary, iter8, vllm-json, aiperf-json (generate runs); for gRPC records ghz-summary, ghz-json, ghz-pretty, ghz-csv (repeatable, TYPE[=FILE])',
  },
  buckets: { type: 'string', describe: "histogram buckets for vegeta-hist / vegeta-json, e.g. '[0,1ms,5ms]'" },
  output: { alias: 'o', type: 'string', describe: 'write the report to FILE instead of stdout' },
} as const satisfies FlagTable;

export type ReportFlags = FlagsOf<typeof REPORT_FLAGS>;
