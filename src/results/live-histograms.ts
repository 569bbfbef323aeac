/**
 * Merging the workers' live histograms on the main thread: RecentQuantiles over the last seconds'
 * coarse (2-digit) histograms for the panel (the run's full histograms, when a consumer such as
 * remote write or abortOnFail needs exact whole-run quantiles, merge with LatencyDistribution.fromSnapshots).
 *
 * A second's histogram travels as sparse counts, not as an encoded histogram: decoding one
 * allocates its counts array and zlib's buffers off the V8 heap, three per worker each second, and
 * the main thread collects garbage so rarely (once in ~35 s at 5k req/s) that those allocations
 * piled up in malloc's heap and left its RSS creeping. Plain numbers live on the V8 heap and die
 * young; the one merge histogram is reused.
 */
import type { JsHistogram } from 'hdr-histogram-js';
import { secondHistogram } from './latency.js';

/**
 * sparseCounts is a second histogram (secondHistogram's layout) as [index, count, ...] over its
 * non-zero buckets; null when it holds nothing.
 */
export function sparseCounts(h: JsHistogram): number[] | null {
  if (h.totalCount === 0) return null;
  // Counted first so the array is made once at its size (growing by push allocated ~3x the result).
  const length = h.countsArrayLength;
  let used = 0;
  for (let i = 0; i < length; i++) if (h.getCountAtIndex(i) > 0) used++;
  const out = new Array<number>(2 * used);
  let k = 0;
  for (let i = 0; k < out.length; i++) {
    const c = h.getCountAtIndex(i);
    if (c > 0) {
      out[k++] = i;
      out[k++] = c;
    }
  }
  return out;
}

/** RecentQuantiles merges sparse second histograms into one histogram it keeps and reuses. */
export class RecentQuantiles {
  private readonly merged: JsHistogram = secondHistogram();

  /** of is p50 and p99 (ns) of the merged parts, as HdrHistogram gives them; null when they hold nothing. */
  of(parts: ReadonlyArray<readonly number[]>): { p50Ns: number; p99Ns: number } | null {
    const m = this.merged;
    m.reset();
    for (const p of parts) for (let i = 0; i < p.length; i += 2) m.recordValueWithCount(m.valueFromIndex(p[i]), p[i + 1]);
    if (m.totalCount === 0) return null;
    return { p50Ns: m.getValueAtPercentile(50), p99Ns: m.getValueAtPercentile(99) };
  }
}

