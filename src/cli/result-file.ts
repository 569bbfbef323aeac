/** writeResultFile writes the record of a finished run (`--result FILE`, checked by resultPathOf at plan time). */
import { writeFileSync } from 'node:fs';
import type { RunResult } from '../core/run-result.js';
import { jsonReport } from '../reporters/json.js';

export function writeResultFile(path: string, result: RunResult): void {
  writeFileSync(path, jsonReport(result));
}
