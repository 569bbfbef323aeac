/**
 * startRun executes a plan on a piscina pool of worker threads: it splits the plan into shards,
 * waits until every worker is ready, gives them one common elapsed zero, relays stop and cancel,
 * aggregates their progress, appends their per-request results to the output, and merges their
 * ShardResults into the RunResult. It never exits the process and knows no protocol.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Plan } from '../plan/plan.js';
import { splitPlan } from '../plan/shard.js';
import { mergeShards } from '../results/merge.js';
import type { ProgressSnapshot } from '../results/recorder.js';
import type { RunResult, ShardResult } from '../results/run-result.js';
import type { FromWorker, ToWorker, WorkerTask } from './messages.js';

/** Progress is the run-wide sum of the workers' latest snapshots. */
export interface Progress extends ProgressSnapshot {
  readonly elapsedMs: number;
}

export interface RunHooks {
  /** onProgress is called about once a second while the run goes. */
  readonly onProgress?: (p: Progress) => void;
}

/** Run is a started run: stop() ends sending (in-flight requests get the grace period), cancel() ends it now. */
export interface Run {
  readonly result: Promise<RunResult>;
  stop(): void;
  cancel(): void;
}

const WORKER_FILE = new URL('./worker.js', import.meta.url).href;

// V8's memory reducer runs full mark-compact GCs (3-7 ms pauses) whenever allocation is slow, as
// in a low-rate test; those pauses land in measured latencies (p99 +3 ms at 1 connection). The
// heaps here are small, so give up the reduction for honest numbers. Set before any worker
// isolate exists, as V8 reads its flags when a heap is set up.
setFlagsFromString('--no-memory-reducer');
const START_DELAY_NS = 20_000_000n;

export function startRun(plan: Plan, hooks: RunHooks = {}): Run {
  const shards = splitPlan(plan);
  const ports: MessagePort[] = [];
  let stopped = false;
  let started = false;
  const send = (m: ToWorker) => ports.forEach((p) => p.postMessage(m));
  const run = {
    stop() {
      if (stopped) return run.cancel();
      stopped = true;
      if (started) send({ type: 'stop', graceMs: plan.graceNs / 1e6 });
    },
    cancel() {
      stopped = true;
      if (started) send({ type: 'cancel' });
    },
  };
  const result = execute(plan, shards.length, ports, hooks, () => {
    started = true;
    return stopped;
  }, send, () => stopped);
  return { result, stop: run.stop, cancel: run.cancel };
}

async function execute(
  plan: Plan,
  count: number,
  ports: MessagePort[],
  hooks: RunHooks,
  markStarted: () => boolean,
  send: (m: ToWorker) => void,
  wasStopped: () => boolean,
): Promise<RunResult> {
  const shards = splitPlan(plan);
  const pool = new Piscina({ filename: WORKER_FILE, minThreads: count, maxThreads: count, concurrentTasksPerWorker: 1, idleTimeout: 100 });
  const output = plan.output === null ? null : openOutput(plan.output.path);
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const latest: ProgressSnapshot[] = shards.map(() => ({ requests: 0, errors: 0, dropped: 0, inFlight: 0 }));
  let readyCount = 0;
  let onAllReady!: () => void;
  let onFailed!: (err: Error) => void;
  const allReady = new Promise<void>((resolve, reject) => ((onAllReady = resolve), (onFailed = reject)));
  const drained: Promise<void>[] = [];
  const tasks: Promise<ShardResult>[] = [];
  for (const shard of shards) {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1);
    drained.push(
      new Promise<void>((resolve) => {
        port1.on('message', (m: FromWorker) => {
          if (m.type === 'ready' && ++readyCount === shards.length) onAllReady();
          else if (m.type === 'failed') onFailed(new Error(m.message));
          else if (m.type === 'progress') latest[shard.index] = m;
          else if (m.type === 'results') output?.write(m.data);
          else if (m.type === 'done') resolve();
        });
      }),
    );
    const task: WorkerTask = { shard, port: port2, counter };
    tasks.push(pool.run(task, { transferList: [port2] }) as Promise<ShardResult>);
  }
  let progressTimer: NodeJS.Timeout | null = null;
  try {
    await Promise.race([allReady, Promise.all(tasks).then(() => allReady)]);
    const nowHr = process.hrtime.bigint();
    const wallNs = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
    const t0Hr = nowHr + START_DELAY_NS;
    const startUnixNs = wallNs + START_DELAY_NS;
    const stoppedBeforeStart = markStarted();
    send({ type: 'start', t0Hr, startUnixNs });
    if (stoppedBeforeStart) send({ type: 'stop', graceMs: plan.graceNs / 1e6 });
    const startedAt = performance.now() + Number(START_DELAY_NS) / 1e6;
    if (hooks.onProgress !== undefined) {
      const onProgress = hooks.onProgress;
      progressTimer = setInterval(() => onProgress(sumProgress(latest, performance.now() - startedAt)), 1000);
    }
    const shardResults = await Promise.all(tasks);
    await Promise.all(drained);
    if (output !== null) await closeOutput(output);
    return mergeShards(shardResults, { meta: plan.meta, startUnixNs, interrupted: wasStopped() });
  } finally {
    if (progressTimer !== null) clearInterval(progressTimer);
    for (const p of ports) p.close();
    await pool.destroy();
  }
}

function sumProgress(latest: readonly ProgressSnapshot[], elapsedMs: number): Progress {
  let requests = 0;
  let errors = 0;
  let dropped = 0;
  let inFlight = 0;
  for (const p of latest) {
    requests += p.requests;
    errors += p.errors;
    dropped += p.dropped;
    inFlight += p.inFlight;
  }
  return { requests, errors, dropped, inFlight, elapsedMs };
}

function openOutput(path: string): WriteStream | NodeJS.WriteStream {
  return path === '-' ? process.stdout : createWriteStream(path);
}

function closeOutput(out: WriteStream | NodeJS.WriteStream): Promise<void> {
  if (out === process.stdout) return new Promise((resolve) => (out.write('') ? resolve() : out.once('drain', resolve)));
  return new Promise((resolve, reject) => {
    out.once('error', reject);
    out.end(resolve);
  });
}
