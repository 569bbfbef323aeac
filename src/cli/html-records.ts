/**
 * writeHtmlOfRecords is `loadgen report --type html[=FILE] A.json B.json ...`: several run records
 * overlaid in one HTML report, each labelled by its run's name, or by its file name when unnamed.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { htmlReport } from '../reporters/html.js';
import type { RunResult } from '../core/run-result.js';

export interface LabelledRecord {
  readonly file: string;
  readonly result: RunResult;
}

export function writeHtmlOfRecords(records: readonly LabelledRecord[], file: string | null): void {
  const runs = records.map(({ file: source, result }) => ({
    label: result.meta.name !== '' ? result.meta.name : basename(source),
    result,
    ...(result.slos === undefined || result.slos.length === 0 ? {} : { verdicts: result.slos }),
  }));
  const text = htmlReport(runs);
  if (file === null || file === '-') process.stdout.write(text);
  else writeFileSync(file, text);
}
