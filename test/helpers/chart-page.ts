/**
 * Reading a report page in Chromium: how many pixels of a chart's canvas are a run's colour
 * (grid, axes and text are grey, so only drawn series give them), a chart's legend, and a
 * table's row heads.
 */
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';

/** PageVisit is what one page load gave: the page, and everything it logged or requested. */
export interface PageVisit {
  readonly page: Page;
  readonly url: string;
  readonly problems: string[];
  readonly requests: string[];
}

/**
 * visitPage opens a report file in a new page, keeping every console error or warning, page error
 * and request it makes, and waits until the canvas of readySelector's chart is there.
 */
export async function visitPage(browser: Browser, file: string, readySelector: string): Promise<PageVisit> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load' });
  if (readySelector !== '') await page.waitForSelector(readySelector);
  return { page, url, problems, requests };
}

export function colorPixels(page: Page, chartId: string, rgb: readonly [number, number, number]): Promise<number> {
  return page.evaluate(
    ([id, [r, g, b]]) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`#${id} canvas`)!;
      const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4) {
        if (px[i + 3] > 200 && Math.abs(px[i] - r) + Math.abs(px[i + 1] - g) + Math.abs(px[i + 2] - b) < 30) n++;
      }
      return n;
    },
    [chartId, rgb] as const,
  );
}

export function legend(page: Page, chartId: string): Promise<string[]> {
  return page.$$eval(`#${chartId} .u-legend .u-series .u-label`, (els) => els.map((e) => e.textContent ?? ''));
}

export function rowHeads(page: Page, tableId: string): Promise<string[]> {
  return page.$$eval(`#${tableId} tbody tr > th`, (els) => els.map((e) => e.textContent ?? ''));
}
