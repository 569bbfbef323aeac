/**
 * text is loadgen's own human report: what ran, counts (with dropped and the in-flight peak), both
 * latency kinds side by side (service time from the actual send; in open loop also response time
 * from the intended send, which is corrected for coordinated omission), status codes and errors.
 */
import type { LatencyView } from '../core/latency-view.js';
import type { RunResult } from '../core/run-result.js';
import { statusName } from '../core/outcome.js';
import { goDuration, goFixed, tabwriter, vegetaRound } from './go-format.js';
import { grpcStatusName } from '../core/grpc-status.js';
import { summarize } from '../core/summary.js';
import { serverViewText } from './server-view-text.js';
import { llmText } from './llm-text.js';

const PERCENTILES: ReadonlyArray<readonly [label: string, q: number]> = [
  ['p50', 0.5],
  ['p90', 0.9],
  ['p95', 0.95],
  ['p99', 0.99],
  ['p99.9', 0.999],
];

/** MAX_ERRORS_LISTED bounds the error lines; the JSON report has all of them. */
const MAX_ERRORS_LISTED = 20;

export function textReport(r: RunResult): string {
  const { durationNs, waitNs, failures, rate, throughput, bytesInMean } = summarize(r);
  const pct = (n: number) => (r.requests === 0 ? '0.00' : goFixed((100 * n) / r.requests, 2));
  let out = `${header(r)}\n\n`;
  out += tabwriter(
    [
      `Requests\t${r.requests} sent, ${r.successes} ok (${pct(r.successes)}%), ${failures} failed, ${r.dropped} dropped${r.skipped > 0 ? `, ${r.skipped} skipped (not in any statistic)` : ''}\n`,
      `Rate\t${goFixed(rate, 2)}/s sent, ${goFixed(throughput, 2)}/s ok\n`,
      `Duration\t${d(durationNs)} sending, ${d(waitNs)} waiting for the last responses\n`,
      `In flight\tpeak ${r.inFlightPeak}\n`,
      `Bytes\t${r.bytesIn} in (${goFixed(bytesInMean, 2)}/req), ${r.bytesOut} out\n`,
    ].join(''),
  );
  out += '\n' + latencyTable(r) + '\n';
  out += `Status codes  ${r.statusCodes.map((s) => `${statusName(r.meta.protocol, s)}: ${s.count}`).join(', ') || 'none'}\n`;
  if (r.errors.length > 0) {
    out += 'Errors\n';
    for (const e of r.errors.slice(0, MAX_ERRORS_LISTED)) out += `  ${String(e.count).padStart(8)} × ${e.text}\n`;
    if (r.errors.length > MAX_ERRORS_LISTED) out += `  ... ${r.errors.length - MAX_ERRORS_LISTED} more distinct errors (see --report json)\n`;
  }
  if (r.llm !== undefined) out += llmText(r, r.llm);
  // Only with --server-metrics: a run without it prints what it always printed.
  if (r.server !== undefined && r.server !== null) out += '\n' + serverViewText(r.server, r.latency.count === 0 ? null : r.latency.meanNs);
  if (r.abortedBy !== undefined) out += `Interrupted: objective ${r.abortedBy} failed during the run (abortOnFail).\n`;
  else if (r.interrupted) out += 'Interrupted: the run was stopped by a signal before its end.\n';
  return out;
}

function header(r: RunResult): string {
  const m = r.meta;
  const load =
    m.mode === 'open' ? `open loop at ${goFixed(m.rateHz ?? 0, 2)}/s` : m.mode === 'closed' ? `closed loop, ${m.vus} VUs` : 'from results files';
  const name = m.name === '' ? '' : ` "${m.name}"`;
  const workers = m.mode === 'replay' ? '' : `, ${m.workers} worker${m.workers === 1 ? '' : 's'}`;
  return `loadgen ${m.command}${name}: ${m.target}\n${load}${workers}`;
}

function latencyTable(r: RunResult): string {
  const head = ['Latency', 'min', 'mean', ...PERCENTILES.map(([l]) => l), 'max'];
  const rows = [head, latencyRow('service time', r.latency)];
  if (r.responseTime !== null) rows.push(latencyRow('response time', r.responseTime));
  let table = tabwriter(rows.map((cells) => cells.join('\t') + '\t\n').join(''));
  table = table.replace(/ +$/gm, '');
  if (r.responseTime !== null) {
    table += '  service time: from the actual send; response time: from the intended send (includes queueing,\n';
    table += '  corrected for coordinated omission). Percentiles from HdrHistogram (3 significant digits).\n';
  }
  return table;
}

function latencyRow(label: string, l: LatencyView): string[] {
  return [label, d(l.minNs), d(l.meanNs), ...PERCENTILES.map(([, q]) => d(l.quantileNs(q))), d(l.maxNs)];
}

function d(ns: number): string {
  return goDuration(vegetaRound(ns));
}
