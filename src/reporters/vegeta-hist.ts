/**
 * vegeta's histogram report (`report -type='hist[0,2ms,4ms]'`, spec: vegeta.md section 6) and the
 * bucket-list syntax it shares with `report -type=json -buckets '[...]'`.
 */
import { ns, parseDuration, type Nanos } from '../core/units.js';
import { UsageError } from '../core/errors.js';
import type { LatencyView } from '../core/latency-view.js';
import type { RunResult } from '../core/run-result.js';
import { goDuration, goFixed, tabwriter } from './go-format.js';

/** HIST_BAR_WIDTH is the number of `#` a bucket holding every result gets (vegeta's 75). */
export const HIST_BAR_WIDTH = 75;

/** HIST_BUCKETS_EXAMPLE is the example the bucket-list errors show. */
const HIST_BUCKETS_EXAMPLE = 'hist[0,2ms,4ms] or [0,2ms,4ms]';

/**
 * parseHistBuckets reads a bucket list, `hist[0,2ms,4ms]` or bare `[0,2ms,4ms]` (spaces allowed),
 * into ascending lower bounds in ns. A 0 bound is put in front when the first is above 0, as
 * vegeta does. Throws a UsageError naming `flag` for a malformed, empty, negative or unsorted list
 * (vegeta accepts unsorted lists and then counts nonsense).
 */
export function parseHistBuckets(spec: string, flag = '--buckets'): Nanos[] {
  const list = /^(?:hist\s*)?\[(.*)\]$/s.exec(spec.trim());
  if (!list) throw badBuckets(spec, flag, 'expected a list of durations in brackets');
  const bounds = list[1].split(',').map((part) => parseBound(part.trim(), spec, flag));
  for (let i = 1; i < bounds.length; i++) {
    if (bounds[i] <= bounds[i - 1]) {
      throw badBuckets(spec, flag, `bounds must be strictly ascending, but ${goDuration(bounds[i])} follows ${goDuration(bounds[i - 1])}`);
    }
  }
  if (bounds[0] > 0) bounds.unshift(ns(0));
  return bounds;
}

/** parseBound reads one lower bound of a bucket list (a Go duration, >= 0). */
function parseBound(part: string, spec: string, flag: string): Nanos {
  if (part === '') throw badBuckets(spec, flag, 'a bound is missing');
  let bound: Nanos;
  try {
    bound = parseDuration(part, flag);
  } catch {
    throw badBuckets(spec, flag, `"${part}" is not a duration (units: ns, us, ms, s, m, h)`);
  }
  if (bound < 0) throw badBuckets(spec, flag, `the bound ${part} is negative`);
  return bound;
}

function badBuckets(spec: string, flag: string, reason: string): UsageError {
  return new UsageError(`${flag}: invalid buckets "${spec}": ${reason}; use ascending durations, e.g. ${HIST_BUCKETS_EXAMPLE}`);
}

/**
 * histogramCounts counts the latencies in each bucket: bucket i holds buckets[i] <= latency <
 * buckets[i+1], and the last bucket every latency at or above its bound (plus, as in vegeta, any
 * below the first bound). Counts are as precise as LatencyView.countBelowNs (HDR bucket precision).
 */
export function histogramCounts(latency: LatencyView, buckets: readonly Nanos[]): number[] {
  const n = buckets.length;
  if (n === 0) return [];
  const below = buckets.map((b) => latency.countBelowNs(b));
  const counts: number[] = [];
  for (let i = 0; i + 1 < n; i++) counts.push(below[i + 1] - below[i]);
  counts.push(latency.count - (below[n - 1] - below[0]));
  return counts;
}

/**
 * vegetaHist renders vegeta's histogram report for the given bucket lower bounds (ns): one row per
 * bucket with its bounds (Go `Duration.String()`, no rounding; `+Inf` closes the last), count,
 * percentage and a bar of `#`. With no results every bucket shows 0.00% and no bar (vegeta
 * panics there on a NaN ratio).
 */
export function vegetaHist(result: RunResult, buckets: readonly Nanos[]): string {
  const counts = histogramCounts(result.latency, buckets);
  const total = result.latency.count;
  let text = 'Bucket\t\t#\t%\tHistogram\n';
  for (let i = 0; i < counts.length; i++) {
    const ratio = total === 0 ? 0 : counts[i] / total;
    const hi = i + 1 < buckets.length ? goDuration(buckets[i + 1]) : '+Inf';
    const bar = '#'.repeat(Math.trunc(ratio * HIST_BAR_WIDTH));
    text += `[${goDuration(buckets[i])},\t${hi}]\t${counts[i]}\t${goFixed(ratio * 100, 2)}%\t${bar}\n`;
  }
  return tabwriter(text);
}
