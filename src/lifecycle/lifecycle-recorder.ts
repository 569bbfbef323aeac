/**
 * LifecycleRecorder collects a lifecycle run as it goes: operation counts per phase, the three
 * latency populations (successful operations only), failure reasons and the cycles in progress;
 * result() freezes them into a LifecycleResult.
 */
import { LatencyAccumulator, LatencyDistribution } from '../results/latency.js';
import type { LifecyclePlan } from '../plan/lifecycle-plan.js';
import { LIFECYCLE_PHASES, type FailureCount, type LifecyclePhase, type LifecycleResult, type PhaseCounts } from '../core/lifecycle-result.js';

/** MAX_DISTINCT_FAILURES bounds the reasons kept; later new reasons are counted under one line. */
const MAX_DISTINCT_FAILURES = 1000;
const OTHER_FAILURES = 'other reasons (more than 1000 distinct)';

export class LifecycleRecorder {
  readonly loadToReady = new LatencyAccumulator();
  readonly firstInference = new LatencyAccumulator();
  readonly unload = new LatencyAccumulator();
  private readonly counts: Record<LifecyclePhase, PhaseCounts>;
  private readonly failures = new Map<string, { phase: LifecyclePhase; count: number }>();
  private cyclesOk = 0;
  private cyclesFailed = 0;
  private inProgress = 0;
  private inProgressPeak = 0;

  constructor() {
    this.counts = { load: zero(), inference: zero(), unload: zero() };
  }

  ok(phase: LifecyclePhase): void {
    this.counts[phase].ok++;
  }

  /** fail counts a failed operation under its reason, `<phase>: <why>`. */
  fail(phase: LifecyclePhase, why: string): void {
    this.counts[phase].failed++;
    let text = `${phase}: ${why}`;
    if (!this.failures.has(text) && this.failures.size >= MAX_DISTINCT_FAILURES) text = `${phase}: ${OTHER_FAILURES}`;
    const entry = this.failures.get(text);
    if (entry === undefined) this.failures.set(text, { phase, count: 1 });
    else entry.count++;
  }

  skip(phase: LifecyclePhase, n = 1): void {
    this.counts[phase].skipped += n;
  }

  cycleStarted(): void {
    this.inProgress++;
    if (this.inProgress > this.inProgressPeak) this.inProgressPeak = this.inProgress;
  }

  cycleEnded(ok: boolean): void {
    this.inProgress--;
    if (ok) this.cyclesOk++;
    else this.cyclesFailed++;
  }

  result(plan: LifecyclePlan, startUnixNs: bigint, durationNs: number, interrupted: boolean): LifecycleResult {
    const failures: FailureCount[] = [...this.failures].map(([text, e]) => ({ phase: e.phase, text, count: e.count }));
    failures.sort((a, b) => b.count - a.count || LIFECYCLE_PHASES.indexOf(a.phase) - LIFECYCLE_PHASES.indexOf(b.phase) || (a.text < b.text ? -1 : 1));
    return {
      target: plan.target,
      repository: plan.repository,
      models: plan.models.length,
      cycles: plan.cycles,
      concurrency: plan.concurrency,
      inferRequests: plan.inferRequests,
      batchSize: plan.batchSize,
      readyTimeoutNs: plan.readyTimeoutNs,
      startUnixNs,
      durationNs,
      interrupted,
      planned: plan.models.length * plan.cycles,
      cyclesOk: this.cyclesOk,
      cyclesFailed: this.cyclesFailed,
      inProgressPeak: this.inProgressPeak,
      operations: { load: { ...this.counts.load }, inference: { ...this.counts.inference }, unload: { ...this.counts.unload } },
      loadToReady: new LatencyDistribution(this.loadToReady),
      firstInference: new LatencyDistribution(this.firstInference),
      unload: new LatencyDistribution(this.unload),
      failures,
    };
  }
}

function zero(): PhaseCounts {
  return { ok: 0, failed: 0, skipped: 0 };
}
