/**
 * A Figure is one row of the bench table: what was measured, loadgen's value, a peer's value
 * beside it (same run, same cores), the ratio loadgen / peer, and issue 13's target where one
 * exists. run-all collects them, writes bench/results.json and the marked table in bench/README.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface Target {
  /** text is the target as the issue states it, e.g. "<= 150 ms". */
  readonly text: string;
  readonly met: boolean;
}

export interface Figure {
  readonly section: string;
  readonly name: string;
  readonly unit: string;
  readonly loadgen: number | null;
  /** peer names the tool beside loadgen; null when the figure has none. */
  readonly peer: string | null;
  /** peerValue is null when the peer could not run (not installed), which note says. */
  readonly peerValue: number | null;
  /** ratio is loadgen / peer (null without both). */
  readonly ratio: number | null;
  readonly target: Target | null;
  readonly note?: string;
}

/** figure builds a Figure and its ratio. */
export function figure(f: Omit<Figure, 'ratio'> & { ratio?: number | null }): Figure {
  const ratio = f.ratio !== undefined ? f.ratio : f.loadgen !== null && f.peerValue !== null && f.peerValue !== 0 ? f.loadgen / f.peerValue : null;
  return { ...f, ratio };
}

/** target says whether value meets `op limit`, with the issue's wording. */
export function target(text: string, met: boolean): Target {
  return { text, met };
}

/** fmtValue prints a figure's value with the precision its size needs. */
export function fmtValue(v: number | null, unit: string): string {
  if (v === null || !Number.isFinite(v)) return '-';
  const a = Math.abs(v);
  // Counts (req, calls) are whole numbers: no decimals, also below 1000.
  const digits = unit === '%' ? 3 : unit === 'req' || unit === 'calls' || a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : 3;
  const s = v.toFixed(digits);
  return a >= 10_000 ? Number(s).toLocaleString('en-US').replace(/,/g, ' ') : s;
}

/** markdownTable renders the figures as bench/README.md's table. */
export function markdownTable(figures: readonly Figure[]): string {
  const lines = ['| section | figure | unit | loadgen | peer | peer value | loadgen / peer | target (issue 13) |', '|---|---|---|---|---|---|---|---|'];
  for (const f of figures) {
    const peerValue = f.peer === null ? '' : f.peerValue === null ? (f.note ?? 'not run') : fmtValue(f.peerValue, f.unit);
    const t = f.target === null ? '' : `${f.target.text}: ${f.target.met ? '**met**' : '**not met**'}`;
    lines.push(`| ${f.section} | ${f.name} | ${f.unit} | ${fmtValue(f.loadgen, f.unit)} | ${f.peer ?? ''} | ${peerValue} | ${f.ratio === null ? '' : `${f.ratio.toFixed(2)}x`} | ${t} |`);
  }
  return lines.join('\n');
}

export const BEGIN = '<!-- bench:begin -->';
export const END = '<!-- bench:end -->';

/** markers are the begin and end markers of a section's own table (`<!-- bench:soak:begin -->`). */
export const markers = (name: string): [begin: string, end: string] => [`<!-- bench:${name}:begin -->`, `<!-- bench:${name}:end -->`];

/** replaceMarked puts body between the bench markers (the main table's unless given) of the README at path (the markers stay). */
export function replaceMarked(path: string, body: string, [begin, end]: [string, string] = [BEGIN, END]): void {
  const text = readFileSync(path, 'utf8');
  const b = text.indexOf(begin);
  const e = text.indexOf(end);
  if (b < 0 || e < b) throw new Error(`${path}: no ${begin} ... ${end} section to replace`);
  writeFileSync(path, `${text.slice(0, b + begin.length)}\n${body}\n${text.slice(e)}`);
}
