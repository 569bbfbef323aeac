// The bundle's string-width stand-in (src/cli/string-width.ts) must measure every string as the
// package does: ASCII by its fast path, the rest by the package it loads on first use. Bundled
// here as the CLI bundle is, since only esbuild gives its require() a module to load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import stringWidth from 'string-width';

const root = fileURLToPath(new URL('../../../', import.meta.url));

async function bundledStandIn(): Promise<(s: string, o?: object) => number> {
  const out = await build({
    absWorkingDir: root,
    entryPoints: ['src/cli/string-width.ts'],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0].text;
  const mod = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as { default: (s: string, o?: object) => number };
  return mod.default;
}

test('the stand-in measures ASCII, CJK, emoji, combining marks and ANSI colour as string-width does', async () => {
  const standIn = await bundledStandIn();
  const samples = ['', 'loadgen attack --rate 1000', '  -d, --duration  run for', '漢字のテスト', '👍🏽 ok', 'e\u0301te\u0301', '\u001b[31mred\u001b[39m', 'tab\there', 'µs ≤ 5 — p99', 'Ａ full width'];
  for (const s of samples) assert.equal(standIn(s), stringWidth(s), JSON.stringify(s));
  assert.equal(standIn('漢字', { ambiguousIsNarrow: false }), stringWidth('漢字', { ambiguousIsNarrow: false }));
  assert.equal(standIn('漢字'), 4);
});
