/**
 * The worker-thread entry (piscina task): one shard of a plan, run to its end. The worker owns
 * its transport, its pacer and its recorder; it reports progress about once a second, streams
 * per-request results when asked, and returns its ShardResult.
 */
import { redactedNames } from '../core/redact.js';
import { performance } from 'node:perf_hooks';
import type { MessagePort } from 'node:worker_threads';
import { ConstantPacer } from '../pacing/constant-pacer.js';
import { StepPacer } from '../pacing/step-pacer.js';
import { GammaPacer } from '../pacing/gamma-pacer.js';
import { segmentShare, shareOf, type Shard } from './shard.js';
import { Recorder } from '../results/recorder.js';
import { CallLog } from '../results/call-log.js';
import { MAX_LOGGED_CALLS } from '../core/call-log-snapshot.js';
import { errorCodeOf } from '../core/errors.js';
import type { ShardResult } from '../core/run-result.js';
import { CanceledError } from '../transports/transport-errors.js';
import { InFlightList } from '../transports/in-flight.js';
import { TransportSet } from './transport-set.js';
import { ClosedLoop } from './closed-loop.js';
import type { FromWorker, ToWorker, WorkerTask } from './messages.js';
import { OpenLoop } from './open-loop.js';
import { openFeed } from './open-feed.js';
import { ResultsSink } from './results-sink.js';
import type { Scheduler } from './scheduler.js';
import { ShardRunner } from './shard-runner.js';
import { SendLateness } from './send-lateness.js';
import { needsOverall } from './live-needs.js';
import { loadLlmHooks, type LlmHooks } from './llm-hooks.js';
import type { LlmRecorder } from '../results/llm-recorder.js';

const PROGRESS_EVERY_MS = 1000;

/**
 * The piscina task: runShard's result, with the call log's columns moved to the main thread
 * rather than copied (a million gRPC calls are 21 MB, which a copy doubled at the end of a run).
 */
export default async function runShardInWorker(task: WorkerTask): Promise<unknown> {
  const result = await runShard(task);
  const columns = result.callLog?.calls;
  if (columns === undefined) return result;
  const { Piscina } = await import('piscina');
  const buffers = [columns.endOffsetNs.buffer, columns.latencyNs.buffer, columns.statusIndex.buffer, columns.errorIndex.buffer];
  const movable = { [Piscina.transferableSymbol]: buffers, [Piscina.valueSymbol]: result };
  // Typed as a plain object: TypeScript does not carry piscina's unique symbols through the getters.
  return Piscina.move(movable as unknown as Parameters<typeof Piscina.move>[0]);
}

/** runShard runs one shard to its end, in a worker thread or on the main thread (shard-host.ts). */
export async function runShard(task: WorkerTask): Promise<ShardResult> {
  const { shard, port } = task;
  const plan = shard.plan;
  const post = (m: FromWorker) => port.postMessage(m);
  const clock = new ElapsedClock();
  const recorder = new Recorder(plan.load.kind !== 'closed');
  const httpRequests = plan.source.kind === 'list' ? plan.source.requests : plan.source.kind === 'mixed' ? plan.source.http.requests : [];
  const checked = httpRequests.some((r) => r.check);
  const transports = await TransportSet.forPlan(plan, shard.connections, plan.output !== null || checked);
  const inFlight = new InFlightList(plan.http.timeoutNs, clock.now);
  let feed;
  let llm: LlmHooks | null = null;
  try {
    feed = await openFeed(shard, transports);
    if (plan.llm != null) llm = await loadLlmHooks(plan.llm, plan.load.kind !== 'closed', clock.now);
  } catch (err) {
    post({ type: 'failed', code: errorCodeOf(err), message: (err as Error).message });
    port.close();
    inFlight.close();
    await transports.close();
    return recorder.result();
  }
  const control = new Control(port);
  await transports.preconnect();
  post({ type: 'ready' });
  const start = await control.started;
  clock.anchor(start.t0Hr);
  const sink = plan.output === null ? null : new ResultsSink(port, plan.output, plan.meta.name, start.startUnixNs, redactedNames(plan.redactHeaders));
  // gRPC runs keep every call for ghz's exact statistics, each worker its share of the limit.
  const callLog = plan.source.kind === 'grpc' ? new CallLog(start.startUnixNs, 0, Math.ceil(MAX_LOGGED_CALLS / shard.count)) : null;
  const runner = new ShardRunner(feed, inFlight, recorder, sink, clock.now, plan.http.maxBody, plan.skipFirst ?? 0, callLog, llm);
  const lateness = plan.load.kind === 'closed' ? null : new SendLateness();
  const scheduler = makeScheduler(shard, task.counter, runner, clock.now, lateness);
  control.onStop = (graceMs) => {
    scheduler.stop();
    control.graceTimer ??= setTimeout(() => inFlight.abortAll(new CanceledError('stopped')), graceMs);
  };
  control.onCancel = () => {
    scheduler.stop();
    inFlight.abortAll(new CanceledError('stopped'));
  };
  await clock.sleepUntilZero();
  // Samples come half-way through each second: the last whole second is complete by then, and a
  // sample's work (about 1 ms, more while cold) stays clear of the whole seconds where durations end.
  const live = new LiveProbe(recorder, lateness, clock.now, needsOverall(plan), llm?.recorder ?? null);
  let progress: NodeJS.Timeout | null = null;
  const firstSample = setTimeout(() => {
    post(live.sample());
    progress = setInterval(() => post(live.sample()), PROGRESS_EVERY_MS);
  }, PROGRESS_EVERY_MS / 2);
  scheduler.start();
  control.replay();
  await scheduler.done();
  clearTimeout(firstSample);
  if (progress !== null) clearInterval(progress);
  if (control.graceTimer !== null) clearTimeout(control.graceTimer);
  feed.close();
  if (feed.failure !== null) post({ type: 'failed', code: errorCodeOf(feed.failure), message: feed.failure.message });
  sink?.close();
  post(live.sample());
  post({ type: 'done' });
  port.close();
  inFlight.close();
  await transports.close();
  return { ...recorder.result(), callLog: callLog?.snapshot() ?? null, ...(llm === null ? {} : { llm: llm.recorder.result() }) };
}

