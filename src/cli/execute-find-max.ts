/**
 * executeFindMax runs a plan with find-max's search (`loadgen find-max`, --find-max): readiness
 * and warm-up once, then steps chosen by nextProbe (doubling, then bisecting), each one a level
 * measured in windows until stable and judged on its objectives; then the answer with its evidence (text, the json record, the page). Exit 0
 * with the rate found; 99 when even the start rate misses. A signal ends the search after the
 * step that runs, and what was found so far is reported.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { FindMaxPlan } from '../plan/find-max-plan.js';
import type { Plan } from '../plan/plan.js';
import { foundRate, nextProbe, type SearchStep } from '../plan/find-max-search.js';
import { levelPlan, type RangeReport } from '../plan/range-plan.js';
import { startLevel } from '../engine/range-level.js';
import { generatorUsageSince } from '../core/run-environment.js';
import { SloFailedError } from '../core/errors.js';
import { FIND_MAX_SCHEMA, judgeStep, missedThrice, verdictsOn, type FindMaxResult, type FindMaxStep } from '../results/find-max-result.js';
import { levelResultOf } from '../results/range-result.js';
import { findMaxText, foundLine } from '../reporters/find-max-text.js';
import { findMaxHtml } from '../reporters/find-max-html.js';
import { windowLogger } from './execute-range.js';
import { prepare } from './prepare-steps.js';
import { whileRunning } from './stop-signals.js';

export async function executeFindMax(base: Plan): Promise<number> {
  const plan = base.findMax!;
  if (base.readiness !== null || base.warmUp !== null) await prepare(base);
  const cpuAtStart = process.cpuUsage();
  const steps: FindMaxStep[] = [];
  let interrupted = false;
  for (let rate = nextProbe(probed(steps), plan.search); rate !== null && !interrupted; rate = nextProbe(probed(steps), plan.search)) {
    const step = await runStep(base, plan, rate, () => (interrupted = true));
    steps.push(step);
    if (!base.watch.quiet) process.stderr.write(`loadgen: ${rate}/s: ${step.pass ? 'pass' : `fail (${step.reason})`}\n`);
  }
  const found = foundRate(probed(steps));
  const result: FindMaxResult = {
    schema: FIND_MAX_SCHEMA,
    meta: { command: base.meta.command, target: base.meta.target, protocol: base.meta.protocol },
    slos: base.slos.map((s) => s.text),
    search: plan.search,
    stability: plan.stability,
    steps,
    foundRps: found,
    limitedByMax: found !== null && found >= plan.search.maxHz,
    cores: availableParallelism(),
    generator: generatorUsageSince(cpuAtStart),
    interrupted,
  };
  for (const r of plan.reports) writeReport(r, result);
  if (base.record !== null) writeFileSync(base.record, findMaxJson(result));
  if (found === null && !interrupted) throw new SloFailedError(foundLine(result));
  return 0;
}

/** runStep runs one rate until its windows settle (or clearly miss) and judges it. */
async function runStep(base: Plan, plan: FindMaxPlan, rate: number, onSignal: () => void): Promise<FindMaxStep> {
  const slos = base.slos;
  let endedOnMisses = false;
  const started = startLevel(levelPlan(base, 'rate', rate, plan.stability), plan.stability, {
    onWindow: base.watch.quiet ? undefined : windowLogger({ kind: 'rate' }, rate),
    settled: (cuts, last) => (endedOnMisses = missedThrice(slos, cuts, last)),
  });
  const outcome = await whileRunning(started.outcome, () => {
    onSignal();
    started.stop();
  });
  if (outcome.runError !== null) throw outcome.runError;
  const level = levelResultOf('rate', rate, outcome.windows, outcome.tail, outcome.stable);
  return judgeStep(level, verdictsOn(slos, outcome.tail), endedOnMisses);
}

/** probed is the steps as the search reads them: the rate tried and whether it passed. */
function probed(steps: readonly FindMaxStep[]): SearchStep[] {
  return steps.map((s) => ({ rateHz: s.level, pass: s.pass }));
}

/** findMaxJson is the find-max record (loadgen.find-max/v1). */
export function findMaxJson(r: FindMaxResult): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

function writeReport(spec: RangeReport, r: FindMaxResult): void {
  const text = spec.type === 'text' ? findMaxText(r) : spec.type === 'json' ? findMaxJson(r) : findMaxHtml(r);
  if (spec.file === null) process.stdout.write(text);
  else writeFileSync(spec.file, text);
}
