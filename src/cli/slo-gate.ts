/**
 * The SLO gate of a finished run: the plan's objectives judged on its result (kept in the result,
 * so every report and the record carry the verdicts), the verdict table on stderr, and, once every
 * report and the record are written, exit 99 when any objective failed. `loadgen assert` judges a
 * saved record through the same steps.
 */
import { SloFailedError } from '../core/errors.js';
import type { RunResult } from '../core/run-result.js';
import type { Slo, SloVerdict } from '../core/slo.js';
import { judgeSlos } from '../results/slo-judge.js';
import { sloTable } from '../reporters/slo-table.js';

/** judged is the result with its objectives' verdicts and whether its responses were checked. */
export function judged(result: RunResult, slos: readonly Slo[], checked: boolean): RunResult {
  const withChecked: RunResult = checked ? { ...result, checked } : result;
  return slos.length === 0 ? withChecked : { ...withChecked, slos: judgeSlos(slos, result) };
}

/** printVerdicts writes the verdict table to stderr when the run had objectives. */
export function printVerdicts(verdicts: readonly SloVerdict[] | undefined): void {
  if (verdicts !== undefined && verdicts.length > 0) process.stderr.write(sloTable(verdicts));
}

/** sloGate throws SloFailedError (exit 99) when an objective failed; the message names them. */
export function sloGate(verdicts: readonly SloVerdict[] | undefined): void {
  const failed = (verdicts ?? []).filter((v) => !v.pass);
  if (failed.length === 0) return;
  const names = failed.map((v) => v.slo.text).join(', ');
  throw new SloFailedError(`${failed.length} of ${verdicts!.length} SLOs failed: ${names}`);
}
