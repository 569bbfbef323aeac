/**
 * FindMaxResult is `loadgen find-max`'s outcome (loadgen.find-max/v1): every step with its
 * evidence (offered and achieved rate, latency over the judged windows, the generator's CPU, the
 * objectives' verdicts, and why it failed), and the rate found. judgeStep decides a step: it
 * passes when every objective holds on its last 3 windows. A step that did not settle within
 * --max-windows is judged on its last 3 windows all the same and shown as unsettled: near
 * capacity, noise alone keeps windows from agreeing, and past it the growing queue fails the
 * objectives within a few windows (missedThrice ends such a step early).
 */
import type { GeneratorUsage } from '../core/run-environment.js';
import type { RunMeta } from '../core/run-result.js';
import { compareSlo, type Slo } from '../core/slo.js';
import type { LiveSnapshot } from '../core/live-snapshot.js';
import type { SearchOptions } from '../plan/find-max-search.js';
import type { StabilityPlan } from '../plan/range-plan.js';
import type { LevelResult } from './range-result.js';
import { measureLive } from './slo-judge.js';
import { levelTail, type LevelTail, type WindowCut } from './stability-windows.js';

export const FIND_MAX_SCHEMA = 'loadgen.find-max/v1';

/** StepVerdict is one objective on one step: measured in the objective's unit (null: no value). */
export interface StepVerdict {
  readonly slo: string;
  readonly measured: number | null;
  readonly pass: boolean;
}

export interface FindMaxStep extends LevelResult {
  readonly pass: boolean;
  readonly verdicts: readonly StepVerdict[];
  /** reason says why a step failed: `missed` (on its last 3 windows) or `missed in 3 windows` (each on its own: ended early). */
  readonly reason: string | null;
}

export interface FindMaxResult {
  readonly schema: typeof FIND_MAX_SCHEMA;
  readonly meta: Pick<RunMeta, 'command' | 'target' | 'protocol'>;
  readonly slos: readonly string[];
  readonly search: SearchOptions;
  readonly stability: StabilityPlan;
  readonly steps: readonly FindMaxStep[];
  /** foundRps is the highest rate that met every objective; null when none did. */
  readonly foundRps: number | null;
  /** limitedByMax: the max rate itself passed, so the target may sustain more. */
  readonly limitedByMax: boolean;
  readonly cores: number;
  /** generator is this process's CPU and memory over the whole search. */
  readonly generator: GeneratorUsage;
  readonly interrupted: boolean;
}

/** verdictsOn judges the objectives on a tail's snapshot. */
export function verdictsOn(slos: readonly Slo[], tail: LevelTail | null): StepVerdict[] {
  return slos.map((slo) => {
    const measured = tail === null ? null : measureLive(slo.metric, tail.snapshot);
    return { slo: slo.text, measured, pass: compareSlo(slo.op, measured, slo.limit) };
  });
}

/**
 * missedThrice says the last `count` windows each missed an objective on their own: the step has
 * failed whatever the stability rule would say later, so it can end early (and queue no more).
 */
export function missedThrice(slos: readonly Slo[], cuts: readonly WindowCut[], last: LiveSnapshot, count = 3): boolean {
  if (cuts.length < count) return false;
  return cuts.slice(cuts.length - count).every((c) => verdictsOn(slos, levelTail([c], 1, last)).some((v) => !v.pass));
}

/** judgeStep is a step from its level result, its verdicts and whether it ended early on misses. */
export function judgeStep(level: LevelResult, verdicts: readonly StepVerdict[], endedOnMisses: boolean): FindMaxStep {
  const met = verdicts.every((v) => v.pass);
  const pass = met && !endedOnMisses;
  const reason = pass ? null : endedOnMisses ? 'missed in 3 windows' : 'missed';
  return { ...level, pass, verdicts, reason };
}
