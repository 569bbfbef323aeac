/**
 * Regenerates docs/html-report.png, the README's picture of the HTML report: two simulated runs
 * (test/reporters/html-fixtures.ts; the baseline stalls for 0.4 s, then answers 503s) compared
 * in one report, rendered by headless Chromium at 1200 px.
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/html-report-screenshot.js [OUT.png]
 *
 * Chromium: $CHROMIUM, else Debian's /usr/lib/chromium/chromium.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { htmlReport } from '../src/reporters/html.js';
import { judgeSlos } from '../src/results/slo-judge.js';
import { parseSlo } from '../src/plan/slo-grammar.js';
import { simulatedRun } from '../test/reporters/html-fixtures.js';

const out = process.argv[2] ?? 'docs/html-report.png';
const target = 'http://model:8080/v2/models/iris/infer';
const baseline = simulatedRun({ target, rateHz: 300, seconds: 10, medianMs: 2, stall: [5, 5.4], seed: 11 });
const candidate = simulatedRun({ target, rateHz: 300, seconds: 10, medianMs: 1.3, seed: 12 });
const slos = ['p99<=10ms', 'error-rate<=1%', 'response.p99<=25ms'].map((t) => parseSlo(t));
const html = htmlReport([
  { label: 'baseline', result: baseline.result, points: baseline.points, verdicts: judgeSlos(slos, baseline.result) },
  { label: 'candidate', result: candidate.result, points: candidate.points, verdicts: judgeSlos(slos, candidate.result) },
]);

const dir = mkdtempSync(join(tmpdir(), 'loadgen-shot-'));
const file = join(dir, 'report.html');
writeFileSync(file, html);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/lib/chromium/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('#chart-percentiles canvas');
  await page.screenshot({ path: out, fullPage: true });
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`wrote ${out}`);
