import { openSync, readSync, closeSync } from 'node:fs';
import { Readable } from 'node:stream';
import { UsageError } from '../../core/errors.js';
import { parseHistBuckets } from '../../reporters/vegeta-hist.js';
import { readResults } from '../../results/results-decoder.js';
import { replayResults } from '../../results/replay.js';
import { decodeRecord, looksLikeRecord, readRecordFile } from '../../results/run-record.js';
import type { Argv } from '../commands.js';
import { asList } from '../../plan/flag-schema.js';
import { parseRecordReport, writeRecordReports, type RecordReport } from '../record-reports.js';
import { RequestPointsTap } from '../../results/request-points.js';
import type { ResultRecord } from '../../results/result-record.js';
import { writeHtmlOfRecords } from '../html-records.js';

/** SNIFF_BYTES is how much of each file is read to tell a record from a results file. */
const SNIFF_BYTES = 256;

/**
 * report runs `loadgen report`: re-reports from one run record (what --result or --report json
 * wrote; every report type, ghz's for gRPC records), from several records overlaid in one html
 * report (the one report that compares runs), or from per-request results files; a file or stdin
 * is sniffed by its first bytes.
 */
export async function report(argv: Argv): Promise<number> {
  const files = (argv.files as string[] | undefined) ?? [];
  const buckets = argv.buckets === undefined ? null : parseHistBuckets(String(argv.buckets), '--buckets');
  const output = (argv.output as string | undefined) ?? null;
  const listed = asList(argv.type);
  const reports = (listed.length === 0 ? ['text'] : listed).map((t) => parseRecordReport(t, '--type', buckets, output));
  const records = files.filter((f) => f !== '-' && isRecordFile(f));
  if (records.length > 0) {
    const htmlOnly = reports.every((r) => r.kind === 'load' && r.spec.type === 'html');
    if (files.length > 1 && htmlOnly && records.length === files.length) {
      const runs = records.map((file) => ({ file, result: readRecordFile(file) }));
      for (const r of reports) writeHtmlOfRecords(runs, r.spec.file);
      return 0;
    }
    if (files.length > 1) {
      throw new UsageError(`report reads one record (${records[0]}) or results files, not both or several records; combine records with: loadgen merge ${files.join(' ')} --result merged.json`);
    }
    writeRecordReports(reports, readRecordFile(records[0]), records[0]);
    return 0;
  }
  if (files.length === 0 || (files.length === 1 && files[0] === '-')) {
    const { head, rest } = await peekStdin();
    if (looksLikeRecord(head.toString('utf8'))) {
      writeRecordReports(reports, decodeRecord(Buffer.concat([head, await readAll(rest)]).toString('utf8'), 'stdin'), 'stdin');
    } else {
      await reportResults(reports, readResults([], Readable.from(chain(head, rest))), 'stdin');
    }
    return 0;
  }
  await reportResults(reports, readResults(files), files.join(', '));
  return 0;
}

/** reportResults replays results files; an html report also gets every request as a point. */
async function reportResults(reports: readonly RecordReport[], records: AsyncIterable<ResultRecord>, source: string): Promise<void> {
  const tap = reports.some((r) => r.spec.type === 'html') ? new RequestPointsTap() : null;
  const result = await replayResults(tap === null ? records : tap.tap(records), source);
  writeRecordReports(reports, result, source, tap?.points(result.startUnixNs));
}

/** peekStdin reads stdin's first chunk (enough to sniff a record), leaving the rest to stream. */
async function peekStdin(): Promise<{ head: Buffer; rest: AsyncIterator<Buffer> }> {
  const rest = (process.stdin as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  while (head.length < SNIFF_BYTES) {
    const next = await rest.next();
    if (next.done === true) break;
    head = Buffer.concat([head, next.value]);
  }
  return { head, rest };
}

async function readAll(rest: AsyncIterator<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) chunks.push(next.value);
  return Buffer.concat(chunks);
}

/** chain streams the peeked head and then the rest of stdin, as one results stream. */
async function* chain(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) yield next.value;
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
