/**
 * htmlTable writes one table of the HTML report: a caption, a header row and body rows, every
 * text escaped. Cells are plain text, or text with a class (`num` right-aligns figures, `pass`
 * and `fail` colour SLO results).
 */
import { escapeHtml } from './escape.js';

/** Cell is a table cell: text, or text with a CSS class. */
export type Cell = string | { readonly text: string; readonly cls: 'num' | 'pass' | 'fail' };

export interface TableSpec {
  readonly id: string;
  readonly caption: string;
  readonly head: readonly string[];
  readonly rows: ReadonlyArray<readonly Cell[]>;
  /** note is a line under the table (what was left out, how a figure is defined). */
  readonly note?: string;
}

/** num marks a cell as a figure (right-aligned, tabular digits). */
export function num(text: string): Cell {
  return { text, cls: 'num' };
}

export function htmlTable(t: TableSpec): string {
  const head = t.head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = t.rows.map((row) => `<tr>${row.map((c, i) => cell(c, i === 0)).join('')}</tr>`).join('\n');
  const note = t.note === undefined ? '' : `\n<p class="note">${escapeHtml(t.note)}</p>`;
  return (
    `<section id="${escapeHtml(t.id)}">\n<h2>${escapeHtml(t.caption)}</h2>\n` +
    `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>${note}\n</section>`
  );
}

/** cell writes a body cell; the first cell of a row heads it. */
function cell(c: Cell, rowHead: boolean): string {
  const tag = rowHead ? 'th scope="row"' : 'td';
  const end = rowHead ? 'th' : 'td';
  if (typeof c === 'string') return `<${tag}>${escapeHtml(c)}</${end}>`;
  return `<${tag} class="${c.cls}">${escapeHtml(c.text)}</${end}>`;
}
