/**
 * ghz's JSON report (`-O json`, and `-O pretty` indented; spec: ghz.md 2), byte for byte, and
 * the statistics ghz derives from its details (spec 2.3), which the summary shares.
 */
import { rfc3339Nano } from '../core/time-format.js';
import { goJson, goJsonString, type GoJsonValue } from './go-format.js';
import { goSeconds } from '../core/time-format.js';
import { goJsonSorted, goStringCompare, type GhzCalls, type GhzReportInput } from './ghz-report-input.js';

/** GHZ_PERCENTILES are the latency distribution's percentages. */
export const GHZ_PERCENTILES = [10, 25, 50, 75, 90, 95, 99] as const;

/** GHZ_HISTOGRAM_BUCKETS is the number of histogram intervals (11 marks). */
const GHZ_HISTOGRAM_BUCKETS = 10;

/** GhzLatency is one latency distribution entry; {0, 0} where the value was 0 (ghz's zero value). */
export interface GhzLatency {
  readonly percentage: number;
  readonly latencyNs: number;
}

/** GhzBucket is one histogram entry: mark in seconds, count, and count / statistics-set size. */
export interface GhzBucket {
  readonly mark: number;
  readonly count: number;
  readonly frequency: number;
}

/** GhzStats are ghz's derived numbers, all zero or null for an empty run. */
export interface GhzStats {
  readonly averageNs: number;
  readonly fastestNs: number;
  readonly slowestNs: number;
  /** rps is count per second of total (0 when total is 0, where ghz would fail to encode +Inf). */
  readonly rps: number;
  /** latencyDistribution is null when the statistics set is empty. */
  readonly latencyDistribution: readonly GhzLatency[] | null;
  /** histogram is null when the statistics set is empty. */
  readonly histogram: readonly GhzBucket[] | null;
}

/**
 * ghzStats reproduces ghz's arithmetic exactly: the statistics set is the details' latencies in
 * float seconds (failed calls only with countErrors), sorted; average over every counted call;
 * fastest, slowest and percentiles truncated back to ns; nearest-rank percentiles with ghz's index
 * rule (float artifacts included); 11 histogram marks from fastest to slowest.
 */
export function ghzStats(input: GhzReportInput): GhzStats {
  const calls = input.calls;
  if (calls.length === 0) return { averageNs: 0, fastestNs: 0, slowestNs: 0, rps: 0, latencyDistribution: null, histogram: null };
  const averageNs = Math.trunc((input.latencySumSeconds / input.count) * 1e9);
  const totalSeconds = goSeconds(input.totalNs);
  const rps = totalSeconds > 0 ? input.count / totalSeconds : 0;
  const set = statisticsSet(calls, input.countErrors);
  if (set.length === 0) return { averageNs, fastestNs: 0, slowestNs: 0, rps, latencyDistribution: null, histogram: null };
  const fastest = set[0];
  const slowest = set[set.length - 1];
  return {
    averageNs,
    fastestNs: Math.trunc(fastest * 1e9),
    slowestNs: Math.trunc(slowest * 1e9),
    rps,
    latencyDistribution: percentiles(set),
    histogram: histogram(set, fastest, slowest),
  };
}

/** statisticsSet is the sorted float-seconds latencies of the calls that count for statistics. */
function statisticsSet(calls: GhzCalls, countErrors: boolean): Float64Array {
  let n = 0;
  const set = new Float64Array(calls.length);
  for (let i = 0; i < calls.length; i++) {
    if (countErrors || calls.errorIndex[i] === 0) set[n++] = goSeconds(calls.latencyNs[i]);
  }
  return set.subarray(0, n).sort();
}

function percentiles(sorted: Float64Array): GhzLatency[] {
  const n = sorted.length;
  return GHZ_PERCENTILES.map((p) => {
    const ip = (p / 100) * n;
    let i = Math.trunc(ip);
    if (ip === i) i--;
    if (i < 0) i = 0;
    const value = sorted[i];
    return value > 0 ? { percentage: p, latencyNs: Math.trunc(value * 1e9) } : { percentage: 0, latencyNs: 0 };
  });
}

function histogram(sorted: Float64Array, fastest: number, slowest: number): GhzBucket[] {
  const marks = new Array<number>(GHZ_HISTOGRAM_BUCKETS + 1);
  const counts = new Array<number>(GHZ_HISTOGRAM_BUCKETS + 1).fill(0);
  const bs = (slowest - fastest) / GHZ_HISTOGRAM_BUCKETS;
  for (let i = 0; i < GHZ_HISTOGRAM_BUCKETS; i++) marks[i] = fastest + bs * i;
  marks[GHZ_HISTOGRAM_BUCKETS] = slowest;
  let b = 0;
  for (let i = 0; i < sorted.length; ) {
    if (sorted[i] <= marks[b]) {
      counts[b]++;
      i++;
    } else if (b < GHZ_HISTOGRAM_BUCKETS) {
      b++;
    } else {
      // Unreachable (the last mark is the maximum), kept so a NaN can never loop forever.
      counts[b]++;
      i++;
    }
  }
  return marks.map((mark, i) => ({ mark, count: counts[i], frequency: counts[i] / sorted.length }));
}

/**
 * ghzJson renders the report as ghz's `-O json` does: Go's encoding/json, compact, keys in ghz's
 * order, `name` and `tags` left out when empty, no trailing newline. `details` (one entry per
 * call, up to a million) is written only when asked for (loadgen grpc --details); otherwise it is
 * null, which ghz writes for a run without calls, so its consumers accept it.
 */
