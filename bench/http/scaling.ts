/**
 * Scaling from 1 to 2 workers (issue 13): the c64 closed loop against nginx (one worker, pinned
 * to core 0) with the generator free to use both cores, loadgen `--workers 1` and `--workers 2`
 * beside wrk `-t1` and `-t2`, interleaved rounds. On a 2-core machine the second generator thread
 * shares core 0 with nginx, so what 2 workers can add is bounded by the CPU nginx leaves: the
 * section reports each run's requests/s and how busy each core was, which says which side ran out.
 */
import { join } from 'node:path';
import { startNginx } from '../../test/helpers/nginx.js';
import { CLI, TARGET_CPU, coreBusyS, readJson, run, scratchDir, type LoadgenJson } from '../lib/bench-env.js';
import { CONNECTIONS, wrkRun } from './http-bench.js';

const dir = scratchDir('scaling');
const BOTH_CORES = '0,1';

/** ScalingRun is one run: requests/s and each core's busy share over it (0..1). */
export interface ScalingRun {
  rps: number;
  coreBusy: number[];
}

type Runner = (url: string, seconds: number) => Promise<number>;

const RUNNERS: Record<string, Runner> = {
  'loadgen --workers 1': (url, s) => loadgen(url, s, 1),
  'loadgen --workers 2': (url, s) => loadgen(url, s, 2),
  'wrk -t1': (url, s) => wrk(url, s, 1),
  'wrk -t2': (url, s) => wrk(url, s, 2),
};

async function loadgen(url: string, seconds: number, workers: number): Promise<number> {
  const out = join(dir, 'loadgen.json');
  const load = ['--vus', String(CONNECTIONS), '--connections', String(CONNECTIONS), '-d', `${seconds}s`, '--workers', String(workers), '--report', `json=${out}`];
  await run('taskset', ['-c', BOTH_CORES, process.execPath, CLI, 'attack', '--url', url, ...load]);
  return readJson<LoadgenJson>(out).rate;
}

async function wrk(url: string, seconds: number, threads: number): Promise<number> {
  const { stdout } = await run('taskset', ['-c', BOTH_CORES, 'wrk', `-t${threads}`, `-c${CONNECTIONS}`, `-d${seconds}s`, url]);
  return wrkRun(stdout, 1).rps;
}

/** scaling runs every runner rounds times, interleaved, against one nginx. */
export async function scaling(seconds: number, rounds: number): Promise<Record<string, ScalingRun[]>> {
  const nginx = await startNginx({ cpu: Number(TARGET_CPU), workers: 1 });
  const results: Record<string, ScalingRun[]> = Object.fromEntries(Object.keys(RUNNERS).map((k) => [k, []]));
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const [name, runner] of Object.entries(RUNNERS)) {
        const before = coreBusyS();
        const t0 = performance.now();
        const rps = await runner(`${nginx.url}/`, seconds);
        const wallS = (performance.now() - t0) / 1000;
        const coreBusy = coreBusyS().map((b, i) => Math.min(1, (b - before[i]) / wallS));
        results[name].push({ rps, coreBusy });
        console.log(`round ${round}  ${name.padEnd(20)} ${rps.toFixed(0).padStart(9)} req/s  cores busy ${coreBusy.map((b) => `${(b * 100).toFixed(0)}%`).join(' ')}`);
      }
    }
  } finally {
    await nginx.stop();
  }
  return results;
}
