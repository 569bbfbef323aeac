/** snapshot is a live snapshot 3 s into a 10 s open-loop run at 100/s, 10 errors. */
import { LIVE_BUCKETS_NS, type LiveSnapshot } from '../../src/core/live-snapshot.js';

export const snapshot: LiveSnapshot = {
  elapsedNs: 3e9,
  totalNs: 10e9,
  requests: 300,
  successes: 290,
  dropped: 2,
  inFlight: 4,
  bytesIn: 3000,
  bytesOut: 1500,
  statuses: [{ protocol: 'http', code: 200, count: 290 }, { protocol: 'http', code: 500, count: 5 }, { protocol: 'grpc', code: 14, count: 5 }],
  errorKinds: [['status', 10]],
  buckets: LIVE_BUCKETS_NS.map((b) => (b < 5e6 ? 100 : 300)),
  latencySumNs: 300 * 4e6,
  targetRateHz: 100,
  vus: null,
  overall: { meanNs: 4e6, p50Ns: 3e6, p90Ns: 6e6, p95Ns: 7e6, p99Ns: 9e6, maxNs: 12e6 },
  recent: { seconds: 3, rps: 100, p50Ns: 3e6, p99Ns: 9e6 },
  workers: [{ busy: 0.2, latenessP99Ns: 1e5 }],
  cpuSeconds: 0.5,
};