export function ghzJson(input: GhzReportInput, details = true): string {
  const s = ghzStats(input);
  const head = new Map<string, GoJsonValue>();
  head.set('date', rfc3339Nano(wholeSeconds(input.dateUnixNs)));
  if (input.name !== '') head.set('name', input.name);
  head.set('endReason', input.endReason);
  head.set('options', input.options);
  head.set('count', input.count);
  head.set('total', Math.trunc(input.totalNs));
  head.set('average', s.averageNs);
  head.set('fastest', s.fastestNs);
  head.set('slowest', s.slowestNs);
  head.set('rps', s.rps);
  head.set('errorDistribution', sortedCounts(input.errorCounts));
  head.set('statusCodeDistribution', sortedCounts(input.statusCounts));
  head.set('latencyDistribution', s.latencyDistribution === null ? null : s.latencyDistribution.map((l) => ({ percentage: l.percentage, latency: l.latencyNs })));
  head.set('histogram', s.histogram === null ? null : s.histogram.map((b) => ({ mark: b.mark, count: b.count, frequency: b.frequency })));
  // details can hold a million entries: written directly instead of through goJson's objects.
  const text = goJson(head);
  const tags = Object.keys(input.tags).length > 0 ? `,"tags":${goJson(goJsonSorted(input.tags))}` : '';
  return `${text.slice(0, -1)},"details":${details ? detailsJson(input.calls) : 'null'}${tags}}`;
}

/** ghzPrettyJson is `-O pretty`: the JSON report indented by 2 spaces as Go's json.Indent does, no trailing newline. */
export function ghzPrettyJson(input: GhzReportInput, details = true): string {
  return goIndent(ghzJson(input, details), '  ');
}

function wholeSeconds(unixNs: bigint): bigint {
  const s = unixNs >= 0n ? unixNs / 1_000_000_000n : (unixNs - 999_999_999n) / 1_000_000_000n;
  return s * 1_000_000_000n;
}

function sortedCounts(counts: ReadonlyMap<string, number>): Map<string, GoJsonValue> {
  return new Map([...counts.keys()].sort(goStringCompare).map((k) => [k, counts.get(k) as number]));
}

/** detailsJson writes `details`: one entry per kept call, or null when there are none. */
function detailsJson(calls: GhzCalls): string {
  if (calls.length === 0) return 'null';
  const statuses = calls.statusNames.map(goJsonString);
  const errors = calls.errorTexts.map(goJsonString);
  const stamps = new TimestampFormatter(calls.startUnixNs);
  const parts = new Array<string>(calls.length);
  for (let i = 0; i < calls.length; i++) {
    parts[i] =
      `{"timestamp":"${stamps.format(calls.endOffsetNs[i])}","latency":${calls.latencyNs[i]},` +
      `"error":${errors[calls.errorIndex[i]]},"status":${statuses[calls.statusIndex[i]]}}`;
  }
  return `[${parts.join(',')}]`;
}

/**
 * TimestampFormatter writes RFC 3339 times with nanoseconds (Go's time.Time JSON form, local
 * offset) for offsets from a start, reusing the date-and-zone text within a second.
 */
class TimestampFormatter {
  private readonly startUnixNs: bigint;
  private second: bigint;
  private prefix: string;
  private zone: string;

  constructor(startUnixNs: bigint) {
    this.startUnixNs = startUnixNs;
    this.second = -1n;
    this.prefix = '';
    this.zone = '';
  }

  format(offsetNs: number): string {
    const unixNs = this.startUnixNs + BigInt(Math.round(offsetNs));
    const sec = unixNs >= 0n ? unixNs / 1_000_000_000n : (unixNs - 999_999_999n) / 1_000_000_000n;
    if (sec !== this.second) {
      const whole = rfc3339Nano(sec * 1_000_000_000n);
      const cut = whole.length - (whole.endsWith('Z') ? 1 : 6);
      this.second = sec;
      this.prefix = whole.slice(0, cut);
      this.zone = whole.slice(cut);
    }
    const frac = Number(unixNs - sec * 1_000_000_000n);
    const fraction = frac === 0 ? '' : `.${String(frac).padStart(9, '0').replace(/0+$/, '')}`;
    return this.prefix + fraction + this.zone;
  }
}

/**
 * goIndent is Go's json.Indent over compact JSON: each element on its own line, nested by indent,
 * `": "` after keys, empty objects and arrays kept as `{}` and `[]`.
 */
export function goIndent(compact: string, indent: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < compact.length; i++) {
    const c = compact[i];
    if (c === '"') {
      let j = i + 1;
      while (compact[j] !== '"') j += compact[j] === '\\' ? 2 : 1;
      out += compact.slice(i, j + 1);
      i = j;
      continue;
    }
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      if (compact[i + 1] === close) {
        out += c + close;
        i++;
        continue;
      }
      depth++;
      out += `${c}\n${indent.repeat(depth)}`;
    } else if (c === '}' || c === ']') {
      depth--;
      out += `\n${indent.repeat(depth)}${c}`;
    } else if (c === ',') {
      out += `,\n${indent.repeat(depth)}`;
    } else if (c === ':') {
      out += ': ';
    } else {
      out += c;
    }
  }
  return out;
}
