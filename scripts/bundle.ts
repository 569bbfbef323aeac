/**
 * bundle writes dist/bundle/: the CLI and the worker entry as ES modules with shared chunks, so
 * starting loadgen reads a handful of files instead of ~200 (Node 20 resolves and links each ES
 * module one by one; that was a third of the time to the first request). The dynamic imports of
 * commands and optional clients stay lazy: esbuild splits them into chunks loaded on use.
 * Packages that locate files beside themselves at run time (piscina's worker, protobufjs'
 * descriptors, grpc-js' native fallbacks) or that are only ever loaded lazily stay external and
 * are read from node_modules as before (js-tiktoken: megabytes of ranks, read only by runs that count tokens).
 */
import { build, type Plugin } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const EXTERNAL = ['piscina', 'protobufjs', 'protobufjs/*', '@grpc/grpc-js', 'undici', 'prom-client', 'uplot', 'playwright-core', 'js-tiktoken', 'js-tiktoken/*'];

/** lazyStringWidth sends every import of string-width but the stand-in's own to the stand-in (src/cli/string-width.ts says why). */
const STAND_IN = `${root}src/cli/string-width.ts`;
const lazyStringWidth: Plugin = {
  name: 'lazy-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, (args) => (args.importer === STAND_IN ? undefined : { path: STAND_IN }));
  },
};

rmSync(`${root}dist/bundle`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts', worker: 'src/engine/worker.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  // Bundled CommonJS code (yargs' helpers, hdr-histogram-js) calls require(): give the chunks one.
  banner: { js: "import { createRequire as __loadgenRequire } from 'node:module'; const require = __loadgenRequire(import.meta.url);" },
  // Chunks beside the entries: run-plan's new URL('./worker.js', import.meta.url) finds the worker.
  chunkNames: '[name]-[hash]',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [lazyStringWidth],
});
