/**
 * startRun executes a plan on worker threads (shard-host.ts): it splits the plan into shards,
 * waits until every worker is ready, gives them one common elapsed zero, relays stop and cancel,
 * aggregates their progress, appends their per-request results to the output, and merges their
 * ShardResults into the RunResult. It never exits the process and knows no protocol.
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { Plan } from '../plan/plan.js';
import { splitPlan, type Shard } from './shard.js';
import { openResultsFile, type ResultsFile } from './results-file.js';
import { codedError, InputDuringRunError, type LoadgenError } from '../core/errors.js';
import { mergeShards } from '../results/merge.js';
import type { LiveSnapshot } from '../core/live-snapshot.js';
import { LiveSnapshotBuilder } from './live-snapshot-builder.js';
import type { RunResult, ShardResult } from '../core/run-result.js';
import type { FromWorker, ToWorker, WorkerTask } from './messages.js';
import { waitForStart } from './start-gate.js';
import { openShardHost } from './shard-host.js';

export interface RunHooks {
  /**
   * onLive is called with the run as it stands about once a second while the run goes, and once
   * more (final = true) with every worker's last figures after the last result is in.
   */
  readonly onLive?: (s: LiveSnapshot, final: boolean) => void;
}

/** RunOutcome is the result, and the first error a worker met during the run, if any. */
export interface RunOutcome {
  readonly result: RunResult;
  /**
   * runError is the first error a worker met after the start: bad input (a lazy targets file) as
   * an InputDuringRunError, anything else with its own code. The command ends with it once the
   * reports of what ran are written.
   */
  readonly runError: LoadgenError | null;
}

/** Run is a started run: stop() ends sending (in-flight requests get the grace period), cancel() ends it now. */
export interface Run {
  readonly outcome: Promise<RunOutcome>;
  stop(): void;
  cancel(): void;
}

const PROGRESS_EVERY_MS = 1000;
/** LIVE_OVERDUE_MS is how long a snapshot waits for a busy worker's sample before going out without it. */
const LIVE_OVERDUE_MS = 1500;

// V8's memory reducer runs full mark-compact GCs (3-7 ms pauses) whenever allocation is slow, as
// in a low-rate test; those pauses land in measured latencies (p99 +3 ms at 1 connection). The
// heaps here are small, so give up the reduction for honest numbers. Set before any worker
// isolate exists, as V8 reads its flags when a heap is set up.
setFlagsFromString('--no-memory-reducer');

export function startRun(plan: Plan, hooks: RunHooks = {}): Run {
  const run = new PoolRun(plan, hooks);
  return { outcome: run.execute(), stop: () => run.stop(), cancel: () => run.cancel() };
}

/** PoolRun is one execution: the pool, the workers' channels, and what they reported. */
class PoolRun {
  private readonly plan: Plan;
  private readonly hooks: RunHooks;
  private readonly shards: Shard[];
  private readonly ports: MessagePort[];
  private readonly live: LiveSnapshotBuilder;
  private stopped: boolean;
  private started: boolean;
  private runError: LoadgenError | null;
  private output: ResultsFile | null;
  private startedAtMs: number | null;
  private emittedAtMs: number;
  private liveEnded: boolean;

  constructor(plan: Plan, hooks: RunHooks) {
    this.plan = plan;
    this.hooks = hooks;
    this.shards = splitPlan(plan);
    this.ports = [];
    this.live = new LiveSnapshotBuilder(plan, this.shards.length);
    this.stopped = false;
    this.started = false;
    this.runError = null;
    this.output = null;
    this.startedAtMs = null;
    this.emittedAtMs = 0;
    this.liveEnded = false;
  }

  /** stop ends sending (a signal, or stdout's reader gone under `-o -`); a second stop cancels what is still in flight. */
  stop(): void {
    if (this.stopped) return this.cancel();
    this.stopped = true;
    if (this.started) this.send({ type: 'stop', graceMs: this.plan.graceNs / 1e6 });
  }

  cancel(): void {
    this.stopped = true;
    if (this.started) this.send({ type: 'cancel' });
  }

