/**
 * simulatedRun builds a RunResult the way a run does (a real Recorder per worker, merged by
 * mergeShards), from a simulated open-loop run: sends on a constant schedule, log-normal service
 * times, and optionally a stall during which the target answers nothing and the generator cannot
 * send (so service time stays low while response time, from the intended send, shows the wait),
 * followed by a burst of 503s. Deterministic: a seeded PRNG.
 */
import { seededRandom } from '../../src/core/seeded-random.js';
import { Recorder } from '../../src/results/recorder.js';
import { mergeShards } from '../../src/results/merge.js';
import type { RunResult } from '../../src/core/run-result.js';
import type { RequestPoints } from '../../src/reporters/html.js';

export interface SimulatedRunInit {
  readonly target: string;
  readonly rateHz: number;
  readonly seconds: number;
  /** medianMs is the median service time. */
  readonly medianMs: number;
  /** stall is [from, to] in seconds: nothing is sent or answered in between. */
  readonly stall?: readonly [number, number];
  readonly seed: number;
  readonly workers?: number;
}

export interface SimulatedRun {
  readonly result: RunResult;
  readonly points: RequestPoints;
}

export function simulatedRun(init: SimulatedRunInit): SimulatedRun {
  const workers = init.workers ?? 2;
  const recorders = Array.from({ length: workers }, () => new Recorder(true));
  const random = seededRandom(init.seed);
  const n = Math.round(init.rateHz * init.seconds);
  const points = { sentNs: new Float64Array(n), latencyNs: new Float64Array(n), ok: new Uint8Array(n) };
  const [stallFrom, stallTo] = (init.stall ?? [Infinity, Infinity]).map((s) => s * 1e9);
  for (let i = 0; i < n; i++) {
    const intendedNs = ((i + 1) * 1e9) / init.rateHz;
    const stalled = intendedNs >= stallFrom && intendedNs < stallTo;
    // A blocked generator sends what was due during the stall the moment it ends, slightly spread.
    const sentNs = stalled ? stallTo + random() * 2e6 : intendedNs + random() * 50e3;
    const serviceNs = logNormalNs(init.medianMs, random) * (stalled ? 3 : 1);
    const overloaded = sentNs >= stallTo && sentNs < stallTo + 0.5e9 && random() < 0.1;
    const timedOut = random() < 0.0005;
    const code = timedOut ? 0 : overloaded ? 503 : 200;
    const error = timedOut ? 'Post "http://model:8080/v2/models/iris/infer": context deadline exceeded' : overloaded ? '503 Service Unavailable' : null;
    const rec = recorders[i % workers];
    rec.sent();
    const outcome = { protocol: 'http', code, errorKind: timedOut ? 'timeout' : overloaded ? 'status' : null, errorText: error ?? '' } as const;
    rec.record(outcome, intendedNs, sentNs, sentNs + serviceNs, error === null ? 239 : 0, 80);
    points.sentNs[i] = sentNs;
    points.latencyNs[i] = serviceNs;
    points.ok[i] = error === null ? 1 : 0;
  }
  const meta = {
    command: 'infer',
    name: '',
    target: init.target,
    mode: 'open' as const,
    protocol: 'http' as const,
    rateHz: init.rateHz,
    vus: null,
    workers,
    connections: 0,
  };
  const result = mergeShards(recorders.map((r) => r.result()), { meta, startUnixNs: 1_796_000_000_000_000_000n, interrupted: false });
  return { result, points };
}

/** logNormalNs draws a service time around medianMs with a long right tail (sigma 0.35). */
function logNormalNs(medianMs: number, random: () => number): number {
  const u = Math.max(random(), 1e-12);
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  return medianMs * 1e6 * Math.exp(0.35 * z);
}

