/**
 * statusTable, errorsTable and sloVerdictTable are the HTML report's outcome tables: one row per
 * status code, distinct error text or objective over all runs, one column per run (0 or "-"
 * where a run has none of it).
 */
import { compareStatus, statusName, type StatusCount } from '../../core/outcome.js';
import type { SloVerdict } from '../../core/slo.js';
import { sloValueText } from '../slo-table.js';
import { num, type Cell, type TableSpec } from './html-table.js';
import type { LabelledResult } from './run-tables.js';

/** MAX_ERROR_ROWS bounds the errors table (a run against a dead host can have one text per URL). */
export const MAX_ERROR_ROWS = 100;

export function statusTable(runs: readonly LabelledResult[]): TableSpec {
  // Rows by shown name, so an HTTP and a gRPC run do not share a row for different meanings of 0.
  const order = new Map<string, StatusCount>();
  const counts = runs.map((r) => {
    const byName = new Map<string, number>();
    for (const s of r.result.statusCodes) {
      const name = statusName(r.result.meta.protocol, s);
      byName.set(name, (byName.get(name) ?? 0) + s.count);
      if (!order.has(name)) order.set(name, s);
    }
    return byName;
  });
  const names = [...order.entries()].sort((a, b) => compareStatus(a[1], b[1])).map(([name]) => name);
  return {
    id: 'status-codes',
    caption: 'Status codes',
    head: ['status', ...runs.map((r) => r.label)],
    rows: names.map((name) => [name === '0' ? '0 (no response)' : name, ...counts.map((c, i) => share(c.get(name) ?? 0, runs[i].result.requests))]),
  };
}

export function errorsTable(runs: readonly LabelledResult[]): TableSpec {
  const texts: string[] = [];
  const seen = new Set<string>();
  const counts = runs.map((r) => {
    const byText = new Map<string, number>();
    for (const e of r.result.errors) {
      byText.set(e.text, e.count);
      if (!seen.has(e.text)) {
        seen.add(e.text);
        texts.push(e.text);
      }
    }
    return byText;
  });
  const shown = texts.slice(0, MAX_ERROR_ROWS);
  return {
    id: 'errors',
    caption: 'Errors',
    head: ['error', ...runs.map((r) => r.label)],
    rows: shown.map((text) => [text, ...counts.map((c) => num(String(c.get(text) ?? 0)))]),
    note:
      texts.length === 0
        ? 'No errors.'
        : texts.length > shown.length
          ? `${texts.length - shown.length} more distinct errors are in the json report.`
          : undefined,
  };
}

/** SloRun is a run with the verdicts of its objectives. */
export interface SloRun extends LabelledResult {
  readonly verdicts?: readonly SloVerdict[];
}

/** sloVerdictTable has one row per objective text; null when no run was judged. */
export function sloVerdictTable(runs: readonly SloRun[]): TableSpec | null {
  if (runs.every((r) => r.verdicts === undefined)) return null;
  const objectives = new Map<string, SloVerdict>();
  for (const r of runs) for (const v of r.verdicts ?? []) if (!objectives.has(v.slo.text)) objectives.set(v.slo.text, v);
  const head = ['SLO', 'objective', ...runs.flatMap((r) => [`${r.label} measured`, `${r.label} result`])];
  const rows = [...objectives.entries()].map(([text, { slo }]): Cell[] => [
    slo.name,
    `${slo.op} ${sloValueText(slo.metric, slo.limit)}`,
    ...runs.flatMap((r) => verdictCells(r.verdicts?.find((v) => v.slo.text === text))),
  ]);
  return { id: 'slos', caption: 'SLOs', head, rows };
}

function verdictCells(v: SloVerdict | undefined): Cell[] {
  if (v === undefined) return ['-', '-'];
  const measured = v.measured === null ? 'no value' : sloValueText(v.slo.metric, v.measured);
  return [num(measured), v.pass ? { text: 'pass', cls: 'pass' } : { text: 'FAIL', cls: 'fail' }];
}

function share(n: number, of: number): Cell {
  return num(of === 0 ? String(n) : `${n} (${((100 * n) / of).toFixed(2)}%)`);
}
