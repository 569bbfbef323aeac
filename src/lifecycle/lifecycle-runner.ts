/**
 * startLifecycle runs a lifecycle plan: --concurrency workers take model cycles from a CycleQueue
 * (so a model is never in two cycles at once) and run each with runModelCycle, until every model
 * has done every cycle. The work is bounded: models × cycles cycles, each bounded by its timeouts.
 * stop() takes no new cycles (those in progress finish); cancel() also aborts their requests.
 */
import { checkerFor } from '../protocols/checks/response-check.js';
import { type Checker } from '../transports/exchange.js';
import { CycleQueue } from './cycle-queue.js';
import { LifecycleHttp } from './lifecycle-http.js';
import type { LifecyclePlan } from '../plan/lifecycle-plan.js';
import { LifecycleRecorder } from './lifecycle-recorder.js';
import type { LifecycleResult } from '../core/lifecycle-result.js';
import { runModelCycle, type CycleContext } from './model-cycle.js';

export interface LifecycleRun {
  /** result resolves when the run ends (every cycle done, or stopped), never rejects for the server. */
  readonly result: Promise<LifecycleResult>;
  /** stop starts no more cycles; the ones in progress finish. */
  stop(): void;
  /** cancel stops and aborts the requests in flight. */
  cancel(): void;
}

export function startLifecycle(plan: LifecyclePlan): LifecycleRun {
  const queue = new CycleQueue(plan.models.length, plan.cycles);
  const cancel = new AbortController();
  const recorder = new LifecycleRecorder();
  const http = new LifecycleHttp(cancel.signal);
  const ctx: CycleContext = { plan, http, recorder, cancel: cancel.signal };
  const checkers: Checker[] = plan.models.map((m) => checkerFor(m.check));
  let stopped = false;

  const worker = async (): Promise<void> => {
    for (;;) {
      const job = await queue.take();
      if (job === null) return;
      try {
        await runModelCycle(ctx, plan.models[job.model], checkers[job.model]);
      } finally {
        queue.done(job);
      }
    }
  };

  const run = async (): Promise<LifecycleResult> => {
    const startUnixNs = BigInt(Date.now()) * 1_000_000n;
    const start = performance.now();
    const workers = Math.min(plan.concurrency, plan.models.length);
    try {
      await Promise.all(Array.from({ length: workers }, worker));
    } finally {
      await http.close().catch(() => undefined);
    }
    const durationNs = (performance.now() - start) * 1e6;
    return recorder.result(plan, startUnixNs, durationNs, stopped && queue.remaining);
  };

  return {
    result: run(),
    stop() {
      stopped = true;
      queue.stop();
    },
    cancel() {
      stopped = true;
      queue.stop();
      cancel.abort();
    },
  };
}
