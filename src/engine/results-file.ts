/**
 * ResultsFile is the --output stream on the main thread, where the workers' batches of result
 * lines are appended as they arrive: stdout for `-`, else the file. A k6 CSV starts with k6's
 * header, written once here, and a `.gz` path is gzipped here as one stream (k6's
 * `--out csv=FILE.gz`), which the workers' interleaved batches could not be each on their own.
 *
 * A file is streamed to a temporary sibling and renamed into place when the run ends, so a crash
 * or a kill -9 never leaves a truncated results file (or a half gzip) under the name asked for.
 * Stdout is streamed as the run goes (pipelines read it live); when its reader goes away (EPIPE:
 * `-o - | head`), onBrokenPipe is called once and later lines are dropped, so the run can end
 * gracefully with its other outputs written instead of dying on an unhandled 'error' event.
 */
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { ResultsOutput } from '../plan/plan.js';
import { K6_CSV_HEADER } from '../results/k6-csv-encoder.js';
import { renamesInPlace, temporarySibling } from '../core/atomic-file.js';

export interface ResultsFile {
  write(data: string): void;
  /** close ends the stream and resolves once everything is flushed to the file (or to stdout). */
  close(): Promise<void>;
}

export function openResultsFile(output: ResultsOutput, onBrokenPipe: () => void = () => {}): ResultsFile {
  const toStdout = output.path === '-';
  const temp = !toStdout && renamesInPlace(output.path) ? temporarySibling(output.path) : null;
  const target: Writable = toStdout ? process.stdout : createWriteStream(temp ?? output.path);
  let broken = false;
  // A file that fails as the run goes (disk full) fails the run at close, not as an unhandled event.
  let failure: Error | null = null;
  if (!toStdout) target.on('error', (err: Error) => void (failure ??= err));
  if (toStdout) {
    target.on('error', (err: NodeJS.ErrnoException) => {
      if (broken) return;
      broken = true;
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') onBrokenPipe();
      else process.stderr.write(`loadgen: -o -: ${err.message}; results lines are no longer written\n`);
    });
  }
  const gzip = output.format === 'k6-csv' && output.path.endsWith('.gz') ? createGzip() : null;
  gzip?.pipe(target);
  const head = gzip ?? target;
  if (output.format === 'k6-csv') head.write(K6_CSV_HEADER);
  return {
    write: (data) => {
      if (!broken) head.write(data);
    },
    close: async () => {
      if (toStdout) return broken ? undefined : drainStdout();
      try {
        if (failure !== null) throw failure;
        await closeStreams(head, target);
      } catch (err) {
        if (temp !== null) rmSync(temp, { force: true });
        throw err;
      }
      if (temp !== null) renameSync(temp, output.path);
    },
  };
}

/** drainStdout resolves once stdout has taken every line (or failed: its error handler took over). */
function drainStdout(): Promise<void> {
  const out = process.stdout;
  return new Promise((resolve) => {
    if (out.destroyed || out.write('')) return resolve();
    out.once('drain', resolve);
    out.once('close', resolve);
    out.once('error', () => resolve());
  });
}

/** closeStreams ends head and resolves when target has everything. */
function closeStreams(head: Writable, target: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    head.once('error', reject);
    target.once('error', reject);
    // A piped gzip stream ends the file stream after its last bytes; the file is whole at 'finish'.
    target.once('finish', () => resolve());
    head.end();
  });
}
