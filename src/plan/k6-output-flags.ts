/**
 * K6_OUTPUT_FLAGS are k6's output flags on every load command (attack, infer, demo, grpc), so a
 * k6 command line's outputs carry over: `--summary-export FILE` (k6's legacy summary, the
 * k6-summary report, with the objectives as thresholds) and `--out csv=FILE[.gz]` (k6's CSV
 * results); `--out json=FILE` streams vegeta JSON lines, not k6's JSON points.
 */
import { UsageError } from '../core/errors.js';
import type { FlagTable, FlagsOf } from './flag-schema.js';
import type { Plan, ResultsOutput } from './plan.js';
import { checkWritable } from './result-path.js';

export const K6_OUTPUT_FLAGS = {
  'summary-export': { type: 'string', group: 'k6 outputs:', describe: "write k6's summary export (legacy shape) to FILE; objectives are its thresholds (true = failed)" },
  out: { type: 'string', group: 'k6 outputs:', describe: "k6's --out: csv=FILE (k6's CSV results; FILE.gz is gzipped) or json=FILE (vegeta JSON lines)" },
} as const satisfies FlagTable;

export type K6OutputFlags = FlagsOf<typeof K6_OUTPUT_FLAGS>;

/** OUT_KINDS maps `--out KIND=` to the results format it streams. */
const OUT_KINDS: Readonly<Record<string, ResultsOutput['format']>> = { csv: 'k6-csv', json: 'json' };

/** withK6Outputs adds --summary-export's report and --out's results stream to a plan. */
export function withK6Outputs(plan: Plan, f: K6OutputFlags): Plan {
  const output = f.out === undefined ? plan.output : k6Out(f.out, plan.output);
  const summary = f.summaryExport === undefined ? [] : [{ type: 'k6-summary' as const, file: summaryFile(f.summaryExport) }];
  return { ...plan, output, reports: [...plan.reports, ...summary] };
}

function k6Out(text: string, given: ResultsOutput | null): ResultsOutput {
  if (given !== null) throw new UsageError('--out and -o/--output both stream results; give one of them');
  const m = /^([a-z-]+)=(.*)$/.exec(text);
  const format = m === null ? undefined : Object.hasOwn(OUT_KINDS, m[1]) ? OUT_KINDS[m[1]] : undefined;
  if (m === null || format === undefined) {
    throw new UsageError(`--out: "${text}" is not an output loadgen writes; use csv=FILE (k6's CSV, .gz gzips) or json=FILE (vegeta JSON lines)`);
  }
  return { path: fileOf(m[2], `--out ${m[1]}=`), format };
}

/** summaryFile is --summary-export's file, checked now: it is written only when the run ends. */
function summaryFile(path: string): string {
  checkWritable(fileOf(path, '--summary-export'), '--summary-export');
  return path;
}

function fileOf(path: string, flag: string): string {
  if (path === '' || path === '-') throw new UsageError(`${flag}: give a file name, e.g. ${flag.endsWith('=') ? flag : `${flag} `}results.csv`);
  return path;
}
