/**
 * sweepMarkdown is a sweep's summary.md: the title, then one table row per run with its swept
 * parameters and key figures (requests, rate, throughput, errors, service-time p50/p90/p99 in ms,
 * objectives), then each run's command line.
 */
import { FIGURE_HEADS, figureTexts, paramText, sloResult, sweptKeys, type SweepOutcome } from './sweep-summary.js';

/** SweepHeading is the sweep's title and description (Howitzer's rendering_configs). */
export interface SweepHeading {
  readonly title: string;
  readonly description: string;
}

/** sweepMarkdown renders summary.md. */
export function sweepMarkdown(heading: SweepHeading, outcomes: readonly SweepOutcome[]): string {
  const keys = sweptKeys(outcomes);
  const head = ['run', ...keys, ...FIGURE_HEADS, 'SLO'];
  const rows = outcomes.map((o) => [o.id, ...keys.map((k) => paramText(o.swept[k])), ...figureTexts(o.result), sloResult(o)]);
  const lines = [`# ${heading.title}`, ''];
  if (heading.description !== '') lines.push(heading.description, '');
  lines.push(row(head), row(head.map((_h, i) => (i > keys.length && i < head.length - 1 ? '---:' : '---'))), ...rows.map(row), '');
  lines.push('Latencies are service time. Runs:', '');
  for (const o of outcomes) lines.push(`- \`${o.id}\`: \`${o.command}\`${o.error === null ? '' : ` (${o.status}: ${o.error})`}`);
  return `${lines.join('\n')}\n`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}
