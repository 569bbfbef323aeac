/**
 * Merging the workers' live histograms on the main thread: recentQuantiles over the last seconds'
 * coarse (2-digit) histograms for the panel, and overallView over the run's full histograms when a
 * consumer (remote write, abortOnFail) needs exact whole-run quantiles.
 */
import * as hdr from './hdr.js';
import type { JsHistogram } from 'hdr-histogram-js';
import type { LatencySnapshot } from '../core/latency-view.js';
import { LatencyAccumulator, LatencyDistribution } from './latency.js';

/** recentQuantiles is p50 and p99 (ns) of the merged encoded histograms; null when they hold nothing. */
export function recentQuantiles(encoded: readonly string[]): { p50Ns: number; p99Ns: number } | null {
  let merged: JsHistogram | null = null;
  for (const e of encoded) {
    const h = hdr.decodeFromCompressedBase64(e, 32, false) as JsHistogram;
    if (merged === null) merged = h;
    else merged.add(h);
  }
  if (merged === null || merged.totalCount === 0) return null;
  return { p50Ns: merged.getValueAtPercentile(50), p99Ns: merged.getValueAtPercentile(99) };
}

/** overallView merges the workers' whole-run snapshots of one population into one LatencyDistribution. */
export function overallView(parts: readonly LatencySnapshot[]): LatencyDistribution {
  const acc = new LatencyAccumulator();
  for (const p of parts) acc.add(p);
  return new LatencyDistribution(acc);
}
