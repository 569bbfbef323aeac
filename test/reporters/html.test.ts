/**
 * The HTML report as a file: one document with nothing to fetch, text escaped where it lands,
 * the per-request points thinned without losing spikes, and `--report html=FILE` wired.
 * test/reporters/html-browser.test.ts opens it in Chromium.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { htmlReport } from '../../src/reporters/html.js';
import { downsamplePoints } from '../../src/reporters/html/downsample.js';
import { inlineScript, scriptJson } from '../../src/reporters/html/escape.js';
import { MAX_SCATTER_POINTS } from '../../src/reporters/html/chart-data.js';
import { parseReportSpec } from '../../src/reporters/report-spec.js';
import { renderReport } from '../../src/reporters/render-report.js';
import { simulatedRun } from './html-fixtures.js';

const run = simulatedRun({ target: 'iris (v2)', rateHz: 200, seconds: 3, medianMs: 2, seed: 7 });

/** dataOf reads back the JSON block the charts are drawn from. */
function dataOf(html: string): { labels: string[] } {
  const m = /<script type="application\/json" id="loadgen-data">([^<]*)<\/script>/.exec(html);
  assert.ok(m, 'the data block is there and contains no "<"');
  return JSON.parse(m[1]);
}

describe('htmlReport', () => {
  it('is one self-contained document: no element or stylesheet that loads anything', () => {
    const quiet = { ...run.result, errors: [] };
    const html = htmlReport([{ label: 'A', result: quiet, points: run.points }]);
    assert.equal(html.match(/<html/g)?.length, 1);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    for (const loader of [/<link\b/i, /<img\b/i, /<iframe\b/i, /\b(src|href|srcset|poster)\s*=/i, /@import/i, /url\(/i]) {
      assert.doesNotMatch(html, loader);
    }
    // uPlot's banner comment is the one URL in the file; it is a comment, not a fetch.
    assert.deepEqual(html.match(/https?:\/\/[^\s"')]*/g), ['https://github.com/leeoniya/uPlot']);
    assert.match(html, /<script>\/\*! https:\/\/github\.com\/leeoniya\/uPlot/);
  });

  it('escapes </script> in a label in the data block and in the tables', () => {
    const label = '</script><script>alert(1)</script> & "q"';
    const html = htmlReport([{ label, result: run.result }]);
    assert.ok(!html.includes('<script>alert(1)'));
    // Three script elements (data, uPlot, charts) and no other "</script".
    assert.equal(html.match(/<\/script/gi)?.length, 3);
    assert.deepEqual(dataOf(html).labels, [label]);
    assert.ok(html.includes('<th scope="col">&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;</th>'));
  });

  it('has one table column per run and the SLO table only when verdicts are given', () => {
    const b = simulatedRun({ target: 'b', rateHz: 100, seconds: 2, medianMs: 1, seed: 8 });
    const two = htmlReport([
      { label: 'A', result: run.result },
      { label: 'B', result: b.result },
    ]);
    assert.match(two, /<section id="summary">\n<h2>Summary<\/h2>\n<table>\n<thead><tr><th scope="col"><\/th><th scope="col">A<\/th><th scope="col">B<\/th><\/tr>/);
    assert.ok(!two.includes('id="slos"'));
    assert.deepEqual(dataOf(two).labels, ['A', 'B']);
  });

  it('writes JSON that reads back the same and has no "<" for the HTML parser to see', () => {
    const value = { label: '</script><!-- <script>', text: 'a & b > c \u2028' };
    const json = scriptJson(value);
    assert.doesNotMatch(json, /[<>&\u2028]/);
    assert.deepEqual(JSON.parse(json), value);
  });

  it('refuses to inline code that would end its script element', () => {
    assert.equal(inlineScript('let a = 1 < 2;'), 'let a = 1 < 2;');
    assert.throws(() => inlineScript('s = "</SCRIPT>"'), /<\/SCRIPT/);
    assert.throws(() => inlineScript('x <!-- y'), /<!--/);
  });

  it('refuses an empty list of runs', () => {
    assert.throws(() => htmlReport([]), /no runs/);
  });
});

describe('downsamplePoints', () => {
  // 100 000 requests over 100 s at 1.00 to 1.06 ms, with one 900 ms spike and 3 failures.
  const n = 100_000;
  const sentNs = Float64Array.from({ length: n }, (_, i) => i * 1e6);
  const latencyNs = Float64Array.from({ length: n }, (_, i) => 1e6 + (i % 7) * 1e4);
  const ok = new Uint8Array(n).fill(1);
  latencyNs[54_321] = 900e6;
  for (const i of [10, 50_000, 99_999]) ok[i] = 0;

  it('keeps at most maxPoints, and the spike and every isolated failure', () => {
    const out = downsamplePoints({ sentNs, latencyNs, ok }, MAX_SCATTER_POINTS);
    const kept = out.ok[0].length + out.failed[0].length;
    assert.ok(kept <= MAX_SCATTER_POINTS, `${kept} points`);
    assert.ok(kept >= MAX_SCATTER_POINTS - 3, `${kept} points: the budget is used`);
    assert.ok(out.ok[1].includes(900), 'the 900 ms spike survives');
    assert.deepEqual(out.failed[0], [0.01, 50, 99.999]);
  });

  it('keeps everything (seconds, ms) when under the budget, each point in its population', () => {
    const out = downsamplePoints({ sentNs: [0, 1.5e9, 2e9], latencyNs: [1e6, 2.5e6, 3e6], ok: [true, false, true] }, 10);
    assert.deepEqual(out, { ok: [[0, 2], [1, 3]], failed: [[1.5], [2.5]] });
  });
});

describe('--report html', () => {
  it('is a report type rendering the run labelled by its target', () => {
    const spec = parseReportSpec('html=report.html');
    assert.deepEqual(spec, { type: 'html', file: 'report.html' });
    const html = renderReport(spec, run.result);
    assert.deepEqual(dataOf(html).labels, ['iris (v2)']);
    assert.match(html, /<title>loadgen infer: iris \(v2\)<\/title>/);
  });
});
