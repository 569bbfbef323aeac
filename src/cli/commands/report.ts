import { openSync, readSync, closeSync } from 'node:fs';
import { UsageError } from '../../core/errors.js';
import { parseHistBuckets } from '../../reporters/vegeta-hist.js';
import { readResults } from '../../results/results-decoder.js';
import { replayResults } from '../../results/replay.js';
import { looksLikeRecord, readRecordFile } from '../../results/run-record.js';
import type { Argv } from '../commands.js';
import { asList } from '../load-flags.js';
import { parseRecordReport, writeRecordReports } from '../record-reports.js';

/** SNIFF_BYTES is how much of each file is read to tell a record from a results file. */
const SNIFF_BYTES = 256;

/**
 * report runs `loadgen report`: re-reports from one run record (what --result or --report json
 * wrote; every report type, ghz's for gRPC records) or from per-request results files.
 */
export async function report(argv: Argv): Promise<number> {
  const files = (argv.files as string[] | undefined) ?? [];
  const buckets = argv.buckets === undefined ? null : parseHistBuckets(String(argv.buckets), '--buckets');
  const output = (argv.output as string | undefined) ?? null;
  const listed = asList(argv.type);
  const reports = (listed.length === 0 ? ['text'] : listed).map((t) => parseRecordReport(t, '--type', buckets, output));
  const records = files.filter((f) => f !== '-' && isRecordFile(f));
  if (records.length > 0) {
    if (files.length > 1) {
      throw new UsageError(`report reads one record (${records[0]}) or results files, not both or several records; combine records with: loadgen merge ${files.join(' ')} --result merged.json`);
    }
    writeRecordReports(reports, readRecordFile(records[0]), records[0]);
    return 0;
  }
  const source = files.length === 0 ? 'stdin' : files.join(', ');
  writeRecordReports(reports, await replayResults(readResults(files), source), source);
  return 0;
}

/** isRecordFile sniffs a file's first bytes (records start with our schema key); unreadable files are left to the results reader. */
function isRecordFile(path: string): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(SNIFF_BYTES);
    const n = readSync(fd, head, 0, SNIFF_BYTES, 0);
    return looksLikeRecord(head.subarray(0, n).toString('utf8'));
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
