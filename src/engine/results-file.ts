/**
 * ResultsFile is the --output stream on the main thread, where the workers' batches of result
 * lines are appended as they arrive: stdout for `-`, else the file. A k6 CSV starts with k6's
 * header, written once here, and a `.gz` path is gzipped here as one stream (k6's
 * `--out csv=FILE.gz`), which the workers' interleaved batches could not be each on their own.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { ResultsOutput } from '../plan/plan.js';
import { K6_CSV_HEADER } from '../results/k6-csv-encoder.js';

export interface ResultsFile {
  write(data: string): void;
  /** close ends the stream and resolves once everything is flushed to the file (or to stdout). */
  close(): Promise<void>;
}

export function openResultsFile(output: ResultsOutput): ResultsFile {
  const target: Writable = output.path === '-' ? process.stdout : createWriteStream(output.path);
  const gzip = output.format === 'k6-csv' && output.path.endsWith('.gz') ? createGzip() : null;
  gzip?.pipe(target);
  const head = gzip ?? target;
  if (output.format === 'k6-csv') head.write(K6_CSV_HEADER);
  return {
    write: (data) => void head.write(data),
    close: () => closeStreams(head, target),
  };
}

/** closeStreams ends head and resolves when target has everything; stdout is drained, never ended. */
function closeStreams(head: Writable, target: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    if (target === process.stdout) return target.write('') ? resolve() : target.once('drain', resolve);
    head.once('error', reject);
    target.once('error', reject);
    // A piped gzip stream ends the file stream after its last bytes; the file is whole at 'finish'.
    target.once('finish', () => resolve());
    head.end();
  });
}
