/**
 * Fixtures for the comparison tests: latency populations drawn from known distributions with a
 * seeded generator, and minimal run records around them.
 */
import { ns } from '../../src/core/units.js';
import type { SecondStats } from '../../src/core/run-result.js';
import { LatencyAccumulator, LatencyDistribution } from '../../src/results/latency.js';
import type { SourcedRun } from '../../src/results/merge-runs.js';
import type { RecordedRun } from '../../src/results/run-record.js';

/** distributionOf records the values (ns) into a LatencyDistribution, as a run would. */
export function distributionOf(values: readonly number[]): LatencyDistribution {
  const acc = new LatencyAccumulator();
  for (const v of values) acc.record(v);
  return new LatencyDistribution(acc);
}

/** drawValues draws n values (ns): `baseNs` plus an exponential tail of mean tailNs, from random. */
export function drawValues(n: number, baseNs: number, tailNs: number, random: () => number): number[] {
  return Array.from({ length: n }, () => baseNs - tailNs * Math.log(1 - random()));
}

/** RunInit is what a fixture record holds; perSecond are the successes of each second of the run. */
export interface RunInit {
  readonly service: readonly number[];
  readonly response?: readonly number[];
  readonly perSecond?: readonly number[];
  readonly protocol?: 'http' | 'grpc';
}

/** sourcedRun is a record of init's results, named source. */
export function sourcedRun(source: string, init: RunInit): SourcedRun {
  const perSecond = init.perSecond ?? [init.service.length];
  const series: SecondStats[] = perSecond.map((n, second) => ({ second, requests: n, errors: 0, p50Ns: ns(0), p90Ns: ns(0), p99Ns: ns(0) }));
  const successes = perSecond.reduce((a, b) => a + b, 0);
  const run: RecordedRun = {
    meta: { command: 'infer', protocol: init.protocol ?? 'http', name: '', target: 'test', mode: 'open', rateHz: 100, vus: null, workers: 1, connections: 0 },
    startUnixNs: 0n,
    requests: successes,
    successes,
    dropped: 0,
    skipped: 0,
    inFlightPeak: 1,
    earliestNs: ns(0),
    latestNs: ns(perSecond.length * 1e9),
    endNs: ns(perSecond.length * 1e9),
    bytesIn: 0,
    bytesOut: 0,
    statusCodes: [],
    errors: [],
    latency: distributionOf(init.service),
    responseTime: init.response === undefined ? null : distributionOf(init.response),
    series,
    interrupted: false,
    callLog: null,
  };
  return { run, source };
}
