/**
 * uplotAssets is uPlot's minified browser bundle and stylesheet, read once from the installed
 * package, so the HTML report inlines them and needs no network to open.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface UplotAssets {
  /** script defines the global `uPlot` (the IIFE build). */
  readonly script: string;
  readonly css: string;
}

let cached: UplotAssets | null = null;

/** uplotAssets reads the files on first use; a report per run should not re-read 50 KB each time. */
export function uplotAssets(): UplotAssets {
  if (cached !== null) return cached;
  // The package's main entry is dist/uPlot.cjs.js; the browser builds sit next to it.
  const dist = dirname(createRequire(import.meta.url).resolve('uplot'));
  cached = {
    script: readFileSync(join(dist, 'uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(join(dist, 'uPlot.min.css'), 'utf8'),
  };
  return cached;
}
