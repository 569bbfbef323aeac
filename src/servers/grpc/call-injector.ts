/**
 * CallInjector is the reference gRPC server's latency and error injection, shared by every
 * service: it decides which calls fail with the injected status and holds each answer until its
 * latency deadline (measured from the call's arrival) with one DelayQueue for the whole server.
 */
import { performance } from 'node:perf_hooks';
import { CapacityLimit } from '../capacity-limit.js';
import { DelayQueue } from '../delay-queue.js';
import { NO_LATENCY, sampleLatencyNs, type LatencyModel } from '../latency-model.js';

/** Deliverable is an answer waiting for its deadline. */
export interface Deliverable {
  deliver(): void;
}

/** CallInjectorOptions configure the injection; all fields are validated by the server. */
export interface CallInjectorOptions {
  readonly latency: LatencyModel;
  readonly errorRate: number;
  readonly preciseLatency: boolean;
  readonly random: () => number;
  /** capacityHz caps the inference answers scheduleInference sends per second (beyond it they queue); 0 = no cap. */
  readonly capacityHz?: number;
}

/** CallInjector decides injected errors and delays answers. */
export class CallInjector {
  private readonly latency: LatencyModel;
  private readonly errorRate: number;
  private readonly random: () => number;
  private readonly queue: DelayQueue<Deliverable>;
  private readonly capacity: CapacityLimit | null;

  constructor(o: CallInjectorOptions) {
    this.latency = o.latency ?? NO_LATENCY;
    this.errorRate = o.errorRate;
    this.random = o.random;
    this.queue = new DelayQueue<Deliverable>(deliverItem, o.preciseLatency);
    this.capacity = (o.capacityHz ?? 0) > 0 ? new CapacityLimit(o.capacityHz!) : null;
  }

  /** shouldFail draws whether this call answers the injected error. */
  shouldFail(): boolean {
    return this.errorRate > 0 && this.random() < this.errorRate;
  }

  /**
   * schedule delivers item at arrivedMs (performance.now() time) plus a sampled latency, but not
   * before notBeforeMs (so a stream's answers keep their order), or at once if that is past.
   * Returns the deadline used.
   */
  schedule(arrivedMs: number, item: Deliverable, notBeforeMs = 0): number {
    const sampled = arrivedMs + sampleLatencyNs(this.latency, this.random) / 1e6;
    const deadlineMs = sampled > notBeforeMs ? sampled : notBeforeMs;
    if (deadlineMs <= performance.now()) item.deliver();
    else this.queue.push(deadlineMs, item);
    return deadlineMs;
  }

  /**
   * scheduleInference is schedule for a unary inference answer under the server's capacity: past
   * capacity the answer waits for a free slot after its latency, as the REST server's do.
   */
  scheduleInference(arrivedMs: number, item: Deliverable): number {
    const readyMs = arrivedMs + sampleLatencyNs(this.latency, this.random) / 1e6;
    const now = performance.now();
    const deadlineMs = this.capacity === null ? readyMs : this.capacity.releaseMs(Math.max(readyMs, now));
    if (deadlineMs <= now) item.deliver();
    else this.queue.push(deadlineMs, item);
    return deadlineMs;
  }

  /** waiting is the number of answers held back. */
  get waiting(): number {
    return this.queue.size;
  }
}

function deliverItem(item: Deliverable): void {
  item.deliver();
}
