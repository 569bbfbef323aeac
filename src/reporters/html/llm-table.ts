/**
 * llmTable is the HTML report's table of each run's generative figures: requests, goodput,
 * token counts and rates, and TTFT / ITL / TPOT / E2E at their percentiles, in ms; null when no
 * run has them. The figures are llmFigures', as the text and json reports give them.
 */
import { llmFigures } from '../../core/llm-figures.js';
import type { LatencyView } from '../../core/latency-view.js';
import type { LlmResult } from '../../core/llm-result.js';
import type { RunResult } from '../../core/run-result.js';
import { goFixed } from '../go-format.js';
import { num, type Cell, type TableSpec } from './html-table.js';
import type { LabelledResult } from './run-tables.js';

type Row = readonly [label: string, value: (r: RunResult, l: LlmResult) => string];

const DISTRIBUTIONS: ReadonlyArray<readonly [string, (l: LlmResult) => LatencyView | null]> = [
  ['TTFT', (l) => l.ttft],
  ['TTFT from intended send', (l) => l.ttftResponse],
  ['ITL', (l) => l.itl],
  ['TPOT', (l) => l.tpot],
  ['E2E', (l) => l.e2e],
];
const QUANTILES: ReadonlyArray<readonly [string, number]> = [['p50', 0.5], ['p90', 0.9], ['p99', 0.99]];

const fixed = (x: number) => goFixed(x, 2);
const ms = (ns: number) => `${goFixed(ns / 1e6, 3)} ms`;

const COUNTS: readonly Row[] = [
  ['requests', (_, l) => `${l.requests} (${l.successes} with tokens)`],
  ['requests/s', (r, l) => fixed(llmFigures(r, l).requestsPerSec)],
  ['goodput', (r, l) => `${l.goodput} (${fixed(100 * llmFigures(r, l).goodputRatio)}%, ${fixed(llmFigures(r, l).goodputPerSec)}/s)`],
  ['objectives', (_, l) => (l.slos.length === 0 ? 'none' : l.slos.map((s, i) => `${s.text}: ${l.sloMet[i]} met`).join(', '))],
  ['output tokens', (_, l) => String(l.outputTokens)],
  ['output tokens/s', (r, l) => fixed(llmFigures(r, l).outputTokensPerSec)],
  ['output tokens/s per user (p50)', (r, l) => perUserP50(llmFigures(r, l).perUserTokensPerSec)],
  ['input tokens', (_, l) => String(l.inputTokens)],
  ['input tokens/s', (r, l) => fixed(llmFigures(r, l).inputTokensPerSec)],
];

function perUserP50(u: { readonly p50: number } | null): string {
  return u === null ? '-' : fixed(u.p50);
}

/** latencyRows are each distribution's mean and QUANTILES ('-' where it has no sample). */
function latencyRows(): Row[] {
  const rows: Row[] = [];
  const cell = (v: LatencyView | null, f: (v: LatencyView) => number) => (v === null || v.count === 0 ? '-' : ms(f(v)));
  for (const [name, pick] of DISTRIBUTIONS) {
    rows.push([`${name} mean`, (_, l) => cell(pick(l), (v) => v.meanNs)]);
    for (const [q, at] of QUANTILES) rows.push([`${name} ${q}`, (_, l) => cell(pick(l), (v) => v.quantileNs(at))]);
  }
  return rows;
}

export function llmTable(runs: readonly LabelledResult[]): TableSpec | null {
  if (runs.every((r) => r.result.llm === undefined)) return null;
  const rows = [...COUNTS, ...latencyRows()].map(([label, value]): Cell[] => [
    label,
    ...runs.map((r) => {
      const l = r.result.llm;
      const text = l === undefined ? '-' : value(r.result, l);
      return label === 'objectives' ? text : num(text);
    }),
  ]);
  return {
    id: 'llm-figures',
    caption: 'Generative figures',
    head: ['', ...runs.map((r) => r.label)],
    rows,
    note: 'TTFT: first token - send; ITL: gaps between tokens, pooled; TPOT: (E2E - TTFT) / (tokens - 1) per request; E2E: end - send. Definitions: docs/llm-metrics.md.',
  };
}
