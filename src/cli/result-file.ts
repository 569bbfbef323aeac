/** writeResultFile writes the record of a finished run (`--result FILE`, checked at plan time), atomically. */
import { writeFileAtomic } from '../core/atomic-file.js';
import type { RunResult } from '../core/run-result.js';
import { jsonReport } from '../reporters/json.js';

export function writeResultFile(path: string, result: RunResult): void {
  writeFileAtomic(path, jsonReport(result));
}
