import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cgroupQuotaCpus, usableCpus } from '../../src/plan/usable-cpus.js';

/** cgroup writes a fake cgroup root with the given files. */
function cgroup(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'loadgen-cgroup-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

test('cgroupQuotaCpus reads cgroup v2 cpu.max and v1 cfs quota/period', () => {
  // files                                                             CPUs
  const cases: Array<[Record<string, string>, number | null]> = [
    [{ 'cpu.max': 'max 100000\n' }, null], //                           v2, no quota
    [{ 'cpu.max': '150000 100000\n' }, 1.5], //                         v2, 1.5 CPUs
    [{ 'cpu.max': '50000 100000\n' }, 0.5],
    [{ 'cpu/cpu.cfs_quota_us': '-1\n', 'cpu/cpu.cfs_period_us': '100000\n' }, null], // v1, none
    [{ 'cpu/cpu.cfs_quota_us': '200000\n', 'cpu/cpu.cfs_period_us': '100000\n' }, 2],
    [{}, null], //                                                      nothing mounted
  ];
  for (const [files, cpus] of cases) assert.equal(cgroupQuotaCpus(cgroup(files)), cpus, JSON.stringify(files));
});

test('usableCpus is availableParallelism lowered by the quota, rounded up, at least 1', () => {
  assert.equal(usableCpus(cgroup({ 'cpu.max': '50000 100000' })), 1);
  assert.equal(usableCpus(cgroup({ 'cpu.max': 'max 100000' })), availableParallelism());
  assert.equal(usableCpus(cgroup({ 'cpu.max': `${(availableParallelism() + 8) * 100000} 100000` })), availableParallelism());
  assert.equal(usableCpus(cgroup({ 'cpu.max': '120000 100000' })), Math.min(2, availableParallelism()));
});
