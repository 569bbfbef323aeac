/**
 * ghz's CSV report (`-O csv`, spec: ghz.md 4): an empty line, the header `duration (ms),status,error`,
 * one row per detail (latency `%4.2f` ms, status name, error text) and a final newline. Like ghz,
 * fields are not quoted or escaped: an error text holding a comma or a newline breaks its row
 * (the ghz-identical promise includes that quirk; loadgen's own formats escape properly).
 */
import { goFixed } from './go-format.js';
import { goSeconds } from '../core/time-format.js';
import type { GhzReportInput } from './ghz-report-input.js';

/** ghzCsv renders the details (at most the first 1,000,000 counted calls) as ghz's CSV. */
export function ghzCsv(input: GhzReportInput): string {
  const calls = input.calls;
  const parts = new Array<string>(calls.length + 2);
  parts[0] = '\nduration (ms),status,error';
  for (let i = 0; i < calls.length; i++) {
    const ms = goFixed(goSeconds(calls.latencyNs[i]) * 1000, 2);
    parts[i + 1] = `\n${ms},${calls.statusNames[calls.statusIndex[i]]},${calls.errorTexts[calls.errorIndex[i]]}`;
  }
  parts[calls.length + 1] = '\n';
  return parts.join('');
}
