/**
 * ghz's default text report (`-O summary`, spec: ghz.md 3), byte for byte: the same text ghz's
 * template writes, with literal tabs in the header block, its duration formatting, the histogram
 * bar arithmetic and the tabwriter-padded status and error rows.
 *
 * One deliberate difference: ghz prints the status and error rows in Go map order, which is
 * random; loadgen sorts them by status name and by error text (as Go sorts strings), so the
 * same run always prints the same report.
 */
import { goFixed, tabwriter } from './go-format.js';
import { ghzStats, type GhzBucket } from './ghz-json.js';
import { goStringCompare, type GhzReportInput } from './ghz-report-input.js';

/** GHZ_BAR is the histogram bar character, U+220E. */
const GHZ_BAR = '∎';
/** GHZ_BAR_WIDTH is the length of the longest bar. */
const GHZ_BAR_WIDTH = 40;
/** GHZ_TABWRITER_PADDING is the padding of ghz's status and error tabwriters. */
const GHZ_TABWRITER_PADDING = 3;

/**
 * ghzDuration is ghz's formatNanoUnit: `<ns> ns` below 10 µs, `%4.2f ms` below 1 s, else `%4.2f s`.
 */
export function ghzDuration(ns: number): string {
  if (ns < 10_000) return `${ns} ns`;
  const ms = ns / 1e6;
  if (ms < 1000) return `${goFixed(ms, 2)} ms`;
  return `${goFixed(ms / 1000, 2)} s`;
}

/** ghzSummary renders the summary report, ending as ghz's does (with its blank lines). */
export function ghzSummary(input: GhzReportInput): string {
  const s = ghzStats(input);
  let out = '\nSummary:\n';
  if (input.name !== '') out += `  Name:\t\t${input.name}\n`;
  out +=
    `  Count:\t${input.count}\n` +
    `  Total:\t${ghzDuration(Math.trunc(input.totalNs))}\n` +
    `  Slowest:\t${ghzDuration(s.slowestNs)}\n` +
    `  Fastest:\t${ghzDuration(s.fastestNs)}\n` +
    `  Average:\t${ghzDuration(s.averageNs)}\n` +
    `  Requests/sec:\t${goFixed(s.rps, 2)}\n` +
    '\nResponse time histogram:\n' +
    histogramLines(s.histogram ?? []) +
    '\nLatency distribution:';
  for (const l of s.latencyDistribution ?? []) out += `\n  ${l.percentage} % in ${ghzDuration(l.latencyNs)} `;
  out += '\n\n';
  if (input.statusCounts.size > 0) {
    out += 'Status code distribution:\n' + rows(input.statusCounts, (status, n) => `  [${status}]\t${n} responses\t\n`);
  }
  out += '\n';
  if (input.errorCounts.size > 0) {
    out += 'Error distribution:\n' + rows(input.errorCounts, (error, n) => `  [${n}]\t${error}\t\n`);
  }
  return `${out}\n`;
}

/** histogramLines writes `  <mark ms><pad> [<count>]<pad> |<bar>` per bucket, marks padded to the largest. */
function histogramLines(buckets: readonly GhzBucket[]): string {
  let maxMark = 0;
  let maxCount = 0;
  for (const b of buckets) {
    if (b.mark > maxMark) maxMark = b.mark;
    if (b.count > maxCount) maxCount = b.count;
  }
  const markWidth = goFixed(maxMark * 1000, 3).length;
  const countWidth = String(maxCount).length;
  let out = '';
  for (const b of buckets) {
    const bar = maxCount > 0 ? Math.trunc((b.count * GHZ_BAR_WIDTH + Math.trunc(maxCount / 2)) / maxCount) : 0;
    const mark = goFixed(b.mark * 1000, 3);
    const count = String(b.count);
    out += `  ${mark.padEnd(markWidth)} [${count}]${' '.repeat(countWidth - count.length)} |${GHZ_BAR.repeat(bar)}\n`;
  }
  return out;
}

/** rows writes one tabwriter row per key, keys sorted (ghz's order is random). */
function rows(counts: ReadonlyMap<string, number>, row: (key: string, n: number) => string): string {
  const keys = [...counts.keys()].sort(goStringCompare);
  return tabwriter(keys.map((k) => row(k, counts.get(k) as number)).join(''), GHZ_TABWRITER_PADDING);
}
