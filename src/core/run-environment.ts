/**
 * RunEnvironment and GeneratorUsage describe the machine a run came from and what the generator
 * itself cost, so a record says whether the generator, not the target, was the bottleneck.
 */
import { availableParallelism, hostname, platform, arch } from 'node:os';
import { TOOL_VERSION } from './version.js';

/** RunEnvironment is where a run ran: loadgen and Node versions, cores, platform, host. */
export interface RunEnvironment {
  readonly loadgenVersion: string;
  readonly nodeVersion: string;
  readonly cores: number;
  /** platform is Node's `platform-arch`, e.g. `linux-x64`. */
  readonly platform: string;
  readonly hostname: string;
}

/**
 * GeneratorUsage is the CPU the whole generator process used during the run (main thread and
 * every worker thread: getrusage covers all threads of the process) and its peak resident set.
 */
export interface GeneratorUsage {
  readonly cpuUserSeconds: number;
  readonly cpuSystemSeconds: number;
  /** peakRssBytes is the process's high-water resident set size since it started. */
  readonly peakRssBytes: number;
}

/** runEnvironment describes this process's machine. */
export function runEnvironment(): RunEnvironment {
  return {
    loadgenVersion: TOOL_VERSION,
    nodeVersion: process.version,
    cores: availableParallelism(),
    platform: `${platform()}-${arch()}`,
    hostname: hostname(),
  };
}

/** generatorUsageSince is the CPU used since `start` (a process.cpuUsage() value) and the peak RSS. */
export function generatorUsageSince(start: NodeJS.CpuUsage): GeneratorUsage {
  const cpu = process.cpuUsage(start);
  return {
    cpuUserSeconds: cpu.user / 1e6,
    cpuSystemSeconds: cpu.system / 1e6,
    // resourceUsage().maxRSS is in KiB.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}
