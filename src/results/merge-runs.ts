/**
 * mergeRuns merges the records of runs that overlapped in time (shards of one test, perhaps from
 * several machines) into one RunResult: counts add exactly, histograms add bucket by bucket,
 * errors and status codes add, the per-second series and the per-call logs are aligned by wall
 * clock (re-based to the earliest start), and rate and throughput are computed over the union of
 * the runs' spans, so two shards of 100/s over the same 10 s read 200/s, not 100/s or 400/s.
 */
import { UsageError } from '../core/errors.js';
import type { CallLogSnapshot } from '../core/call-log-snapshot.js';
import type { ErrorCount, RunMeta, RunResult, SecondStats } from '../core/run-result.js';
import { ns, type Nanos } from '../core/units.js';
import { addStatusCounts } from '../core/outcome.js';
import { mergeCallLogs } from './call-log.js';
import { LatencyDistribution } from './latency.js';
import { secondStatsOf, type SecondGroup } from './merge.js';
import type { RecordedRun } from './run-record.js';
import { mergedLlm } from './llm-record.js';

/** SourcedRun is a record read back and the file it came from (named in errors). */
export interface SourcedRun {
  readonly run: RecordedRun;
  readonly source: string;
}

export function mergeRuns(inputs: readonly SourcedRun[]): RunResult {
  if (inputs.length === 0) throw new UsageError('merge: give at least one record');
  checkMergeable(inputs);
  const runs = inputs.map((i) => i.run);
  const startUnixNs = runs.reduce((min, r) => (r.startUnixNs < min ? r.startUnixNs : min), runs[0].startUnixNs);
  const shifts = runs.map((r) => Number(r.startUnixNs - startUnixNs));
  const spans = runs.flatMap((r, i) => (r.requests === 0 ? [] : [{ from: r.earliestNs + shifts[i], latest: r.latestNs + shifts[i], end: r.endNs + shifts[i] }]));
  const none = spans.length === 0;
  const sum = (f: (r: RecordedRun) => number) => runs.reduce((n, r) => n + f(r), 0);
  return {
    meta: mergedMeta(runs.map((r) => r.meta)),
    startUnixNs,
    requests: sum((r) => r.requests),
    successes: sum((r) => r.successes),
    dropped: sum((r) => r.dropped),
    skipped: sum((r) => r.skipped),
    inFlightPeak: sum((r) => r.inFlightPeak),
    earliestNs: ns(none ? 0 : Math.min(...spans.map((s) => s.from))),
    latestNs: ns(none ? 0 : Math.max(...spans.map((s) => s.latest))),
    endNs: ns(none ? 0 : Math.max(...spans.map((s) => s.end))),
    bytesIn: sum((r) => r.bytesIn),
    bytesOut: sum((r) => r.bytesOut),
    statusCodes: addStatusCounts(runs.map((r) => r.statusCodes)),
    errors: mergeErrors(runs),
    latency: LatencyDistribution.fromSnapshots(runs.map((r) => r.latency.snapshot())),
    responseTime: runs.every((r) => r.responseTime !== null) ? LatencyDistribution.fromSnapshots(runs.map((r) => r.responseTime!.snapshot())) : null,
    series: mergeSeries(runs, shifts),
    interrupted: runs.some((r) => r.interrupted),
    callLog: runs.every((r) => r.callLog !== null) ? mergeCallLogs(runs.map((r) => rebased(r.callLog!, startUnixNs)), startUnixNs) : null,
    activeNs: { sending: unionLength(spans.map((s) => [s.from, s.latest])), total: unionLength(spans.map((s) => [s.from, s.end])) },
    ...(runs[0].ghz === undefined ? {} : { ghz: { ...runs[0].ghz, timed: runs.some((r) => r.ghz?.timed === true) } }),
    ...mergedGenerator(runs),
    ...mergedLlm(runs.map((r) => r.llm)),
    // Each shard's verdicts and server view are of that shard alone; a check holds when every shard checked.
    ...(runs.every((r) => r.checked === true) ? { checked: true } : {}),
    ...(runs.every((r) => JSON.stringify(r.env) === JSON.stringify(runs[0].env)) && runs[0].env !== undefined ? { env: runs[0].env } : {}),
  };
}

