/**
 * Hand-built ghz report inputs for the ghz reporter golden tests: every number in the expected
 * outputs follows from the spec's rules (ghz.md 2.3) applied to these few calls.
 */
import { ghzOptions, type GhzReportInput, type GhzRunOptions } from '../../src/reporters/ghz-report-input.js';
import { CallLog } from '../../src/results/call-log.js';

/** START is 2026-05-01T12:00:00Z in Unix ns (tests run with TZ=UTC). */
export const START = 1_777_636_800_000_000_000n;
export const MS = 1_000_000;
export const UNAVAILABLE = 'rpc error: code = Unavailable desc = connection refused';

/** Call is one call of a fixture: latency and end (ns), status name, error text. */
export interface Call {
  latencyNs: number;
  endNs: number;
  status: string;
  error: string;
}

export function ok(latencyNs: number, endNs: number): Call {
  return { latencyNs, endNs, status: 'OK', error: '' };
}

export function unavailable(latencyNs: number, endNs: number): Call {
  return { latencyNs, endNs, status: 'Unavailable', error: UNAVAILABLE };
}

/** BASE_OPTIONS are ghz's defaults plus a fixed CPU count. */
export const BASE_OPTIONS: GhzRunOptions = { cpus: 2 };

/** reportInput records calls through a CallLog and wraps them with the run's facts. */
export function reportInput(calls: readonly Call[], o: Partial<GhzReportInput> & { run?: GhzRunOptions; skipFirst?: number } = {}): GhzReportInput {
  const log = new CallLog(START, o.skipFirst ?? 0);
  for (const c of calls) log.record(c.endNs, c.latencyNs, c.status, c.error);
  return {
    dateUnixNs: o.dateUnixNs ?? START + 1_500_000_000n,
    name: o.name ?? '',
    endReason: o.endReason ?? 'normal',
    options: o.options ?? ghzOptions(o.run ?? BASE_OPTIONS),
    tags: o.tags ?? {},
    count: log.count,
    totalNs: o.totalNs ?? 100 * MS,
    latencySumSeconds: log.latencySumSeconds,
    statusCounts: log.statusCounts,
    errorCounts: log.errorCounts,
    calls: log.calls(),
    countErrors: o.countErrors ?? false,
  };
}

/**
 * runA: 10 calls of 1..10 ms ending every 10 ms over 100 ms; calls 4 and 8 (4 ms, 8 ms) failed
 * with Unavailable. Statistics set (errors excluded): 1, 2, 3, 5, 6, 7, 9, 10 ms.
 */
export function runACalls(): Call[] {
  return Array.from({ length: 10 }, (_, i) => ((i === 3 || i === 7 ? unavailable : ok)((i + 1) * MS, (i + 1) * 10 * MS)));
}

/** RUN_A_OPTIONS are the options of runA's JSON report. */
export const RUN_A_OPTIONS: GhzRunOptions = {
  call: 'loadgen.echo.Echo/Unary',
  host: '127.0.0.1:50051',
  proto: 'echo.proto',
  insecure: true,
  concurrency: 2,
  total: 10,
  timeoutNs: 20e9,
  dialTimeoutNs: 10e9,
  data: { text: 'a<b', number: '12' },
  cpus: 2,
  name: 'demo',
};
