/**
 * Files a run writes are written atomically: to a temporary file in the same folder, renamed over
 * the target once complete, so a crash or a kill never leaves half a report or half a record where
 * the whole one is expected (a rename within one folder replaces the file in one step). Devices
 * and pipes (/dev/null, /dev/stdout, a FIFO) are written in place: they cannot be renamed over.
 */
import { lstatSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** writeFileAtomic writes data to path through a temporary sibling and a rename. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  if (!renamesInPlace(path)) return writeFileSync(path, data);
  const temp = temporarySibling(path);
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** temporarySibling is a fresh hidden name next to path: same folder, so the rename cannot cross devices. */
export function temporarySibling(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
}

/** renamesInPlace says path is a regular file or absent, so a rename can replace it (a symlink is written through). */
export function renamesInPlace(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return true;
  }
}
