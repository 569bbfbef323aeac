/**
 * LiveSnapshotBuilder assembles one LiveSnapshot per interval on the main thread from each
 * worker's latest WorkerLive: counters and buckets summed, the recent p50/p99 from the workers'
 * last complete seconds (kept RECENT_SECONDS deep), the pacer's target rate or the users at that
 * elapsed time, the process's CPU, and the plan's planned length.
 */
import { addLlmLive, type LiveSnapshot } from '../core/live-snapshot.js';
import { addStatusCounts } from '../core/outcome.js';
import type { LatencySnapshot } from '../core/latency-view.js';
import type { Plan } from '../plan/plan.js';
import type { Pacer } from '../pacing/pacer.js';
import { ConstantPacer } from '../pacing/constant-pacer.js';
import { StepPacer } from '../pacing/step-pacer.js';
import { RecentQuantiles } from '../results/live-histograms.js';
import { LatencyDistribution } from '../results/latency.js';
import type { WorkerLive } from './messages.js';
import type { Segment } from '../core/run-result.js';
import { segmentShare, WHOLE } from './shard.js';

/** RECENT_SECONDS is how many complete seconds the recent figures cover. */
export const RECENT_SECONDS = 3;

interface RecentSecond {
  readonly requests: number;
  readonly counts: number[] | null;
}

export class LiveSnapshotBuilder {
  private readonly latest: Array<WorkerLive | null>;
  /** fresh[w] says worker w has sent a sample since the last build. */
  private readonly fresh: boolean[];
  /** recent[w] maps a second to worker w's figures for it, the newest RECENT_SECONDS kept. */
  private readonly recent: Array<Map<number, RecentSecond>>;
  private readonly quantiles: RecentQuantiles;
  private readonly pacer: Pacer | null;
  private readonly levels: StepPacer | null;
  private readonly vus: number | null;
  /** segment is this process's slice of a sharded test: the targets shown are its share. */
  private readonly segment: Segment;
  private readonly totalNs: number;
  private readonly cpuAtStart: NodeJS.CpuUsage;

  constructor(plan: Plan, workers: number) {
    this.latest = new Array<WorkerLive | null>(workers).fill(null);
    this.fresh = new Array<boolean>(workers).fill(false);
    this.recent = Array.from({ length: workers }, () => new Map<number, RecentSecond>());
    this.quantiles = new RecentQuantiles();
    const load = plan.load;
    this.pacer = load.kind === 'open' ? new ConstantPacer(load.rate) : load.kind === 'schedule' ? new StepPacer(load.schedule) : null;
    this.levels = load.kind === 'closed' && load.vusSchedule ? new StepPacer(load.vusSchedule) : null;
    this.segment = plan.segment ?? WHOLE;
    this.vus = load.kind === 'closed' ? segmentShare(load.vus, this.segment) : null;
    this.totalNs = plan.stop.durationNs;
    this.cpuAtStart = process.cpuUsage();
  }

  /** take keeps worker w's newest sample and says whether every worker has sent one since the last build. */
  take(w: number, s: WorkerLive): boolean {
    this.latest[w] = s;
    this.fresh[w] = true;
    this.keepRecent(w, s);
    return this.fresh.every(Boolean);
  }

  private keepRecent(w: number, s: WorkerLive): void {
    const seconds = this.recent[w];
    if (s.recent.second < 0) return;
    seconds.set(s.recent.second, { requests: s.recent.requests, counts: s.recent.counts });
    for (const k of seconds.keys()) if (k <= s.recent.second - RECENT_SECONDS) seconds.delete(k);
  }

  build(elapsedNs: number): LiveSnapshot {
    this.fresh.fill(false);
    const samples = this.latest.filter((s): s is WorkerLive => s !== null);
    const sum = (f: (s: WorkerLive) => number) => samples.reduce((a, s) => a + f(s), 0);
    const requests = sum((s) => s.requests);
    const cpu = process.cpuUsage(this.cpuAtStart);
    const views = this.views(samples);
    return {
      elapsedNs,
      totalNs: this.totalNs,
      requests,
      successes: sum((s) => s.successes),
      dropped: sum((s) => s.dropped),
      inFlight: sum((s) => s.inFlight),
      bytesIn: sum((s) => s.bytesIn),
      bytesOut: sum((s) => s.bytesOut),
      statuses: addStatusCounts(samples.map((s) => s.statuses)),
      errorKinds: mergeKinds(samples),
      buckets: samples.reduce((acc, s) => acc.map((v, i) => v + s.buckets[i]), samples[0]?.buckets.map(() => 0) ?? []),
      latencySumNs: sum((s) => s.latencySumNs),
      targetRateHz: this.pacer === null ? null : this.pacer.rateHz(elapsedNs) / this.segment.count,
      vus: this.levels !== null ? segmentShare(Math.floor(this.levels.rateHz(elapsedNs)), this.segment) : this.vus,
      overall:
        views === null || views.service.count === 0
          ? null
          : {
              meanNs: views.service.meanNs,
              p50Ns: views.service.quantileNs(0.5),
              p90Ns: views.service.quantileNs(0.9),
              p95Ns: views.service.quantileNs(0.95),
              p99Ns: views.service.quantileNs(0.99),
              maxNs: views.service.maxNs,
            },
      recent: this.recentFigures(),
      workers: samples.map((s) => ({ busy: s.busy, latenessP99Ns: s.latenessP99Ns })),
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      views,
      llm: addLlmLive(samples.map((s) => s.llm)),
    };
  }

  /** recentFigures merges the newest RECENT_SECONDS complete seconds over all workers. */
  private recentFigures(): LiveSnapshot['recent'] {
    let newest = -1;
    for (const m of this.recent) for (const k of m.keys()) newest = Math.max(newest, k);
    if (newest < 0) return { seconds: 0, rps: 0, p50Ns: null, p99Ns: null };
    const from = Math.max(0, newest - RECENT_SECONDS + 1);
    let requests = 0;
    const histograms: number[][] = [];
    for (const m of this.recent) {
      for (const [k, r] of m) {
        if (k < from) continue;
        requests += r.requests;
        if (r.counts !== null) histograms.push(r.counts);
      }
    }
    const seconds = newest - from + 1;
    const q = this.quantiles.of(histograms);
    return { seconds, rps: requests / seconds, p50Ns: q?.p50Ns ?? null, p99Ns: q?.p99Ns ?? null };
  }

  /** views merges the whole-run histograms when the workers send them (see live-needs.ts). */
  private views(samples: readonly WorkerLive[]): NonNullable<LiveSnapshot['views']> | null {
    if (samples.length === 0 || samples.some((s) => s.overall === null)) return null;
    const service = LatencyDistribution.fromSnapshots(samples.map((s) => s.overall!.service));
    const responses = samples.map((s) => s.overall!.response).filter((r): r is LatencySnapshot => r !== null);
    return { service, response: responses.length === 0 ? null : LatencyDistribution.fromSnapshots(responses) };
  }
}

function mergeKinds(samples: readonly WorkerLive[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const s of samples) for (const [k, n] of s.errorKinds) counts.set(k, (counts.get(k) ?? 0) + n);
  return [...counts.entries()].sort((a, b) => a[0].localeCompare(b[0]));
}
