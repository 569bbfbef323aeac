/**
 * resultPathOf reads `--result FILE`, where the run record (the `json` report) is written when the
 * run ends. The path is checked at plan time, before anything is sent, so a typo does not cost a
 * whole test.
 */
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';

/** resultPathOf reads --result and checks that the record can be written there; null without it. */
export function resultPathOf(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const path = String(value);
  if (path === '') throw new UsageError('--result: give a file name, e.g. --result run.json');
  checkWritable(path, '--result');
  return path;
}

/** checkWritable checks, before any load, that a file the run writes at its end can be written. */
export function checkWritable(path: string, flag: string): void {
  const problem = writeProblem(path, `${flag} ${path}/run.json`);
  if (problem !== null) throw new UsageError(`${flag} ${path}: ${problem}`);
}

/**
 * writeProblem says what stops a file from being written at path (with the fix), or null when it
 * can be: an existing path must be a writable non-directory, a new one needs a writable folder.
 * example is the flag as it could be given instead, for the directory case.
 */
export function writeProblem(path: string, example: string): string | null {
  const where = resolve(path);
  const stat = statOf(where);
  try {
    if (stat !== null) {
      if (stat.isDirectory()) return `is a directory; give a file name inside it, e.g. ${example}`;
      accessSync(where, constants.W_OK);
      return null;
    }
    const dir = dirname(where);
    if (!(statOf(dir)?.isDirectory() ?? false)) return `directory ${dir} does not exist; create it or give another path`;
    accessSync(dir, constants.W_OK);
    return null;
  } catch (err) {
    return `cannot write there (${(err as NodeJS.ErrnoException).code}); give a writable path`;
  }
}

/** statOf is the path's stat, or null when it does not exist (or cannot be read). */
export function statOf(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
