/**
 * Test helpers for the reporter tests: LatencyView doubles, a RunResult builder and the vegeta
 * golden sample (test/fixtures/vegeta/, copied from the spec's samples).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ns, type Nanos } from '../../src/core/units.js';
import type { LatencyView } from '../../src/core/latency-view.js';
import type { ErrorCount, RunResult } from '../../src/core/run-result.js';
import type { ErrorKind, StatusCount } from '../../src/core/outcome.js';

/** FixedLatencyInit gives a LatencyView double its exact numbers; quantiles maps q -> ns. */
export interface FixedLatencyInit {
  readonly count: number;
  readonly minNs: number;
  readonly maxNs: number;
  readonly totalNs: number;
  readonly quantiles: ReadonlyMap<number, number>;
}

/** fixedLatency is a LatencyView that returns exactly the given values (unknown q throws). */
export function fixedLatency(init: FixedLatencyInit): LatencyView {
  return {
    count: init.count,
    minNs: ns(init.minNs),
    maxNs: ns(init.maxNs),
    totalNs: ns(init.totalNs),
    meanNs: ns(init.count === 0 ? 0 : init.totalNs / init.count),
    stdevNs: ns(0),
    quantileNs(q: number): Nanos {
      const v = init.quantiles.get(q);
      if (v === undefined) throw new Error(`fixedLatency: no value for q=${q}`);
      return ns(v);
    },
    countBelowNs(): number {
      throw new Error('fixedLatency: countBelowNs not available');
    },
  };
}

/** sampleLatency is an exact LatencyView over the given values (nearest-rank quantiles). */
export function sampleLatency(values: readonly number[]): LatencyView {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const total = sorted.reduce((a, b) => a + b, 0);
  return {
    count: n,
    minNs: ns(n === 0 ? 0 : sorted[0]),
    maxNs: ns(n === 0 ? 0 : sorted[n - 1]),
    totalNs: ns(total),
    meanNs: ns(n === 0 ? 0 : total / n),
    stdevNs: ns(0),
    quantileNs(q: number): Nanos {
      if (n === 0) return ns(0);
      const rank = Math.min(n - 1, Math.max(0, Math.ceil(q * n - 1e-9) - 1));
      return ns(sorted[rank]);
    },
    countBelowNs(limitNs: number): number {
      return sorted.filter((v) => v < limitNs).length;
    },
  };
}

/** repeat returns `times` copies of valueNs (to build latency samples). */
export function repeat(valueNs: number, times: number): number[] {
  return new Array<number>(times).fill(valueNs);
}

/**
 * TestOverrides are a RunResult's fields to set; status codes may be given as [HTTP code, count]
 * pairs and errors without their kind (`other`).
 */
export type TestOverrides = Omit<Partial<RunResult>, 'statusCodes' | 'errors'> & {
  readonly statusCodes?: ReadonlyArray<readonly [code: number, count: number] | StatusCount>;
  readonly errors?: ReadonlyArray<{ readonly text: string; readonly count: number; readonly kind?: ErrorKind }>;
};

/** testResult builds a RunResult: an empty run unless overridden. */
export function testResult(overrides: TestOverrides = {}): RunResult {
  const { statusCodes = [], errors = [], ...rest } = overrides;
  return {
    meta: {
      command: 'report',
      protocol: 'http',
      name: '',
      target: 'test',
      mode: 'replay',
      rateHz: null,
      vus: null,
      workers: 1,
      connections: 0,
    },
    startUnixNs: 0n,
    requests: 0,
    successes: 0,
    dropped: 0,
    skipped: 0,
    inFlightPeak: 0,
    earliestNs: ns(0),
    latestNs: ns(0),
    endNs: ns(0),
    bytesIn: 0,
    bytesOut: 0,
    latency: sampleLatency([]),
    responseTime: null,
    series: [],
    interrupted: false,
    callLog: null,
    ...rest,
    statusCodes: statusCodes.map((s): StatusCount => (Array.isArray(s) ? { protocol: 'http', code: s[0], count: s[1] } : (s as StatusCount))),
    errors: errors.map((e): ErrorCount => ({ text: e.text, kind: e.kind ?? 'other', count: e.count })),
  };
}

/** SAMPLE_EARLIEST_UNIX_NS is 2026-11-21T18:17:33.031151354Z, the sample's earliest timestamp. */
export const SAMPLE_EARLIEST_UNIX_NS = BigInt(Date.UTC(2026, 10, 21, 18, 17, 33)) * 1_000_000n + 31_151_354n;

/**
 * sampleResult is the run behind samples/vegeta-report.{txt,json}: 200 requests at 100/s for 2s,
 * all 200 OK with 6-byte bodies, latencies as vegeta reported them.
 */
export function sampleResult(): RunResult {
  const latestNs = 1_990_349_715;
  return testResult({
    startUnixNs: SAMPLE_EARLIEST_UNIX_NS,
    requests: 200,
    successes: 200,
    earliestNs: ns(0),
    latestNs: ns(latestNs),
    endNs: ns(latestNs + 3_443_934),
    bytesIn: 1200,
    bytesOut: 0,
    statusCodes: [[200, 200]],
    latency: fixedLatency({
      count: 200,
      minNs: 1_484_252,
      maxNs: 7_985_755,
      totalNs: 715_912_942,
      quantiles: new Map([
        [0.5, 3_445_492],
        [0.9, 5_304_432],
        [0.95, 5_776_836],
        [0.99, 7_279_161],
      ]),
    }),
  });
}

/** readVegetaFixture reads test/fixtures/vegeta/<name> (see readFixture). */
export function readVegetaFixture(name: string): string {
  return readFixture('vegeta', name);
}

/**
 * readFixture reads test/fixtures/<folder>/<name> from the source tree, looking upwards from this
 * module so it works from dist/test/reporters/ as well as from test/reporters/.
 */
export function readFixture(folder: string, name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'test', 'fixtures', folder, name);
    if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`fixture ${folder}/${name} not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
