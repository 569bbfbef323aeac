/**
 * usableCpus is how many CPUs this process can keep busy: availableParallelism() (the affinity
 * mask), lowered by a container's CPU quota (cgroup v2 cpu.max, v1 cpu.cfs_quota_us), which
 * availableParallelism() ignores. More worker threads than this only time-slice one another.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** CGROUP_ROOT is where the cgroup files are mounted (a parameter for the tests). */
const CGROUP_ROOT = '/sys/fs/cgroup';

export function usableCpus(root: string = CGROUP_ROOT): number {
  const cpus = availableParallelism();
  const quota = cgroupQuotaCpus(root);
  return quota === null ? cpus : Math.max(1, Math.min(cpus, Math.ceil(quota)));
}

/** cgroupQuotaCpus is the CPU quota in CPUs (quota / period), or null when there is none or it cannot be read. */
export function cgroupQuotaCpus(root: string = CGROUP_ROOT): number | null {
  const v2 = readText(`${root}/cpu.max`);
  if (v2 !== null) {
    // "max 100000" (no quota) or "150000 100000" (1.5 CPUs).
    const [quota, period] = v2.trim().split(/\s+/);
    return quotaOf(quota, period);
  }
  return quotaOf(readText(`${root}/cpu/cpu.cfs_quota_us`)?.trim(), readText(`${root}/cpu/cpu.cfs_period_us`)?.trim());
}

function quotaOf(quota: string | undefined, period: string | undefined): number | null {
  const q = Number(quota);
  const p = Number(period);
  // v1 says -1 and v2 says "max" for no quota.
  if (!(Number.isFinite(q) && q > 0 && Number.isFinite(p) && p > 0)) return null;
  return q / p;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
