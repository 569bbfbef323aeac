/**
 * packagePath finds a file or folder of the loadgen package (package.json, payloads/, protos/) by
 * walking up from this module: the compiled module sits at dist/src/core/, the bundled one in a
 * chunk under dist/bundle/, the source at src/core/, so the depth differs and is never assumed.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const found = new Map<string, string>();

export function packagePath(name: string): string {
  const cached = found.get(name);
  if (cached !== undefined) return cached;
  const here = fileURLToPath(import.meta.url);
  for (let dir = dirname(here); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, name))) {
      found.set(name, join(dir, name));
      return join(dir, name);
    }
    if (dirname(dir) === dir) throw new Error(`loadgen: cannot find "${name}" in a package folder above ${here}`);
  }
}
