/** writeResultFile writes the record of a finished run (`--result FILE`, checked by resultPathOf at plan time). */
import { renameSync, statSync, writeFileSync } from 'node:fs';
import type { RunResult } from '../core/run-result.js';
import { jsonReport } from '../reporters/json.js';

export function writeResultFile(path: string, result: RunResult): void {
  const text = jsonReport(result);
  // Whole or not at all: on a shared volume another pod (a merge step) may read it any moment.
  // Only a regular file is replaced so; /dev/stdout and pipes are written as they are.
  if (!isFileOrAbsent(path)) return writeFileSync(path, text);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function isFileOrAbsent(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return true;
  }
}
