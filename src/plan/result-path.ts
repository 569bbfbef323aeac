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
  const where = resolve(path);
  const stat = statOf(where);
  try {
    if (stat !== null) {
      if (stat.isDirectory()) throw new UsageError(`${flag} ${path}: is a directory; give a file name inside it, e.g. ${flag} ${path}/run.json`);
      accessSync(where, constants.W_OK);
      return;
    }
    const dir = dirname(where);
    if (!(statOf(dir)?.isDirectory() ?? false)) throw new UsageError(`${flag} ${path}: directory ${dir} does not exist; create it or give another path`);
    accessSync(dir, constants.W_OK);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${flag} ${path}: cannot write there (${(err as NodeJS.ErrnoException).code}); give a writable path`);
  }
}

function statOf(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