function makeScheduler(shard: Shard, counter: Int32Array, runner: ShardRunner, clock: () => number, lateness: SendLateness | null): Scheduler {
  const { plan } = shard;
  if (plan.load.kind === 'closed') {
    const vusSchedule = plan.load.vusSchedule ?? null;
    const levels = vusSchedule === null ? null : new StepPacer(vusSchedule);
    return new ClosedLoop(runner, clock, {
      vus: shard.vus,
      vusAt: levels === null ? null : (t) => shareOf(segmentShare(Math.floor(levels.rateHz(t)), shard.segment), shard.index, shard.count),
      iterations: shard.iterations,
      segment: shard.segment,
      durationNs: plan.stop.durationNs,
      counter,
    });
  }
  const load = plan.load;
  const pacer =
    load.kind === 'open'
      ? load.arrivals === undefined
        ? new ConstantPacer(load.rate)
        : new GammaPacer(load.rate, load.arrivals.seed, load.arrivals.kind === 'gamma' ? load.arrivals.burstiness : 1)
      : new StepPacer(load.schedule);
  return new OpenLoop(runner, pacer, clock, {
    index: shard.index,
    count: shard.count,
    segment: shard.segment,
    lastHit: plan.stop.iterations > 0 ? plan.stop.iterations : Infinity,
    durationNs: plan.stop.durationNs,
    maxInFlight: shard.maxInFlight,
    lateness,
  });
}

/**
 * LiveProbe builds the worker's progress message once per interval: the recorder's live sample,
 * the event loop's busy share since the last one, and the interval's send lateness p99.
 */
class LiveProbe {
  private readonly recorder: Recorder;
  private readonly lateness: SendLateness | null;
  private readonly now: () => number;
  private readonly withOverall: boolean;
  private readonly llm: LlmRecorder | null;
  private elu: ReturnType<typeof performance.eventLoopUtilization>;

  constructor(recorder: Recorder, lateness: SendLateness | null, now: () => number, withOverall: boolean, llm: LlmRecorder | null) {
    this.recorder = recorder;
    this.llm = llm;
    this.lateness = lateness;
    this.now = now;
    this.withOverall = withOverall;
    this.elu = performance.eventLoopUtilization();
  }

  sample(): FromWorker {
    const elu = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(elu, this.elu).utilization;
    this.elu = elu;
    const latenessP99Ns = this.lateness?.takeP99Ns() ?? 0;
    const llm = this.llm === null ? null : this.llm.liveSample();
    // The spread comes last: one that opens a literal with fields after it makes new hidden classes each call (recorder.ts).
    return { type: 'progress', busy, latenessP99Ns, llm, ...this.recorder.liveSample(this.now(), this.withOverall) };
  }
}

/**
 * ElapsedClock reads ns since the run's elapsed zero. process.hrtime is one monotonic clock for
 * all threads; performance.now() is cheaper but has a per-thread origin, so the two are tied
 * together once at the start.
 */
class ElapsedClock {
  private originMs = 0;
  readonly now = (): number => (performance.now() - this.originMs) * 1e6;

  anchor(t0Hr: bigint): void {
    this.originMs = performance.now() - Number(process.hrtime.bigint() - t0Hr) / 1e6;
  }

  async sleepUntilZero(): Promise<void> {
    const waitMs = -this.now() / 1e6;
    if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
    while (this.now() < 0) await new Promise((r) => setImmediate(r));
  }
}

/**
 * Control receives the main thread's messages from the first moment, so a stop that arrives
 * while the worker is still starting is kept and applied once the scheduler exists.
 */
class Control {
  readonly started: Promise<Extract<ToWorker, { type: 'start' }>>;
  onStop: ((graceMs: number) => void) | null = null;
  onCancel: (() => void) | null = null;
  graceTimer: NodeJS.Timeout | null = null;
  private early: ToWorker[] = [];

  constructor(port: MessagePort) {
    let resolveStart!: (m: Extract<ToWorker, { type: 'start' }>) => void;
    this.started = new Promise((r) => (resolveStart = r));
    port.on('message', (m: ToWorker) => {
      if (m.type === 'start') resolveStart(m);
      else if (this.onStop === null) this.early.push(m);
      else this.apply(m);
    });
  }

  /** replay applies the messages that arrived before the scheduler started. */
  replay(): void {
    for (const m of this.early) this.apply(m);
    this.early = [];
  }

  private apply(m: ToWorker): void {
    if (m.type === 'stop') this.onStop?.(m.graceMs);
    else if (m.type === 'cancel') this.onCancel?.();
  }
}
