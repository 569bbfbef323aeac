/**
 * RangeResult is a range run's outcome (loadgen.range/v1, the --result file of a range): per level
 * what was offered, what was achieved over the windows the stability rule judged (the last 3), and
 * every window's figures, so a reader can see how a level settled, or why it did not.
 */
import type { RunMeta } from '../core/run-result.js';
import type { RangePlan, StabilityPlan } from '../plan/range-plan.js';
import type { LevelTail, WindowFigures } from './stability-windows.js';

export const RANGE_SCHEMA = 'loadgen.range/v1';

/** LevelResult is one level: figures over its judged windows (rates 1/s, latencies ns, CPU in cores). */
export interface LevelResult {
  /** level is the users (concurrency) or the rate per second (rate). */
  readonly level: number;
  /** offeredRps is the rate the pacer aimed at; null in closed loop. */
  readonly offeredRps: number | null;
  readonly achievedRps: number;
  readonly requests: number;
  readonly errors: number;
  readonly meanNs: number;
  readonly p50Ns: number;
  readonly p90Ns: number;
  readonly p99Ns: number;
  readonly cpuCores: number;
  readonly windowsUsed: number;
  /** stable: the last 3 windows agreed; false when --max-windows ran out first (or the run was stopped). */
  readonly stable: boolean;
  readonly windows: readonly WindowFigures[];
}

export interface RangeResult {
  readonly schema: typeof RANGE_SCHEMA;
  readonly meta: Pick<RunMeta, 'command' | 'target' | 'protocol'>;
  readonly kind: RangePlan['kind'];
  readonly stability: StabilityPlan;
  readonly cores: number;
  readonly levels: readonly LevelResult[];
  /** interrupted: a signal ended the range before its last level. */
  readonly interrupted: boolean;
}

/** levelResultOf is a level's result from its windows and their merged tail (null: no window completed). */
export function levelResultOf(kind: RangePlan['kind'], level: number, windows: readonly WindowFigures[], tail: LevelTail | null, stable: boolean): LevelResult {
  return {
    level,
    offeredRps: kind === 'rate' ? level : null,
    achievedRps: tail?.throughputRps ?? 0,
    requests: tail?.requests ?? 0,
    errors: tail?.errors ?? 0,
    meanNs: tail?.meanNs ?? 0,
    p50Ns: tail?.p50Ns ?? 0,
    p90Ns: tail?.p90Ns ?? 0,
    p99Ns: tail?.p99Ns ?? 0,
    cpuCores: tail?.cpuCores ?? 0,
    windowsUsed: windows.length,
    stable,
    windows,
  };
}
