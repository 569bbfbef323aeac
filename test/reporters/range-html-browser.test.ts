/**
 * The range and find-max pages opened in headless Chromium (playwright-core): each curve chart
 * draws its points, its legend names p50/p90/p99, the tables have a row per level or step, and
 * the page logged no error and requested nothing but its own file. Skipped, saying so, only when
 * no Chromium binary is installed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromiumSkip, launchChromium } from '../helpers/chromium.js';
import { visitPage } from '../helpers/chart-page.js';
import { rangeHtml } from '../../src/reporters/range-html.js';
import { findMaxHtml } from '../../src/reporters/find-max-html.js';
import { RANGE_SCHEMA, type LevelResult, type RangeResult } from '../../src/results/range-result.js';
import { FIND_MAX_SCHEMA, type FindMaxResult } from '../../src/results/find-max-result.js';
import type { Nanos } from '../../src/core/units.js';

const skip = chromiumSkip;

/** level is a level offered `rate`/s, achieving min(rate, 150)/s, with latency rising past 150. */
function level(rate: number): LevelResult {
  const achieved = Math.min(rate, 150);
  const p50 = rate <= 150 ? 5e6 : 5e6 + (rate - 150) * 5e6;
  return {
    level: rate, offeredRps: rate, achievedRps: achieved, requests: achieved * 3, errors: 0, meanNs: p50, p50Ns: p50, p90Ns: p50 * 1.5, p99Ns: p50 * 2,
    cpuCores: 0.2, windowsUsed: 3, stable: rate <= 150, windows: [],
  };
}

const stability = { window: { kind: 'time' as const, ns: 1e9 as Nanos }, tolerance: 0.1, metric: 'p50' as const, maxWindows: 6 };
const meta = { command: 'infer', target: 'http://127.0.0.1:8000 model iris', protocol: 'http' as const };
const RANGE: RangeResult = { schema: RANGE_SCHEMA, meta, kind: 'rate', stability, cores: 2, levels: [50, 100, 150, 200].map(level), interrupted: false };
const FIND_MAX: FindMaxResult = {
  schema: FIND_MAX_SCHEMA, meta: { ...meta, command: 'find-max' }, slos: ['p50<=50ms'], search: { startHz: 50, maxHz: 1000, precision: 0.05 }, stability,
  steps: [50, 100, 200, 150, 175].map((r) => ({ ...level(r), pass: r <= 150, verdicts: [], reason: r <= 150 ? null : 'missed' })),
  foundRps: 150, limitedByMax: false, cores: 2, generator: { cpuUserSeconds: 3, cpuSystemSeconds: 1, peakRssBytes: 1e8 }, interrupted: false,
};

describe('range and find-max pages in Chromium', { skip }, () => {
  let browser: Browser;
  let dir: string;
  before(async () => {
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'loadgen-range-html-'));
  });
  after(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  async function check(name: string, html: string, charts: string[], table: string, rows: number): Promise<void> {
    const file = join(dir, name);
    writeFileSync(file, html);
    const { page, problems, requests } = await visitPage(browser, file, '');
    for (const id of charts) {
      await page.waitForSelector(`#${id} canvas`);
      const labels = await page.$$eval(`#${id} .u-legend .u-series .u-label`, (els) => els.map((e) => e.textContent ?? ''));
      assert.deepEqual(labels.slice(1), ['p50', 'p90', 'p99'], `${id} legend`);
      // Some of the p50 colour (#1f77b4) is on the canvas: the curve is drawn.
      const blue = await page.$eval(`#${id} canvas`, (c) => {
        const canvas = c as HTMLCanvasElement;
        const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - 0x1f) < 24 && Math.abs(d[i + 1] - 0x77) < 24 && Math.abs(d[i + 2] - 0xb4) < 24) n++;
        return n;
      });
      assert.ok(blue > 50, `${id}: ${blue} curve pixels`);
    }
    assert.equal(await page.$$eval(`#${table} tbody tr`, (trs) => trs.length), rows);
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, [pathToFileURL(file).href]);
    await page.close();
  }

  it('the range page draws latency against achieved throughput, one table row per level', async () => {
    await check('range.html', rangeHtml(RANGE), ['chart-curve'], 'levels', 4);
  });

  it('the find-max page draws latency against offered and against achieved rate, one row per step', async () => {
    await check('find-max.html', findMaxHtml(FIND_MAX), ['chart-offered', 'chart-achieved'], 'steps', 5);
  });
});
