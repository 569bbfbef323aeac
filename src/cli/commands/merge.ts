import { UsageError } from '../../core/errors.js';
import { mergeRuns } from '../../results/merge-runs.js';
import { readRecordFile } from '../../results/run-record.js';
import type { Argv } from '../commands.js';
import { asList } from '../../plan/flag-schema.js';
import { parseRecordReport, writeRecordReports } from '../record-reports.js';
import { resultPathOf } from '../../plan/result-path.js';
import { writeResultFile } from '../result-file.js';

/**
 * merge runs `loadgen merge A.json B.json ...`: the records of runs that overlapped in time (shards
 * of one test) merged into one, reported (--report, default text) and, with --result, recorded.
 */
export async function merge(argv: Argv): Promise<number> {
  const files = (argv.files as string[] | undefined) ?? [];
  if (files.length === 0) throw new UsageError('merge: give the records to merge, e.g. loadgen merge a.json b.json --result merged.json');
  const resultPath = resultPathOf(argv.result);
  const listed = asList(argv.report);
  const reports = (listed.length === 0 ? (resultPath === null ? ['text'] : []) : listed).map((t) => parseRecordReport(t, '--report', null, null));
  const merged = mergeRuns(files.map((source) => ({ run: readRecordFile(source), source })));
  writeRecordReports(reports, merged, 'merged record');
  if (resultPath !== null) writeResultFile(resultPath, merged);
  return 0;
}
