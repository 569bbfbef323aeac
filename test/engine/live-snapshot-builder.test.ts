// The main thread's LiveSnapshot sums the workers' latest samples, merges their last complete
// seconds into the recent figures, and reads the target rate from the pacer at that elapsed time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiveSnapshotBuilder } from '../../src/engine/live-snapshot-builder.js';
import type { WorkerLive } from '../../src/engine/messages.js';
import { Recorder } from '../../src/results/recorder.js';
import { parseRate } from '../../src/core/units.js';
import type { Plan } from '../../src/plan/plan.js';
import type { Outcome } from '../../src/core/outcome.js';

const OK: Outcome = { protocol: 'http', code: 200, errorKind: null, errorText: '' };
const PLAN = { load: { kind: 'open', rate: parseRate('100'), maxInFlight: 0 }, stop: { durationNs: 10e9, iterations: 0 } } as unknown as Plan;

/** worker records n results per second for seconds 0..upTo-1 at latencyNs, and samples at elapsedNs. */
function worker(n: number, upTo: number, latencyNs: number, elapsedNs: number, busy: number): WorkerLive {
  const r = new Recorder(true);
  for (let s = 0; s < upTo; s++) {
    for (let i = 0; i < n; i++) {
      r.sent();
      r.record(OK, s * 1e9 + i, s * 1e9 + i, s * 1e9 + i + latencyNs, 1, 1);
    }
  }
  return { ...r.liveSample(elapsedNs, false), busy, latenessP99Ns: 1000 };
}

test('sums, recent over the newest 3 seconds of both workers, target rate, workers', () => {
  const b = new LiveSnapshotBuilder(PLAN, 2);
  assert.equal(b.take(0, worker(10, 1, 1e6, 1.01e9, 0.1)), false, 'waits for the other worker');
  assert.equal(b.take(1, worker(10, 1, 1e6, 1.01e9, 0.2)), true);
  b.build(1.01e9);
  for (let s = 2; s <= 5; s++) {
    b.take(0, worker(10, s, 2e6, s * 1e9 + 1e7, 0.3));
    b.take(1, worker(30, s, 8e6, s * 1e9 + 1e7, 0.4));
  }
  const snap = b.build(5.01e9);
  assert.equal(snap.requests, 5 * 40);
  assert.deepEqual(snap.statuses, [{ protocol: 'http', code: 200, count: 200 }]);
  assert.equal(snap.buckets[2], 50, '<= 5 ms: worker 0 only');
  assert.equal(snap.buckets[3], 200, '<= 10 ms: all');
  assert.equal(snap.recent.seconds, 3);
  assert.equal(snap.recent.rps, 40, 'seconds 2..4 of both');
  assert.ok(snap.recent.p50Ns !== null && snap.recent.p50Ns > 7.9e6 && snap.recent.p50Ns < 8.1e6, `p50 ${snap.recent.p50Ns}: 3/4 of results are 8 ms`);
  assert.equal(snap.targetRateHz, 100);
  assert.equal(snap.vus, null);
  assert.equal(snap.totalNs, 10e9);
  assert.deepEqual(snap.workers, [{ busy: 0.3, latenessP99Ns: 1000 }, { busy: 0.4, latenessP99Ns: 1000 }]);
  assert.equal(snap.overall, null, 'no exact quantiles unless a consumer needs them');
});