  async execute(): Promise<RunOutcome> {
    const count = this.shards.length;
    const host = await openShardHost(this.shards);
    const counter = new Int32Array(new SharedArrayBuffer(4));
    this.output = this.plan.output === null ? null : openResultsFile(this.plan.output, () => this.stop());
    let ready = 0;
    let onReady!: () => void;
    let onFailed!: (err: Error) => void;
    const allReady = new Promise<void>((resolve, reject) => ((onReady = resolve), (onFailed = reject)));
    const drained: Promise<void>[] = [];
    const tasks: Promise<ShardResult>[] = [];
    for (const shard of this.shards) {
      const { port1, port2 } = new MessageChannel();
      this.ports.push(port1);
      drained.push(
        new Promise<void>((done) => {
          port1.on('message', (m: FromWorker) => {
            if (m.type === 'ready') {
              if (++ready === count) onReady();
            } else if (m.type === 'failed') {
              if (!this.started) onFailed(codedError(m.code, m.message));
              else this.runError ??= m.code === 'usage' ? new InputDuringRunError(m.message) : codedError(m.code, m.message);
            } else if (m.type === 'progress') {
              if (this.live.take(shard.index, m)) this.emitLive();
            }
            else if (m.type === 'results') this.output?.write(m.data);
            else if (m.type === 'done') done();
          });
        }),
      );
      const task = host.run({ shard, port: port2, counter } satisfies WorkerTask);
      // A worker that throws fails the run (before the start, instead of waiting for it forever).
      task.catch((err: Error) => onFailed(err));
      tasks.push(task);
    }
    let progressTimer: NodeJS.Timeout | null = null;
    try {
      await allReady;
      // Every worker is connected and waiting: a sharded test's shards start together from here.
      const gate = this.plan.startGate ?? null;
      const atUnixMs = gate === null ? null : await waitForStart(gate, this.shards[0].segment, () => this.stopped);
      const { startUnixNs, delayNs } = this.start(atUnixMs, host.startDelayNs);
      const startedAt = performance.now() + Number(delayNs) / 1e6;
      this.startedAtMs = startedAt;
      this.emittedAtMs = startedAt;
      // Snapshots go out when every worker has sent its sample; the timer covers a worker too busy to send one.
      progressTimer = setInterval(() => {
        if (performance.now() - this.emittedAtMs > LIVE_OVERDUE_MS) this.emitLive();
      }, PROGRESS_EVERY_MS);
      const shardResults = await Promise.all(tasks);
      await Promise.all(drained);
      this.emitLive(true);
      if (this.output !== null) await this.output.close();
      const merged = mergeShards(shardResults, { meta: { ...this.plan.meta, workers: count }, startUnixNs, interrupted: this.stopped });
      const segment = this.plan.segment ?? null;
      const result = segment === null ? merged : { ...merged, segment };
      return { result, runError: this.runError };
    } finally {
      if (progressTimer !== null) clearInterval(progressTimer);
      for (const p of this.ports) p.close();
      await host.close();
    }
  }

  /**
   * start sets elapsed zero a little ahead on the shared monotonic clock (at atUnixMs on the wall
   * clock when a start gate gave one, if that is still ahead) and tells every worker.
   */
  private start(atUnixMs: number | null, startDelayNs: bigint): { startUnixNs: bigint; delayNs: bigint } {
    const nowHr = process.hrtime.bigint();
    const wallNs = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
    const untilAt = atUnixMs === null ? 0n : BigInt(Math.round(atUnixMs)) * 1_000_000n - wallNs;
    const delayNs = untilAt > startDelayNs ? untilAt : startDelayNs;
    this.started = true;
    this.send({ type: 'start', t0Hr: nowHr + delayNs, startUnixNs: wallNs + delayNs });
    if (this.stopped) this.send({ type: 'stop', graceMs: this.plan.graceNs / 1e6 });
    return { startUnixNs: wallNs + delayNs, delayNs };
  }

  /** emitLive hands the run as it stands to onLive; nothing after the final one. */
  private emitLive(final = false): void {
    const onLive = this.hooks.onLive;
    if (onLive === undefined || this.startedAtMs === null || this.liveEnded) return;
    this.liveEnded = final;
    this.emittedAtMs = performance.now();
    onLive(this.live.build((this.emittedAtMs - this.startedAtMs) * 1e6), final);
  }

  private send(m: ToWorker): void {
    for (const p of this.ports) p.postMessage(m);
  }
}
