// A worker's live sample comes from its recorder alone: cumulative counts, the service-time
// buckets at LIVE_BUCKETS_NS (cumulative, as Prometheus' le), error kinds summed over texts, and
// the last complete second of the per-second series.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Recorder } from '../../src/results/recorder.js';
import { RecentQuantiles } from '../../src/results/live-histograms.js';
import type { Outcome } from '../../src/core/outcome.js';

const OK: Outcome = { protocol: 'http', code: 200, errorKind: null, errorText: '' };
const E503: Outcome = { protocol: 'http', code: 503, errorKind: 'status', errorText: '503 Service Unavailable' };
const E500: Outcome = { protocol: 'http', code: 500, errorKind: 'status', errorText: '500 Internal Server Error' };
const REFUSED: Outcome = { protocol: 'http', code: 0, errorKind: 'refused', errorText: 'connection refused' };

function record(r: Recorder, o: Outcome, sentNs: number, latencyNs: number): void {
  r.sent();
  r.record(o, sentNs, sentNs, sentNs + latencyNs, 10, 3);
}

test('liveSample: statuses, error kinds, bytes and the cumulative buckets', () => {
  const r = new Recorder(true);
  record(r, OK, 0, 0.5e6); // <= 1 ms
  record(r, OK, 1e6, 3e6); // <= 5 ms
  record(r, E503, 2e6, 3e6);
  record(r, E500, 3e6, 20e6); // <= 25 ms
  record(r, REFUSED, 4e6, 2e9); // <= 2.5 s
  r.sent();
  const s = r.liveSample(0.5e9, false);
  assert.equal(s.requests, 5);
  assert.equal(s.successes, 2);
  assert.equal(s.inFlight, 1);
  assert.equal(s.bytesIn, 50);
  assert.equal(s.bytesOut, 15);
  assert.deepEqual(s.statuses.map((x) => [x.code, x.count]), [[0, 1], [200, 2], [500, 1], [503, 1]]);
  assert.deepEqual(s.errorKinds, [['refused', 1], ['status', 2]]);
  //                      1ms 2.5ms 5ms 10ms 25ms 50ms 100ms 250ms 500ms 1s 2.5s 5s 10s
  assert.deepEqual(s.buckets, [1, 1, 3, 3, 4, 4, 4, 4, 4, 4, 5, 5, 5]);
  assert.equal(s.latencySumNs, 0.5e6 + 3e6 + 3e6 + 20e6 + 2e9);
  assert.equal(s.overall, null, 'no whole-run histograms unless asked for');
  assert.deepEqual(s.recent, { second: -1, requests: 0, counts: null });
});

test('liveSample: recent is the last complete second; overall when asked', () => {
  const r = new Recorder(true);
  for (let i = 0; i < 100; i++) record(r, OK, 1e9 + i * 1e6, (i + 1) * 1e6); // second 1: 1..100 ms
  record(r, OK, 2.1e9, 500e6); // second 2, still going
  const s = r.liveSample(2.2e9, true);
  assert.equal(s.recent.second, 1);
  assert.equal(s.recent.requests, 100);
  const q = new RecentQuantiles().of([s.recent.counts!]);
  assert.ok(q !== null && Math.abs(q.p50Ns - 50e6) < 1e6 && Math.abs(q.p99Ns - 99e6) < 2e6, JSON.stringify(q));
  assert.equal(s.overall?.service.count, 101);
  assert.equal(s.overall?.response?.count, 101);
});