/** checkMergeable refuses records whose numbers would not mean the same thing added up. */
function checkMergeable(inputs: readonly SourcedRun[]): void {
  const first = inputs[0];
  const shards = new Map<string, string>();
  for (const { run, source } of inputs) {
    if (run.meta.protocol !== first.run.meta.protocol) {
      throw new UsageError(`merge: ${source} is of protocol ${run.meta.protocol} but ${first.source} of ${first.run.meta.protocol}; merge records of one protocol only`);
    }
    const shard = run.segment === undefined ? null : `${run.segment.index}/${run.segment.count}`;
    const twin = shard === null ? undefined : shards.get(shard);
    if (twin !== undefined) throw new UsageError(`merge: ${twin} and ${source} are both shard ${shard}; merging them would count its requests twice`);
    if (shard !== null) shards.set(shard, source);
    if (run.series.some((s) => s.histograms === undefined)) {
      throw new UsageError(`merge: ${source} has no per-second histograms (written by an older loadgen), so it cannot be merged exactly; re-run with --result`);
    }
  }
}

function mergedMeta(metas: readonly RunMeta[]): RunMeta {
  const distinct = (values: readonly string[]) => [...new Set(values.filter((v) => v !== ''))].join(', ');
  const sameMode = metas.every((m) => m.mode === metas[0].mode);
  const mode = sameMode ? metas[0].mode : 'replay';
  const total = (f: (m: RunMeta) => number | null) => metas.reduce((n, m) => n + (f(m) ?? 0), 0);
  return {
    command: 'merge',
    protocol: metas[0].protocol,
    name: distinct(metas.map((m) => m.name)),
    target: distinct(metas.map((m) => m.target)),
    mode,
    // Shards of one test each send their share of the schedule: the test's rate is their sum.
    rateHz: mode === 'open' ? total((m) => m.rateHz) : null,
    vus: mode === 'closed' ? total((m) => m.vus) : null,
    workers: total((m) => m.workers),
    connections: total((m) => m.connections),
  };
}

/** mergeErrors adds counts by text; texts keep their first-seen order, earlier-starting runs first. */
function mergeErrors(runs: readonly RunResult[]): ErrorCount[] {
  const byText = new Map<string, ErrorCount>();
  const order = [...runs].sort((a, b) => (a.startUnixNs < b.startUnixNs ? -1 : a.startUnixNs > b.startUnixNs ? 1 : 0));
  for (const r of order) for (const e of r.errors) byText.set(e.text, { text: e.text, kind: e.kind, count: (byText.get(e.text)?.count ?? 0) + e.count });
  return [...byText.values()];
}

/**
 * mergeSeries puts each run's seconds on the merged clock (its start offset rounded to the
 * nearest second) and merges every worker histogram of a second, as one run's merge does.
 */
function mergeSeries(runs: readonly RunResult[], shifts: readonly number[]): SecondStats[] {
  const bySecond = new Map<number, SecondGroup>();
  runs.forEach((r, i) => {
    const offset = Math.round(shifts[i] / 1e9);
    for (const s of r.series) {
      const second = s.second + offset;
      let acc = bySecond.get(second);
      if (acc === undefined) bySecond.set(second, (acc = { requests: 0, errors: 0, histograms: [] }));
      acc.requests += s.requests;
      acc.errors += s.errors;
      acc.histograms.push(...(s.histograms ?? []));
    }
  });
  return secondStatsOf(bySecond);
}

/** rebased moves a call log's end offsets onto the merged start (mergeCallLogs interleaves by them). */
function rebased(log: CallLogSnapshot, startUnixNs: bigint): CallLogSnapshot {
  const c = log.calls;
  const shift = Number(c.startUnixNs - startUnixNs);
  const endOffsetNs = c.endOffsetNs.slice(0, c.length).map((t) => t + shift);
  return { ...log, calls: { ...c, startUnixNs, endOffsetNs } };
}

/** unionLength is the total length of the union of [from, to] intervals. */
function unionLength(intervals: ReadonlyArray<readonly [number, number]>): Nanos {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let from = -Infinity;
  let to = -Infinity;
  for (const [a, b] of sorted) {
    if (a > to) {
      if (to > from) total += to - from;
      from = a;
      to = b;
    } else if (b > to) to = b;
  }
  if (to > from) total += to - from;
  return ns(total);
}

/** mergedGenerator adds the generators' CPU; the peak RSS is the largest single generator's. */
function mergedGenerator(runs: readonly RunResult[]): Pick<RunResult, 'generator'> {
  const gens = runs.map((r) => r.generator);
  if (gens.some((g) => g === undefined)) return {};
  const all = gens as NonNullable<RunResult['generator']>[];
  return {
    generator: {
      cpuUserSeconds: all.reduce((n, g) => n + g.cpuUserSeconds, 0),
      cpuSystemSeconds: all.reduce((n, g) => n + g.cpuSystemSeconds, 0),
      peakRssBytes: Math.max(...all.map((g) => g.peakRssBytes)),
    },
  };
}
