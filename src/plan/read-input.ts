import { readFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';

/** readPem reads a PEM file (certificate, key, CA) the user named, as text. */
export function readPem(path: string, flag: string): string {
  return readInputFile(path, flag).toString('utf8');
}

/** readInputFile reads a file the user named (`-` = stdin), turning failures into one-line UsageErrors. */
export function readInputFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path === '-' ? 0 : path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
    throw new UsageError(`${what}: cannot read "${path}": ${why}`);
  }
}
