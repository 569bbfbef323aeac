/**
 * A generate run's HTML report in headless Chromium, as `loadgen generate --report html=FILE`
 * and `loadgen report --type html REC.json` write it: every generative chart drew its run, the
 * legends name the series, the generative table has its rows, and the page logged no error and
 * requested nothing but its own file. Two records in one report overlay in every chart.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromiumSkip, launchChromium } from '../helpers/chromium.js';
import { colorPixels, legend, rowHeads, visitPage, type PageVisit } from '../helpers/chart-page.js';
import { runCli } from '../helpers/cli.js';
import { parseLatencyModel } from '../../src/servers/latency-model.js';
import { startLlmServer, type LlmServer } from '../../src/servers/llm-server.js';
import { seededRandom } from '../../src/core/seeded-random.js';

const RUN_COLORS: ReadonlyArray<readonly [number, number, number]> = [
  [0x1f, 0x77, 0xb4],
  [0xff, 0x7f, 0x0e],
];
const LLM_CHARTS = ['chart-llm-ttft', 'chart-llm-itl', 'chart-llm-tokens', 'chart-llm-percentiles'] as const;

describe('generate HTML report in Chromium', { skip: chromiumSkip }, () => {
  let browser: Browser;
  let server: LlmServer;
  let dir: string;
  before(async () => {
    browser = await launchChromium();
    server = await startLlmServer({ ttft: parseLatencyModel('normal:60ms,10ms', '--ttft'), itl: parseLatencyModel('normal:8ms,2ms', '--itl'), random: seededRandom(3) });
    dir = mkdtempSync(join(tmpdir(), 'loadgen-llm-html-'));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  async function generate(name: string, rate: string): Promise<{ html: string; record: string }> {
    const html = join(dir, `${name}.html`);
    const record = join(dir, `${name}.json`);
    const r = await runCli(['generate', '--quiet', '--url', server.url, '--rate', rate, '-d', '3s', '--output-tokens', '12', '--result', record, '--report', `html=${html}`]);
    assert.equal(r.code, 0, r.stderr);
    return { html, record };
  }

  const visit = (file: string): Promise<PageVisit> => visitPage(browser, file, '#chart-llm-percentiles canvas');

  it('generate --report html and report --type html from the record both draw every LLM chart', async () => {
    const run = await generate('one', '8');
    const again = join(dir, 'again.html');
    const r = await runCli(['report', '--type', `html=${again}`, run.record]);
    assert.equal(r.code, 0, r.stderr);
    for (const file of [run.html, again]) {
      const v = await visit(file);
      assert.deepEqual(v.problems, []);
      assert.deepEqual(v.requests, [v.url]);
      for (const id of LLM_CHARTS) assert.ok((await colorPixels(v.page, id, RUN_COLORS[0])) > 100, `${file} ${id}: the run's lines are drawn`);
      assert.deepEqual(await legend(v.page, 'chart-llm-ttft'), ['time', 'TTFT p50', 'TTFT p99']);
      assert.deepEqual(await legend(v.page, 'chart-llm-itl'), ['time', 'ITL p50', 'ITL p99']);
      assert.deepEqual(await legend(v.page, 'chart-llm-tokens'), ['time', 'output tokens/s', 'requests finished/s']);
      assert.deepEqual(await legend(v.page, 'chart-llm-percentiles'), ['percentile', 'TTFT', 'TTFT from intended send', 'ITL']);
      const heads = await rowHeads(v.page, 'llm-figures');
      for (const h of ['goodput', 'output tokens/s', 'TTFT p99', 'ITL p50', 'TPOT p90', 'E2E mean']) assert.ok(heads.includes(h), `table row ${h}: ${heads.join(' | ')}`);
      // The HTTP charts are still there, drawn.
      assert.ok((await colorPixels(v.page, 'chart-latency', RUN_COLORS[0])) > 100);
      await v.page.close();
    }
  });

  it('two records in one report: both runs drawn in every LLM chart', async () => {
    const a = await generate('a', '6');
    const b = await generate('b', '10');
    const both = join(dir, 'both.html');
    const r = await runCli(['report', '--type', `html=${both}`, a.record, b.record]);
    assert.equal(r.code, 0, r.stderr);
    const v = await visit(both);
    assert.deepEqual(v.problems, []);
    for (const id of LLM_CHARTS) {
      for (const [i, rgb] of RUN_COLORS.entries()) assert.ok((await colorPixels(v.page, id, rgb)) > 100, `${id}: run ${i} is drawn`);
    }
    await v.page.close();
  });
});
