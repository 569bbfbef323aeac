/**
 * startLevel runs one level of a range (or one find-max step): the level's plan runs as one run
 * whose load keeps going while WindowCutter cuts windows from its live snapshots; the run is
 * stopped (gracefully) as soon as the last 3 windows are stable, or when --max-windows are in.
 */
import type { Plan } from '../plan/plan.js';
import type { StabilityPlan } from '../plan/range-plan.js';
import type { LiveSnapshot } from '../core/live-snapshot.js';
import type { LoadgenError } from '../core/errors.js';
import type { RunResult } from '../core/run-result.js';
import { isStable, STABLE_WINDOWS } from '../results/stability-rule.js';
import { levelTail, WindowCutter, type LevelTail, type WindowCut, type WindowFigures } from '../results/stability-windows.js';
import { startRun } from './run-plan.js';

/** LevelOutcome is what a level measured: its windows, the merged judged ones, and whether they agreed. */
export interface LevelOutcome {
  readonly windows: readonly WindowFigures[];
  /** tail is the last 3 windows merged (fewer if fewer completed); null when none did. */
  readonly tail: LevelTail | null;
  readonly stable: boolean;
  /** result is the level's whole run (warm-up windows and the stop's drain included). */
  readonly result: RunResult;
  readonly runError: LoadgenError | null;
}

/** LevelRun is a started level: stop() ends it early (a second stop cancels what is in flight). */
export interface LevelRun {
  readonly outcome: Promise<LevelOutcome>;
  stop(): void;
}

/** LevelHooks: onWindow is told each window as it is cut (1-based n); settled ends the level early when it says so (find-max: a clear miss). */
export interface LevelHooks {
  readonly onWindow?: (w: WindowFigures, n: number) => void;
  readonly settled?: (cuts: readonly WindowCut[], last: LiveSnapshot) => boolean;
}

export function startLevel(plan: Plan, stability: StabilityPlan, hooks: LevelHooks = {}): LevelRun {
  const cutter = new WindowCutter(stability.window);
  const cuts: WindowCut[] = [];
  let last: LiveSnapshot | null = null;
  let stable = false;
  let done = false;
  const onLive = (s: LiveSnapshot, final: boolean): void => {
    if (final || done) return;
    const cut = cutter.take(s);
    if (cut === null) return;
    last = s;
    cuts.push(cut);
    hooks.onWindow?.(cut.figures, cuts.length);
    stable = isStable(cuts.map((c) => c.figures), stability.tolerance, stability.metric, STABLE_WINDOWS);
    if (stable || cuts.length >= stability.maxWindows || hooks.settled?.(cuts, s) === true) {
      done = true;
      run.stop();
    }
  };
  const run = startRun(plan, { onLive });
  const outcome = run.outcome.then(({ result, runError }) => ({
    windows: cuts.map((c) => c.figures),
    tail: last === null ? null : levelTail(cuts, STABLE_WINDOWS, last),
    stable,
    result,
    runError,
  }));
  return {
    outcome,
    stop: () => {
      done = true;
      run.stop();
    },
  };
}
