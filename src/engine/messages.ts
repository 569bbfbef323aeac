/**
 * Messages between the main thread and a worker, over the MessagePort each task receives.
 * The worker's ShardResult itself is the task's return value.
 */
import type { Shard } from './shard.js';
import type { LiveSample } from '../results/recorder.js';
import type { MessagePort } from 'node:worker_threads';
import type { ErrorCode } from '../core/errors.js';
import type { LlmLive } from '../core/live-snapshot.js';

/** WorkerTask is what piscina hands a worker: its shard and its channel. */
export interface WorkerTask {
  readonly shard: Shard;
  readonly port: MessagePort;
  /** counter is the run-wide closed-loop sequence counter (an Int32Array on shared memory). */
  readonly counter: Int32Array;
}

export type ToWorker =
  /** start: elapsed zero is at t0Hr on process.hrtime.bigint()'s clock, startUnixNs on the wall. */
  | { readonly type: 'start'; readonly t0Hr: bigint; readonly startUnixNs: bigint }
  /** stop: send nothing more; cancel what is still in flight after graceMs. */
  | { readonly type: 'stop'; readonly graceMs: number }
  /** cancel: cancel everything in flight now. */
  | { readonly type: 'cancel' };

/** WorkerLive is a worker's live sample plus its own load: event-loop busy share and send lateness p99 over the interval. */
export type WorkerLive = LiveSample & { readonly busy: number; readonly latenessP99Ns: number; readonly llm?: LlmLive | null };

export type FromWorker =
  | { readonly type: 'ready' }
  /**
   * failed: an error in the worker, as its stable code and message (rebuilt as the same class on
   * the main thread); before the start it aborts the run, after it ends the run's command.
   */
  | { readonly type: 'failed'; readonly code: ErrorCode; readonly message: string }
  | ({ readonly type: 'progress' } & WorkerLive)
  | { readonly type: 'results'; readonly data: string }
  | { readonly type: 'done' };
