/** The machine a bench ran on, as results.json and the README table describe it. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release } from 'node:os';

export interface Machine {
  cores: number;
  cpuModel: string;
  node: string;
  kernel: string;
  /** loadAverage is the 1, 5 and 15 minute load average when the bench started. */
  loadAverage: number[];
}

export function describeMachine(): Machine {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1].trim() ?? model;
  } catch {
    // not Linux: os.cpus() said it
  }
  return { cores: cpus().length, cpuModel: model, node: process.version, kernel: release(), loadAverage: loadavg().map((x) => Number(x.toFixed(2))) };
}
