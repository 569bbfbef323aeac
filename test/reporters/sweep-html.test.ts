/**
 * summary.html, a sweep's page: one chart per swept parameter, each drawing every run as points
 * (opened in headless Chromium when one is installed), the runs' table complete, and the page
 * self-contained (nothing requested but itself, nothing logged).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromiumSkip, launchChromium } from '../helpers/chromium.js';
import { sweepHtml } from '../../src/reporters/sweep-html.js';
import { sweepChartData } from '../../src/reporters/sweep-chart-data.js';
import type { SweepOutcome } from '../../src/reporters/sweep-summary.js';
import { simulatedRun } from './html-fixtures.js';

const skip = chromiumSkip;

/** OUTCOMES: vus 1, 2, 4 x duration 1s, 2s, with a median latency rising with vus. */
const OUTCOMES: SweepOutcome[] = [1, 2, 4].flatMap((vus, i) =>
  ['1s', '2s'].map((duration, j) => {
    const n = i * 2 + j;
    const run = simulatedRun({ target: 'http://model:8080 iris', rateHz: 200, seconds: j + 1, medianMs: vus, seed: n + 1 });
    return {
      id: `00${n + 1}-t_${n}`,
      name: `t_${n}`,
      command: `loadgen infer --vus ${vus} --duration ${duration}`,
      swept: { vus, duration },
      testConfig: { name: 't', k6_opts: { vus, duration } },
      startUnixMs: 0,
      endUnixMs: 1000,
      status: 'passed' as const,
      error: null,
      result: run.result,
    };
  }),
);

describe('summary.html', () => {
  it('has one chart per swept parameter, x sorted, durations in seconds', () => {
    const data = sweepChartData(OUTCOMES);
    assert.deepEqual(data.charts.map((c) => [c.id, c.axis, c.categories]), [
      ['chart-param-0', 'vus', null],
      ['chart-param-1', 'duration (s)', null],
    ]);
    assert.deepEqual(data.charts[0].x, [1, 1, 2, 2, 4, 4]);
    assert.deepEqual(data.charts[1].x, [1, 1, 1, 2, 2, 2]);
    assert.ok(data.charts[0].p50[0] < data.charts[0].p50[5], 'the slowest runs are at vus 4');
    const html = sweepHtml({ title: 'sweep', description: '' }, OUTCOMES);
    assert.equal(html.match(/<div class="chart" id="chart-param-\d">/g)?.length, 2);
  });

  it('names categories for values that are neither numbers nor durations', () => {
    const outcomes = OUTCOMES.slice(0, 3).map((o, i) => ({ ...o, swept: { model: ['iris', 'tfsimple', 'iris'][i] } }));
    const [chart] = sweepChartData(outcomes).charts;
    assert.deepEqual(chart.categories, ['iris', 'tfsimple']);
    assert.deepEqual(chart.x, [0, 0, 1]);
  });

  describe('in Chromium', { skip }, () => {
    let browser: Browser;
    let dir: string;
    before(async () => {
      browser = await launchChromium();
      dir = mkdtempSync(join(tmpdir(), 'loadgen-sweep-html-'));
    });
    after(async () => {
      await browser?.close();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    });

    it('draws every chart with its points and legend, and requests nothing', async () => {
      const file = join(dir, 'summary.html');
      writeFileSync(file, sweepHtml({ title: 'sweep', description: 'six runs' }, OUTCOMES));
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await page.waitForSelector('#chart-param-1 canvas');
      assert.deepEqual(problems, []);
      assert.deepEqual(requests, [pathToFileURL(file).href]);
      for (const id of ['chart-param-0', 'chart-param-1']) {
        const labels = await page.$$eval(`#${id} .u-legend .u-series .u-label`, (els) => els.map((e) => e.textContent ?? ''));
        assert.deepEqual(labels.slice(1), ['p50', 'p90', 'p99', 'throughput'], id);
        // p99 points are red (#d62728): only drawn series have that colour.
        const red = await page.evaluate((chart) => {
          const canvas = document.querySelector<HTMLCanvasElement>(`#${chart} canvas`)!;
          const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
          let n = 0;
          for (let i = 0; i < px.length; i += 4) if (px[i + 3] > 200 && Math.abs(px[i] - 0xd6) + Math.abs(px[i + 1] - 0x27) + Math.abs(px[i + 2] - 0x28) < 30) n++;
          return n;
        }, id);
        assert.ok(red > 20, `${id}: p99 points drawn (${red} px)`);
      }
      const rows = await page.$$eval('#sweep-runs tbody tr', (trs) => trs.length);
      assert.equal(rows, 6);
      await page.close();
    });
  });
});
