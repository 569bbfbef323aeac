import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-html-points-'));
let server: ReferenceServer;
before(async () => {
  server = await startReferenceServer({ port: 0, errorRate: 0.2, random: seeded() });
});
after(() => server.close());

/** seeded is a small deterministic random source, so the injected errors are the same each run. */
function seeded(): () => number {
  let x = 12345;
  return () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

/** pointsOf reads the scatter columns the html report embeds: [x seconds[], y ms[]] for ok and failed requests. */
function pointsOf(html: string): { ok: number[][]; failed: number[][] } | null {
  const json = /<script type="application\/json" id="loadgen-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(json !== null, 'the report embeds its data');
  return (JSON.parse(json[1]) as { runs: Array<{ points: { ok: number[][]; failed: number[][] } | null }> }).runs[0].points;
}

test('loadgen report --type html on a results file draws every request as a point', async () => {
  const results = join(dir, 'results.jsonl');
  const run = await runCli(['infer', '--url', server.url, '--model', 'iris', '-n', '60', '--vus', '2', '-o', results, '--report', `json=${join(dir, 'run.json')}`]);
  assert.equal(run.code, 0, run.stderr);
  const html = join(dir, 'points.html');
  const report = await runCli(['report', '--type', `html=${html}`, results]);
  assert.equal(report.code, 0, report.stderr);
  const points = pointsOf(readFileSync(html, 'utf8'));
  assert.ok(points !== null);
  const json = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { successes: number; failures: number };
  assert.equal(points.ok[0].length, json.successes);
  assert.equal(points.failed[0].length, json.failures);
  assert.ok(json.failures > 0 && json.successes > 0, 'both kinds of points are drawn');
  for (const ms of points.ok[1]) assert.ok(ms > 0 && ms < 10_000, `latency ${ms} ms`);
  // A record has no per-request points: its html report draws the per-second lines only.
  const fromRecord = join(dir, 'record.html');
  assert.equal((await runCli(['report', '--type', `html=${fromRecord}`, join(dir, 'run.json')])).code, 0);
  assert.equal(pointsOf(readFileSync(fromRecord, 'utf8')), null);
});
