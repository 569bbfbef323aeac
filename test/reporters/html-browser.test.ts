/**
 * The HTML report opened in headless Chromium (playwright-core): every chart drew its runs, each
 * legend names them, the tables have their rows, and the page logged no error and requested
 * nothing but its own file. Skipped, saying so, only when no Chromium binary is installed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chromiumSkip, launchChromium } from '../helpers/chromium.js';
import { colorPixels, legend, rowHeads, visitPage, type PageVisit } from '../helpers/chart-page.js';
import { htmlReport, type HtmlRun } from '../../src/reporters/html.js';
import { judgeSlos } from '../../src/results/slo-judge.js';
import { parseSlo } from '../../src/plan/slo-grammar.js';
import { simulatedRun } from './html-fixtures.js';
import { testResult } from './fixtures.js';
import { runCli } from '../helpers/cli.js';

const skip = chromiumSkip;

/** RUN_COLORS are the first two colours of the chart palette (charts-script.ts), as RGB. */
const RUN_COLORS: ReadonlyArray<readonly [number, number, number]> = [
  [0x1f, 0x77, 0xb4],
  [0xff, 0x7f, 0x0e],
];

const before_ = simulatedRun({ target: 'http://model:8080 iris', rateHz: 400, seconds: 6, medianMs: 2, stall: [3, 3.4], seed: 1 });
const after_ = simulatedRun({ target: 'http://model:8080 iris', rateHz: 400, seconds: 5, medianMs: 1.2, seed: 2 });
const slos = ['p99<=5ms', 'error-rate<=0.5%', 'response.p99<=10ms'].map((t) => parseSlo(t));
const RUNS: readonly HtmlRun[] = [
  { label: 'before', result: before_.result, points: before_.points, verdicts: judgeSlos(slos, before_.result) },
  { label: 'after', result: after_.result, points: after_.points, verdicts: judgeSlos(slos, after_.result) },
];

describe('HTML report in Chromium', { skip }, () => {
  let browser: Browser;
  let dir: string;
  before(async () => {
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'loadgen-html-'));
  });
  after(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string, runs: readonly HtmlRun[]): Promise<PageVisit> {
    const file = join(dir, name);
    writeFileSync(file, htmlReport(runs));
    return visit(file);
  }

  const visit = (file: string): Promise<PageVisit> => visitPage(browser, file, '#chart-percentiles canvas');

  it('draws one run: every chart shows its series, legends name them, the tables are complete', async () => {
    const v = await open('one.html', [RUNS[0]]);
    assertQuiet(v);
    for (const id of CHART_IDS) assert.ok((await colorPixels(v.page, id, RUN_COLORS[0])) > 100, `${id}: the run's lines are drawn`);
    assert.deepEqual(await legend(v.page, 'chart-throughput'), ['time', 'requests/s', 'errors/s']);
    assert.deepEqual(await legend(v.page, 'chart-latency'), ['time', 'request', 'failed request', 'p50', 'p90', 'p99']);
    assert.deepEqual(await legend(v.page, 'chart-percentiles'), ['percentile', 'service time', 'response time (CO-corrected)']);
    assert.deepEqual(await rowHeads(v.page, 'status-codes'), ['0 (no response)', '200', '503']);
    assert.deepEqual(await rowHeads(v.page, 'slos'), ['p99', 'error-rate', 'response.p99']);
    assert.equal((await rowHeads(v.page, 'summary')).length, 18);
    assert.deepEqual(await columnHeads(v.page, 'summary'), ['', 'before']);
    assert.ok((await rowHeads(v.page, 'errors')).includes('503 Service Unavailable'));
    await v.page.close();
  });

  it('overlays two runs: both drawn in every chart, legends and table columns per run', async () => {
    const v = await open('two.html', RUNS);
    assertQuiet(v);
    for (const id of CHART_IDS) {
      for (const [i, rgb] of RUN_COLORS.entries()) {
        assert.ok((await colorPixels(v.page, id, rgb)) > 100, `${id}: run ${RUNS[i].label} is drawn`);
      }
    }
    for (const id of CHART_IDS) {
      const labels = await legend(v.page, id);
      for (const run of RUNS) assert.ok(labels.some((l) => l.startsWith(`${run.label}: `)), `${id} legend names ${run.label}: ${labels.join(' | ')}`);
    }
    assert.deepEqual(await legend(v.page, 'chart-throughput'), ['time', 'before: requests/s', 'before: errors/s', 'after: requests/s', 'after: errors/s']);
    assert.deepEqual(await columnHeads(v.page, 'summary'), ['', 'before', 'after']);
    assert.deepEqual(await columnHeads(v.page, 'slos'), ['SLO', 'objective', 'before measured', 'before result', 'after measured', 'after result']);
    // The stall (slow answers, then 503s, then queued sends) breaks all three objectives before, none after.
    assert.deepEqual(await cells(v.page, 'slos', 3), ['FAIL', 'FAIL', 'FAIL']);
    assert.deepEqual(await cells(v.page, 'slos', 5), ['pass', 'pass', 'pass']);
    await v.page.close();
  });

  it('opens the report a real run wrote with --report html=FILE', async () => {
    const file = join(dir, 'demo.html');
    const run = await runCli(['demo', '-d', '2s', '--report', `html=${file}`, '--report', 'text=' + join(dir, 'demo.txt')]);
    assert.equal(run.code, 0, run.stderr);
    const v = await visit(file);
    assertQuiet(v);
    for (const id of CHART_IDS) assert.ok((await colorPixels(v.page, id, RUN_COLORS[0])) > 100, `${id}: the run is drawn`);
    assert.deepEqual(await legend(v.page, 'chart-latency'), ['time', 'p50', 'p90', 'p99']);
    assert.deepEqual(await rowHeads(v.page, 'status-codes'), ['200']);
    assert.match((await columnHeads(v.page, 'plan'))[1], /^http:\/\/127\.0\.0\.1:\d+ model iris/);
    await v.page.close();
  });

  it('renders a run without results: empty charts, no script error', async () => {
    const v = await open('empty.html', [{ label: 'nothing', result: testResult() }]);
    assertQuiet(v);
    assert.equal(await v.page.locator('.uplot').count(), 3);
    assert.deepEqual(await rowHeads(v.page, 'status-codes'), []);
    await v.page.close();
  });
});

const CHART_IDS = ['chart-throughput', 'chart-latency', 'chart-percentiles'] as const;

/** assertQuiet: no error or warning logged, and nothing requested but the file itself. */
function assertQuiet(v: PageVisit): void {
  assert.deepEqual(v.problems, []);
  assert.deepEqual(v.requests, [v.url]);
}

function columnHeads(page: Page, tableId: string): Promise<string[]> {
  return page.$$eval(`#${tableId} thead th`, (els) => els.map((e) => e.textContent ?? ''));
}

/** cells is one column of a table's body (0 = the row heads). */
function cells(page: Page, tableId: string, column: number): Promise<string[]> {
  return page.$$eval(`#${tableId} tbody tr`, (rows, c) => rows.map((row) => row.children[c]?.textContent ?? ''), column);
}
