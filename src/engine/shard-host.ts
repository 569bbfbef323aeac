/**
 * A ShardHost runs the shards of a run: on a piscina pool of worker threads, or, for a small run
 * of one shard, on the main thread. Starting a worker thread costs ~80-100 ms on this machine
 * (Node's bootstrap of the isolate and loading the worker's modules, bench/README.md "Start-up"),
 * longer than a run of a few requests takes, and most of the time to the first request of
 * `attack -n 1`. The shard's code is the same either way: runShard talks to the run over its
 * MessagePort, which works within one thread as between two.
 */
import type { Shard } from './shard.js';
import type { WorkerTask } from './messages.js';
import type { ShardResult } from '../core/run-result.js';

export interface ShardHost {
  /**
   * startDelayNs puts elapsed zero this far after the start message, so every shard has it in
   * time: a worker thread's event loop may be a few ms behind; the main thread's own port delivers
   * on its next turn.
   */
  readonly startDelayNs: bigint;
  run(task: WorkerTask): Promise<ShardResult>;
  close(): Promise<void>;
}

/**
 * MAIN_THREAD_MAX_REQUESTS bounds the runs that skip the worker pool: a single shard stopped by a
 * request count this small sends for well under a second at any rate a test of a few requests
 * uses, so the main thread's own work (the live panel's redraw once a second) cannot weigh on it
 * for long, while the 80-100 ms of a worker's start-up would be most of the run.
 */
export const MAIN_THREAD_MAX_REQUESTS = 1000;

/** onMainThread says whether a run of these shards runs on the main thread. */
export function onMainThread(shards: readonly Shard[]): boolean {
  if (shards.length !== 1) return false;
  const { iterations } = shards[0];
  return iterations > 0 && iterations <= MAIN_THREAD_MAX_REQUESTS;
}

const WORKER_FILE = new URL('./worker.js', import.meta.url).href;

/**
 * WORKER_YOUNG_GENERATION_MB caps each worker's young generation (V8 makes it three semi-spaces
 * of 1 MB: two and the new large-object space). A worker's garbage is short-lived per-request
 * objects, so V8's default (semi-spaces growing to 16 MB) only let young garbage fill RSS: at
 * 5k req/s the 1 MB cap kept a worker's heap ~10 MB smaller, and requests per CPU-second of a
 * c64 closed loop were the same (bench/README.md, "Where loadgen's memory went").
 */
export const WORKER_YOUNG_GENERATION_MB = 3;

/** openShardHost loads only what the chosen host needs: piscina is not read for a main-thread run. */
export async function openShardHost(shards: readonly Shard[]): Promise<ShardHost> {
  if (onMainThread(shards)) {
    const { runShard } = await import('./worker.js');
    return { startDelayNs: 2_000_000n, run: runShard, close: async () => {} };
  }
  const { Piscina } = await import('piscina');
  const pool = new Piscina({
    filename: WORKER_FILE,
    minThreads: shards.length,
    maxThreads: shards.length,
    concurrentTasksPerWorker: 1,
    idleTimeout: 100,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  return {
    startDelayNs: 20_000_000n,
    run: (task) => pool.run(task, { transferList: [task.port] }) as Promise<ShardResult>,
    close: () => pool.destroy(),
  };
}
