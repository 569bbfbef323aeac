/**
 * assert runs `loadgen assert RECORD.json [--slo ...] [--thresholds FILE]`: judges a saved run on
 * objectives, after the fact, as the live gate would have: the objectives given, or without any
 * the ones the run was judged on (stored in its record). It prints the verdict table on stderr and
 * exits 99 when one fails, 0 otherwise; a record with no objectives at all is bad input.
 */
import { UsageError } from '../../core/errors.js';
import type { AssertFlags } from '../../plan/assert-flags.js';
import { sloPlan } from '../../plan/slo-flags.js';
import { readRecordFile } from '../../results/run-record.js';
import { judged, printVerdicts, sloGate } from '../slo-gate.js';

export async function assertRecord(flags: AssertFlags): Promise<number> {
  const slos = sloPlan(flags);
  const run = readRecordFile(flags.record);
  const verdicts = slos.length > 0 ? judged(run, slos, run.checked === true).slos : run.slos;
  if (verdicts === undefined || verdicts.length === 0) {
    throw new UsageError(`assert: ${flags.record} was run without objectives; give them, e.g. loadgen assert ${flags.record} --slo 'p99<=250ms'`);
  }
  printVerdicts(verdicts);
  sloGate(verdicts);
  return 0;
}
