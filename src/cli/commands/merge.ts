import { UsageError } from '../../core/errors.js';
import type { Slo } from '../../core/slo.js';
import { mergeRuns } from '../../results/merge-runs.js';
import { readRecordFile, type RecordedRun } from '../../results/run-record.js';
import type { Argv } from '../commands.js';
import { asList } from '../../plan/flag-schema.js';
import { parseRecordReport, writeRecordReports } from '../record-reports.js';
import { resultPathOf } from '../../plan/result-path.js';
import { writeResultFile } from '../result-file.js';
import { judged, printVerdicts, sloGate } from '../slo-gate.js';

/**
 * merge runs `loadgen merge A.json B.json ...`: the records of runs that overlapped in time (shards
 * of one test) merged into one, reported (--report, default text) and, with --result, recorded.
 * When the records carry objectives (each shard judged its own slice), the merged run is judged
 * once on them: one verdict table, written into the merged record, and exit 99 on a miss, after
 * every report and the record are written. Shards of one test that are missing are named on stderr.
 */
export async function merge(argv: Argv): Promise<number> {
  const files = (argv.files as string[] | undefined) ?? [];
  if (files.length === 0) throw new UsageError('merge: give the records to merge, e.g. loadgen merge a.json b.json --result merged.json');
  const resultPath = resultPathOf(argv.result);
  const listed = asList(argv.report);
  const reports = (listed.length === 0 ? (resultPath === null ? ['text'] : []) : listed).map((t) => parseRecordReport(t, '--report', null, null));
  const inputs = files.map((source) => ({ run: readRecordFile(source), source }));
  const runs = inputs.map((i) => i.run);
  const missing = missingShards(runs);
  if (missing !== null) process.stderr.write(`loadgen: merge: ${missing}; the merged run is not the whole test\n`);
  const slos = objectivesOf(runs);
  // mergeRuns keeps no shard's verdicts: each is of its own slice, not of the whole.
  const unjudged = mergeRuns(inputs);
  const merged = judged(unjudged, slos, unjudged.checked === true);
  printVerdicts(merged.slos);
  writeRecordReports(reports, merged, 'merged record');
  if (resultPath !== null) writeResultFile(resultPath, merged);
  sloGate(merged.slos);
  return 0;
}

/** objectivesOf are the distinct objectives (by text, first seen first) the records were judged on. */
function objectivesOf(runs: readonly RecordedRun[]): Slo[] {
  const byText = new Map<string, Slo>();
  for (const r of runs) for (const v of r.slos ?? []) if (!byText.has(v.slo.text)) byText.set(v.slo.text, v.slo);
  return [...byText.values()];
}

/** missingShards names the shards of an N-shard test that were not given, or null when none is missing. */
function missingShards(runs: readonly RecordedRun[]): string | null {
  const segments = runs.flatMap((r) => (r.segment === undefined ? [] : [r.segment]));
  if (segments.length === 0) return null;
  const count = segments[0].count;
  if (segments.some((s) => s.count !== count)) return `the records are shards of tests split ${[...new Set(segments.map((s) => s.count))].join(' and ')} ways`;
  const have = new Set(segments.map((s) => s.index));
  const absent = Array.from({ length: count }, (_, i) => i).filter((i) => !have.has(i));
  return absent.length === 0 ? null : `shard${absent.length > 1 ? 's' : ''} ${absent.map((i) => `${i}/${count}`).join(', ')} missing`;
}
