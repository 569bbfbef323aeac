/**
 * SHARD_FLAGS split one test over N processes (pods of a Kubernetes Indexed Job, or shells) and
 * start them together; withShard reads them into the Plan. `--shard i/N` is 0-based, as
 * Kubernetes' JOB_COMPLETION_INDEX: shard i runs k6's execution segment i/N:(i+1)/N of the
 * sequence 0, 1/N, ..., 1 (k6-operator's runner i+1 of N). The plan keeps the whole test's load
 * and stop rule; the engine takes the segment's part of them (engine/shard.ts), so the shards
 * together send exactly the one-process schedule. The run's meta says what this shard offers
 * (its rate R/N, its VUs and connections), which `loadgen merge` adds back up.
 */
import type { FlagTable, FlagsOf } from './flag-schema.js';
import type { Plan, StartGate } from './plan.js';
import type { Segment } from '../core/run-result.js';
import { UsageError } from '../core/errors.js';
import { parseDuration, type Nanos } from '../core/units.js';
import { parseRfc3339Nano } from '../core/time-format.js';
import { segmentConnections, segmentShare } from '../engine/shard.js';

/** DEFAULT_START_TIMEOUT_NS is how long --start-barrier waits for every shard (5 minutes). */
export const DEFAULT_START_TIMEOUT_NS = 300e9 as Nanos;
/** SHARD_INDEX_ENV is the variable Kubernetes sets in each pod of an Indexed Job. */
export const SHARD_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** SHARD_COUNT_ENV gives N to --shard-from-env when --shards is not given (set it to the Job's completions). */
export const SHARD_COUNT_ENV = 'LOADGEN_SHARDS';

export const SHARD_FLAGS = {
  shard: { type: 'string', group: 'Shards:', describe: 'run slice i of N of the test, 0-based (0/3, 1/3, 2/3): k6 segment i/N:(i+1)/N; rate, VUs, iterations split exactly' },
  'shard-from-env': { type: 'boolean', group: 'Shards:', describe: `take i from $${SHARD_INDEX_ENV} (Kubernetes Indexed Job) and N from --shards or $${SHARD_COUNT_ENV}` },
  shards: { type: 'number', group: 'Shards:', describe: 'N for --shard-from-env (the Job\'s completions)' },
  'start-at': { type: 'string', group: 'Shards:', describe: 'start the load at this wall-clock time: RFC 3339 (2026-12-03T15:00:00Z) or Unix seconds' },
  'start-barrier': { type: 'string', group: 'Shards:', describe: 'shared directory: each shard writes a ready marker; all start 1s after the N-th is there' },
  'start-timeout': { type: 'string', group: 'Shards:', describe: 'how long --start-barrier waits for every shard (default 5m; then exit 3)' },
} as const satisfies FlagTable;

export type ShardFlags = FlagsOf<typeof SHARD_FLAGS>;

/** withShard is the plan with its segment and start gate, checked so no shard is left with nothing to do. */
export function withShard(plan: Plan, f: ShardFlags, env: NodeJS.ProcessEnv = process.env): Plan {
  const segment = segmentOf(f, env);
  const startGate = startGateOf(f, segment);
  if (segment === null) return startGate === null ? plan : { ...plan, startGate };
  checkShares(plan, segment);
  return { ...plan, segment, startGate, meta: segmentMeta(plan, segment) };
}

/** segmentOf reads --shard i/N or --shard-from-env; null when the test is not sharded. */
export function segmentOf(f: ShardFlags, env: NodeJS.ProcessEnv): Segment | null {
  if (f.shard !== undefined && f.shardFromEnv === true) {
    throw new UsageError('--shard and --shard-from-env exclude each other: give i/N, or let the Indexed Job give i');
  }
  if (f.shards !== undefined && f.shardFromEnv !== true) throw new UsageError('--shards N goes with --shard-from-env; alone, give --shard i/N');
  if (f.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(f.shard.trim());
    if (m === null) throw new UsageError(`--shard: "${f.shard}" is not i/N; give the 0-based slice and the count, e.g. 0/3`);
    return checked(Number(m[1]), Number(m[2]), '--shard');
  }
  if (f.shardFromEnv !== true) return null;
  const indexText = env[SHARD_INDEX_ENV];
  if (indexText === undefined || !/^\d+$/.test(indexText)) {
    throw new UsageError(`--shard-from-env: $${SHARD_INDEX_ENV} is ${indexText === undefined ? 'not set' : `"${indexText}"`}; run in an Indexed Job (completionMode: Indexed) or give --shard i/N`);
  }
  const countText = f.shards !== undefined ? String(f.shards) : env[SHARD_COUNT_ENV];
  if (countText === undefined || !/^\d+$/.test(countText)) {
    throw new UsageError(`--shard-from-env: N is ${countText === undefined ? 'not set' : `"${countText}"`}; give --shards N or $${SHARD_COUNT_ENV} (the Job's completions)`);
  }
  return checked(Number(indexText), Number(countText), '--shard-from-env');
}

function checked(index: number, count: number, flag: string): Segment {
  if (count < 1) throw new UsageError(`${flag}: N must be at least 1`);
  if (index >= count) throw new UsageError(`${flag}: shard ${index} of ${count} does not exist; i is 0-based (0..${count - 1}), as JOB_COMPLETION_INDEX`);
  return { index, count };
}

function startGateOf(f: ShardFlags, segment: Segment | null): StartGate | null {
  if (f.startAt !== undefined && f.startBarrier !== undefined) {
    throw new UsageError('--start-at and --start-barrier exclude each other: start at a time, or when every shard is ready');
  }
  if (f.startTimeout !== undefined && f.startBarrier === undefined) throw new UsageError('--start-timeout bounds --start-barrier; give the barrier directory too');
  if (f.startAt !== undefined) return { kind: 'at', unixMs: startTimeOf(f.startAt) };
  if (f.startBarrier === undefined) return null;
  if (segment === null) throw new UsageError('--start-barrier waits for N shards; give --shard i/N or --shard-from-env');
  const timeoutNs = f.startTimeout === undefined ? DEFAULT_START_TIMEOUT_NS : parseDuration(f.startTimeout, '--start-timeout');
  if (!(timeoutNs > 0)) throw new UsageError('--start-timeout: must be more than 0');
  return { kind: 'barrier', dir: f.startBarrier, timeoutNs };
}

/** startTimeOf reads --start-at: RFC 3339 or Unix seconds (fractions allowed), as Unix ms. */
function startTimeOf(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const unixNs = parseRfc3339Nano(text);
  if (unixNs === null) throw new UsageError(`--start-at: "${text}" is not a time; give RFC 3339 (2026-12-03T15:00:00Z) or Unix seconds (1796310000)`);
  return Number(unixNs / 1_000_000n);
}

/** checkShares refuses a split that leaves this shard no VUs, in-flight slots or iterations. */
function checkShares(plan: Plan, segment: Segment): void {
  const counts: Array<[string, number]> = [
    plan.load.kind === 'closed' ? ['the virtual users (--vus, -c)', plan.load.vus] : ['--max-in-flight', plan.load.maxInFlight],
    ['--iterations', plan.stop.iterations],
  ];
  for (const [what, n] of counts) {
    if (n > 0 && segmentShare(n, segment) === 0) {
      throw new UsageError(`shard ${segment.index}/${segment.count}: ${what} ${n} leaves this shard none; use at most ${n} shards or raise it`);
    }
  }
}

/** segmentMeta is what this shard offers: its share of the rate, VUs and connections. */
function segmentMeta(plan: Plan, segment: Segment): Plan['meta'] {
  const m = plan.meta;
  const part = (n: number | null) => (n === null ? null : segmentShare(n, segment));
  return { ...m, rateHz: m.rateHz === null ? null : m.rateHz / segment.count, vus: part(m.vus), connections: segmentConnections(m.connections, segment) };
}
