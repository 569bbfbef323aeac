/**
 * vegeta's default text report (`report`, spec: vegeta.md section 5), byte for byte: the same
 * format string vegeta writes into a Go tabwriter, fed to loadgen's port of that tabwriter.
 */
import type { RunResult } from '../core/run-result.js';
import { goDuration, goFixed, tabwriter, vegetaRound } from './go-format.js';
import { vegetaMetrics } from './vegeta-json.js';

/**
 * vegetaText renders vegeta's text report: requests/rate/throughput, durations, latencies (each
 * duration through vegetaRound then Go's Duration.String()), bytes, success %, status codes sorted
 * as strings (each followed by two spaces), then `Error Set:` and one distinct error per line.
 */
export function vegetaText(result: RunResult): string {
  const m = vegetaMetrics(result);
  const d = (ns: number): string => goDuration(vegetaRound(ns));
  const latencies = [m.minNs, m.meanNs, m.p50Ns, m.p90Ns, m.p95Ns, m.p99Ns, m.maxNs].map(d).join(', ');
  const codes = m.statusCodes.map(([code, count]) => `${code}:${count}  `).join('');
  const text =
    `Requests\t[total, rate, throughput]\t${m.requests}, ${goFixed(m.rate, 2)}, ${goFixed(m.throughput, 2)}\n` +
    `Duration\t[total, attack, wait]\t${d(m.durationNs + m.waitNs)}, ${d(m.durationNs)}, ${d(m.waitNs)}\n` +
    `Latencies\t[min, mean, 50, 90, 95, 99, max]\t${latencies}\n` +
    `Bytes In\t[total, mean]\t${m.bytesInTotal}, ${goFixed(m.bytesInMean, 2)}\n` +
    `Bytes Out\t[total, mean]\t${m.bytesOutTotal}, ${goFixed(m.bytesOutMean, 2)}\n` +
    `Success\t[ratio]\t${goFixed(m.success * 100, 2)}%\n` +
    `Status Codes\t[code:count]\t${codes}` +
    '\nError Set:\n' +
    m.errors.map((e) => `${e}\n`).join('');
  return tabwriter(text);
}
