/**
 * The roll-up of a sweep, as pure functions of its runs' outcomes:
 * - sweepSummaryJson is Howitzer's summary.json (iter8-howitzer.md 7.4): `{"<name>_<N>":
 *   {test_configs, start_time, end_time, test_results}}`, where test_results is the run's k6
 *   summary export (k6Summary of its record, objectives as thresholds) without
 *   `http_req_duration{expected_response:true}`, which Howitzer's scraper removes; null for a run
 *   that left no record;
 * - runFigures are the figures every roll-up shows per run, derived once from the record.
 */
import type { RunResult } from '../core/run-result.js';
import { summarize } from '../core/summary.js';
import { k6Summary } from './k6-summary.js';

/** SweepRunStatus is how a run ended: objectives met (or none), objectives missed (exit 99), or an error. */
export type SweepRunStatus = 'passed' | 'failed' | 'error';

/** SweepOutcome is one run of a sweep as the roll-up reads it. */
export interface SweepOutcome {
  /** id is the run's folder name, `NNN-<name>`; name its instance name `<name>_<N>`. */
  readonly id: string;
  readonly name: string;
  /** command is the run's command line. */
  readonly command: string;
  readonly swept: Readonly<Record<string, unknown>>;
  readonly testConfig: Readonly<Record<string, unknown>>;
  /** startUnixMs and endUnixMs are the wall-clock times around the run (ms since the epoch). */
  readonly startUnixMs: number;
  readonly endUnixMs: number;
  readonly status: SweepRunStatus;
  /** error is the error's one line when status is 'error' (or the missed objective's when 'failed'). */
  readonly error: string | null;
  /** result is the run's record; null when the run left none. */
  readonly result: RunResult | null;
}

/** RunFigures are a run's key figures: rates per second, latencies (service time) in ms. */
export interface RunFigures {
  readonly requests: number;
  readonly rps: number;
  readonly throughput: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
}

/** REMOVED_METRIC is the metric Howitzer's scraper deletes from each test's results. */
const REMOVED_METRIC = 'http_req_duration{expected_response:true}';

export function sweepSummaryJson(outcomes: readonly SweepOutcome[]): string {
  const doc: Record<string, unknown> = {};
  for (const o of outcomes) {
    doc[o.name] = { test_configs: o.testConfig, start_time: dateLine(o.startUnixMs), end_time: dateLine(o.endUnixMs), test_results: testResults(o.result) };
  }
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function testResults(result: RunResult | null): unknown {
  if (result === null) return null;
  const summary = JSON.parse(k6Summary(result, result.slos ?? [], { checked: result.checked ?? false })) as { metrics: Record<string, unknown> };
  delete summary.metrics[REMOVED_METRIC];
  return summary;
}

/** runFigures derives a run's key figures from its record (summarize: rate over the sending span, throughput of successes). */
export function runFigures(r: RunResult): RunFigures {
  const s = summarize(r);
  const ms = (q: number) => (r.latency.count === 0 ? 0 : r.latency.quantileNs(q) / 1e6);
  return { requests: r.requests, rps: s.rate, throughput: s.throughput, errors: s.failures, p50Ms: ms(0.5), p90Ms: ms(0.9), p99Ms: ms(0.99) };
}

/** FIGURE_HEADS head the figure columns of every roll-up table, in figureTexts' order. */
export const FIGURE_HEADS: readonly string[] = ['requests', 'rps', 'throughput/s', 'errors', 'p50 ms', 'p90 ms', 'p99 ms'];

/** figureTexts are a run's figures as table cells; empty cells for a run without a record. */
export function figureTexts(result: RunResult | null): string[] {
  if (result === null) return FIGURE_HEADS.map(() => '');
  const f = runFigures(result);
  return [String(f.requests), f.rps.toFixed(1), f.throughput.toFixed(1), String(f.errors), f.p50Ms.toFixed(3), f.p90Ms.toFixed(3), f.p99Ms.toFixed(3)];
}

/** sloResult says whether a run met its objectives: 'pass', 'fail', '-' without any, 'error' when it did not finish. */
export function sloResult(o: SweepOutcome): string {
  if (o.status === 'error') return 'error';
  const verdicts = o.result?.slos ?? [];
  if (o.status === 'failed' || verdicts.some((v) => !v.pass)) return 'fail';
  return verdicts.length === 0 ? '-' : 'pass';
}

/** sweptKeys are the swept parameters over all runs, in first-seen order. */
export function sweptKeys(outcomes: readonly SweepOutcome[]): string[] {
  const keys = new Set<string>();
  for (const o of outcomes) for (const k of Object.keys(o.swept)) keys.add(k);
  return [...keys];
}

/** paramText writes a swept value as the config gave it. */
export function paramText(v: unknown): string {
  return v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** dateLine is the time as `date` prints it in UTC (`Thu Dec  3 13:38:36 UTC 2026`), Howitzer's start/end lines. */
export function dateLine(unixMs: number): string {
  const d = new Date(unixMs);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${time} UTC ${d.getUTCFullYear()}`;
}
