/**
 * noteShortfall says on stderr when an open loop sent fewer requests than its schedule: the hits
 * that were still waiting at the in-flight cap when the schedule ended are dropped and counted.
 * loadgen's text and json reports and the run record carry the count; ghz's and vegeta's report
 * formats have no place for it, so without this line a ghz summary would show fewer calls than
 * --rps x -z with no word of why.
 */
import type { Plan } from '../plan/plan.js';
import type { RunResult } from '../core/run-result.js';

export function noteShortfall(plan: Plan, result: RunResult): void {
  if (result.dropped === 0) return;
  const cap = plan.load.kind === 'closed' ? 0 : plan.load.maxInFlight;
  const flag = plan.ghz !== null ? `-c ${cap}` : `--max-in-flight ${cap}`;
  const due = result.requests + result.skipped + result.dropped;
  process.stderr.write(
    `loadgen: ${result.dropped} of ${due} scheduled requests were not sent (dropped): ${flag} were in flight and the schedule fell behind; raise the cap or lower the rate\n`,
  );
}
