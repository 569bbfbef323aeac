/**
 * What every benchmark shares: the bundled CLI it measures, the two cores (target on 0, generator
 * on 1, pinned with taskset), running a tool pinned (and timed: its whole-process CPU from
 * /usr/bin/time), reading CPU time from /proc, medians, and the flags of a bench script.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const run = promisify(execFile);
/** CLI is the bundled bin (dist/bundle/main.js), what users run. */
export const CLI = fileURLToPath(new URL('../../bundle/main.js', import.meta.url));
export const AUTOCANNON = fileURLToPath(new URL('../../../node_modules/autocannon/autocannon.js', import.meta.url));
export const TARGET_CPU = '0';
export const GENERATOR_CPU = '1';
export const CLK_TCK = Number((await run('getconf', ['CLK_TCK'])).stdout.trim()) || 100;

/** arg reads `--name N` from the command line. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

/** scratchDir makes a fresh temporary directory for one bench's files, removed when the process exits (results streams run to 100 MB). */
export function scratchDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `loadgen-bench-${name}-`));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** pinned runs cmd on the generator core and returns its stdout. */
export async function pinned(cmd: string, args: string[]): Promise<string> {
  const { stdout } = await run('taskset', ['-c', GENERATOR_CPU, cmd, ...args], { maxBuffer: 64 << 20 });
  return stdout;
}

/**
 * timed runs cmd pinned to the generator core under /usr/bin/time and returns its stdout and its
 * user + system CPU seconds (the whole process and its threads, start-up included).
 */
export async function timed(cmd: string, args: string[]): Promise<{ stdout: string; cpuS: number }> {
  const { stdout, stderr } = await run('taskset', ['-c', GENERATOR_CPU, '/usr/bin/time', '-f', 'bench-cpu %U %S', cmd, ...args], { maxBuffer: 64 << 20 });
  const m = [...stderr.matchAll(/^bench-cpu ([\d.]+) ([\d.]+)$/gm)].at(-1);
  if (m === undefined) throw new Error(`no CPU time from /usr/bin/time for ${cmd}: ${stderr.slice(-500)}`);
  return { stdout, cpuS: Number(m[1]) + Number(m[2]) };
}

/** cpuTicksS reads a process's user + system CPU (all its threads) from /proc, in seconds. */
export function cpuTicksS(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3, state
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime, stime: fields 14, 15
}

/** coreBusyS reads how long each core was busy (not idle or waiting on I/O) since boot from /proc/stat, in seconds. */
export function coreBusyS(): number[] {
  const busy: number[] = [];
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const m = /^cpu(\d+) (.*)$/.exec(line);
    if (m === null) continue;
    const [user, nice, system, , , irq, softirq, steal] = m[2].trim().split(/\s+/).map(Number);
    busy[Number(m[1])] = (user + nice + system + irq + softirq + steal) / CLK_TCK;
  }
  return busy;
}

/** rssBytes reads a process's resident set (VmRSS; its threads share it) from /proc; null once it is gone. */
export function rssBytes(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? null : Number(m[1]) * 1024;
  } catch {
    return null;
  }
}

/** LoadgenJson is the part of loadgen's json report (the run record) the benches read. */
export interface LoadgenJson {
  requests: number;
  failures: number;
  dropped: number;
  rate: number;
  duration_ns: number;
  start_unix_ns: string | number;
  earliest_ns: number;
  latest_ns: number;
  end_ns: number;
  rate_hz: number | null;
  series: Array<{ second: number; requests: number }>;
  bytes_out: { total: number };
  latency: { service: { p50_ns: number; p99_ns: number } };
  generator?: { cpu_user_s: number; cpu_system_s: number; peak_rss_bytes: number };
}

export const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
