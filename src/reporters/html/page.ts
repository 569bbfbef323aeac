/**
 * page is the HTML report's document: a title, the tables and the chart containers, with uPlot,
 * its stylesheet, the chart data and the chart script all inline, so the file opens anywhere
 * without a network. A Content-Security-Policy forbids every fetch, so a later change that would
 * load something fails loudly in the browser instead of silently needing a network.
 */
import { escapeHtml, inlineScript, inlineStyle, scriptJson } from './escape.js';
import type { UplotAssets } from './uplot-assets.js';

/** ChartSlot is one chart container: its element id, heading and the line under it. */
export interface ChartSlot {
  readonly id: string;
  readonly title: string;
  readonly note: string;
}

export interface PageParts {
  readonly title: string;
  /** sections are finished HTML blocks (tables), placed in order; charts go after the first two. */
  readonly sections: readonly string[];
  readonly charts: readonly ChartSlot[];
  readonly data: unknown;
  readonly script: string;
  /** scripts are more page code, run after script (e.g. the generative charts). */
  readonly scripts?: readonly string[];
  readonly uplot: UplotAssets;
}

const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'";

const CSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; margin: 0; background: #fff; }
main { max-width: 1200px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 1.4rem; margin: 8px 0 4px; }
h2 { font-size: 1.1rem; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
table { border-collapse: collapse; font-size: 0.9rem; }
th, td { padding: 3px 12px 3px 0; text-align: left; vertical-align: top; }
thead th { border-bottom: 1px solid #bbb; }
tbody th { font-weight: normal; color: #555; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.pass { color: #17803d; font-weight: 600; }
td.fail { color: #c0261d; font-weight: 600; }
.note { color: #666; font-size: 0.85rem; margin: 6px 0 0; }
.tables { display: flex; flex-wrap: wrap; gap: 0 48px; align-items: flex-start; }
.tables .note { max-width: 34em; }
.chart { width: 100%; }
`;

export function page(p: PageParts): string {
  const [first = '', second = '', ...rest] = p.sections;
  const charts = p.charts.map(chartSlot).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)}</title>
<style>${inlineStyle(p.uplot.css)}</style>
<style>${inlineStyle(CSS)}</style>
</head>
<body>
<main>
<h1>${escapeHtml(p.title)}</h1>
<div class="tables">
${first}
${second}
</div>
${charts}
<div class="tables">
${rest.join('\n')}
</div>
</main>
<script type="application/json" id="loadgen-data">${scriptJson(p.data)}</script>
<script>${inlineScript(p.uplot.script)}</script>
<script>${inlineScript(p.script)}</script>
${(p.scripts ?? []).map((s) => `<script>${inlineScript(s)}</script>\n`).join('')}</body>
</html>
`;
}

function chartSlot(c: ChartSlot): string {
  return `<section>\n<h2>${escapeHtml(c.title)}</h2>\n<div class="chart" id="${escapeHtml(c.id)}"></div>\n<p class="note">${escapeHtml(c.note)}</p>\n</section>`;
}
