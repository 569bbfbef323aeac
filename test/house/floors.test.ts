import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const depcruise = join(repo, 'node_modules/.bin/depcruise');
const config = join(repo, '.dependency-cruiser.cjs');

/** cruise runs the project's rules over a small tree of files; resolves to [exit code, output]. */
async function cruise(files: Record<string, string>): Promise<[number, string]> {
  const dir = mkdtempSync(join(tmpdir(), 'loadgen-floors-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  try {
    const { stdout } = await run(depcruise, ['src', '--config', config, '--output-type', 'err'], { cwd: dir });
    return [0, stdout];
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return [e.code, e.stdout];
  }
}
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the stage rules (npm run lint:deps)', () => {
  it('pass the project itself with no violation', async () => {
    const { stdout } = await run(depcruise, ['src', '--config', config, '--output-type', 'err'], { cwd: repo });
    assert.match(stdout, /no dependency violations found/);
  });

  it('reject a reporter that imports the engine, even for a type', async () => {
    const [code, out] = await cruise({
      'src/engine/pool.ts': 'export const POOL = 1;\n',
      'src/reporters/bad.ts': "import type { POOL } from '../engine/pool.js';\nexport type P = typeof POOL;\n",
    });
    assert.notEqual(code, 0);
    assert.match(out, /reporters-never-see-engine-or-transports: src\/reporters\/bad\.ts → src\/engine\/pool\.ts/);
  });

  it('reject an upstream value import, and allow the Plan as a type downstream', async () => {
    const [code, out] = await cruise({
      'src/plan/plan.ts': 'export interface Plan { readonly n: number }\nexport const DEFAULT_N = 1;\n',
      'src/engine/uses-type.ts': "import type { Plan } from '../plan/plan.js';\nexport const f = (p: Plan) => p.n;\n",
      'src/engine/uses-value.ts': "import { DEFAULT_N } from '../plan/plan.js';\nexport const g = () => DEFAULT_N;\n",
    });
    assert.notEqual(code, 0);
    assert.match(out, /engine-no-upstream-values: src\/engine\/uses-value\.ts → src\/plan\/plan\.ts/);
    assert.doesNotMatch(out, /uses-type/);
  });

  it('keep core a leaf', async () => {
    const [code, out] = await cruise({
      'src/results/latency.ts': 'export const LOWEST = 1;\n',
      'src/core/units.ts': "import { LOWEST } from '../results/latency.js';\nexport const U = LOWEST;\n",
    });
    assert.notEqual(code, 0);
    assert.match(out, /core-is-a-leaf: src\/core\/units\.ts → src\/results\/latency\.ts/);
  });
});
