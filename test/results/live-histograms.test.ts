// The recent p50/p99 of the live panel come from the workers' seconds sent as sparse counts and
// merged into one reused histogram: they must be what HdrHistogram gives for the same seconds
// merged the usual way (encoded, decoded, added), however many seconds and workers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { JsHistogram } from 'hdr-histogram-js';
import * as hdr from '../../src/results/hdr.js';
import { secondHistogram, clampNs } from '../../src/results/latency.js';
import { RecentQuantiles, sparseCounts } from '../../src/results/live-histograms.js';

function filled(values: readonly number[]): JsHistogram {
  const h = secondHistogram();
  for (const v of values) h.recordValue(clampNs(v));
  return h;
}

const latencyNs = fc.oneof(fc.integer({ min: 0, max: 5e6 }), fc.integer({ min: 0, max: 3.6e12 }), fc.constant(3.6e12 + 1));

test('RecentQuantiles over sparse counts equals the merged encoded histograms', () => {
  const recent = new RecentQuantiles(); // one instance across runs: reuse must not carry counts over
  fc.assert(
    fc.property(fc.array(fc.array(latencyNs, { maxLength: 200 }), { maxLength: 9 }), (seconds) => {
      const hs = seconds.map(filled);
      const parts = hs.map(sparseCounts).filter((p): p is number[] => p !== null);
      const got = recent.of(parts);
      const decoded = hs.filter((h) => h.totalCount > 0).map((h) => hdr.decodeFromCompressedBase64(hdr.encodeIntoCompressedBase64(h), 32, false) as JsHistogram);
      if (decoded.length === 0) return assert.equal(got, null);
      const merged = decoded[0];
      for (const h of decoded.slice(1)) merged.add(h);
      assert.deepEqual(got, { p50Ns: merged.getValueAtPercentile(50), p99Ns: merged.getValueAtPercentile(99) });
    }),
    { numRuns: 200 },
  );
});

test('sparseCounts: null for an empty second, [index, count] pairs summing to the count otherwise', () => {
  assert.equal(sparseCounts(secondHistogram()), null);
  const p = sparseCounts(filled([1e6, 1e6, 2e6, 50e6]))!;
  assert.equal(p.length, 6);
  assert.equal(p[1] + p[3] + p[5], 4);
  assert.ok(p[0] < p[2] && p[2] < p[4], 'indexes ascend');
});
