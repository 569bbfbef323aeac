/**
 * A generate run's live generative series: /metrics (--prometheus-addr) as the last scrape
 * before loadgen exits serves it, whose counts and histogram counts equal the run's record; and
 * remote write (--prometheus-rw) into a real Prometheus, whose final push holds the same figures
 * under the same names.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startCli, runCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';
import { eventually, PROMETHEUS, startPrometheus } from '../helpers/prometheus.js';
import { parsePrometheusText } from '../../src/results/prometheus-text.js';
import { parseLatencyModel } from '../../src/servers/latency-model.js';
import { startLlmServer } from '../../src/servers/llm-server.js';
import { seededRandom } from '../../src/core/seeded-random.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-generate-prom-'));

interface LlmRecord {
  requests: number;
  successes: number;
  output_tokens: number;
  input_tokens: number;
  goodput: number;
  ttft: { count: number; total_ns: number };
  itl: { count: number };
}

const recordOf = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { llm: LlmRecord }).llm;

async function withServer<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const server = await startLlmServer({ ttft: parseLatencyModel('30ms', '--ttft'), itl: parseLatencyModel('5ms', '--itl'), random: seededRandom(5) });
  try {
    return await fn(server.url);
  } finally {
    await server.close();
  }
}

test('/metrics carries the generative counters and TTFT / ITL histograms; the last scrape equals the record', async () => {
  await withServer(async (url) => {
    const port = await freePort();
    const out = join(dir, 'scraped.json');
    const cli = startCli([
      'generate', '--quiet', '--url', url, '--rate', '20', '-n', '30', '--output-tokens', '8', '--slo', 'ttft<=20ms',
      '--prometheus-addr', `127.0.0.1:${port}`, '--prometheus-linger', '30s', '--result', out,
    ]);
    // Scrape until loadgen exits: it stops serving right after a scrape has seen the final snapshot, so the last page read is that one.
    let last = '';
    let exited = false;
    void cli.done.then(() => (exited = true));
    while (!exited) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/metrics`);
        if (res.ok) last = await res.text();
      } catch {
        // not listening yet, or closed already
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const r = await cli.done;
    assert.equal(r.code, 0, r.stderr);
    const l = recordOf(out);
    const page = parsePrometheusText(last);
    const value = (name: string, labels: Record<string, string> = {}) =>
      page.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    assert.equal(l.requests, 30);
    assert.equal(value('loadgen_llm_requests_total'), l.requests);
    assert.equal(value('loadgen_llm_successes_total'), l.successes);
    assert.equal(value('loadgen_llm_output_tokens_total'), l.output_tokens);
    assert.equal(value('loadgen_llm_output_tokens_total'), 240);
    assert.equal(value('loadgen_llm_input_tokens_total'), l.input_tokens);
    // TTFT 30 ms against a 20 ms objective: no request is goodput, and the counter says so.
    assert.equal(value('loadgen_llm_goodput_total'), l.goodput);
    assert.equal(l.goodput, 0);
    assert.equal(value('loadgen_llm_ttft_seconds_count'), l.ttft.count);
    assert.equal(value('loadgen_llm_ttft_seconds_bucket', { le: '+Inf' }), l.ttft.count);
    assert.ok(Math.abs((value('loadgen_llm_ttft_seconds_sum') ?? 0) - l.ttft.total_ns / 1e9) < 1e-6);
    // Every TTFT is above 25 ms (the server holds 30) and well below 1 s.
    assert.equal(value('loadgen_llm_ttft_seconds_bucket', { le: '0.025' }), 0);
    assert.equal(value('loadgen_llm_ttft_seconds_bucket', { le: '1' }), l.ttft.count);
    assert.equal(value('loadgen_llm_itl_seconds_count'), l.itl.count);
    assert.equal(l.itl.count, 30 * 7);
    assert.equal(page.types.get('loadgen_llm_ttft_seconds'), 'histogram');
    assert.equal(page.types.get('loadgen_llm_output_tokens_total'), 'counter');
  });
});

test('--prometheus-rw: Prometheus receives the generative series; the final push holds the record figures', { skip: PROMETHEUS === null ? 'no prometheus binary' : false }, async () => {
  const prom = await startPrometheus({ remoteWrite: true });
  try {
    await withServer(async (url) => {
      const out = join(dir, 'written.json');
      const r = await runCli([
        'generate', '--quiet', '--url', url, '--rate', '10', '-d', '2s', '--output-tokens', '6',
        '--prometheus-rw', `${prom.url}/api/v1/write`, '--prometheus-rw-interval', '1s', '--prometheus-tag', 'testid=llm-rw', '--result', out,
      ]);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(!/remote write .* failed/.test(r.stderr), r.stderr);
      const l = recordOf(out);
      const checks: Array<[string, number]> = [
        ['loadgen_llm_requests_total', l.requests],
        ['loadgen_llm_output_tokens_total', l.output_tokens],
        ['loadgen_llm_input_tokens_total', l.input_tokens],
        ['loadgen_llm_ttft_seconds_count', l.ttft.count],
        ['loadgen_llm_itl_seconds_count', l.itl.count],
      ];
      for (const [metric, want] of checks) {
        let seen: number[] = [];
        await eventually(`${metric} = ${want}`, async () => {
          seen = await prom.query(`last_over_time(${metric}{testid="llm-rw"}[5m])`);
          return seen[0] === want;
        }).catch((err: Error) => assert.fail(`${err.message}; last seen ${JSON.stringify(seen)}`));
      }
      // The buckets arrive as series Prometheus' own histogram_quantile reads: TTFT p50 near the server's 30 ms.
      const p50 = await prom.query('histogram_quantile(0.5, last_over_time(loadgen_llm_ttft_seconds_bucket{testid="llm-rw"}[5m]))');
      assert.ok(p50.length === 1 && p50[0] > 0.025 && p50[0] < 0.2, `TTFT p50 ${p50}`);
    });
  } finally {
    await prom.stop();
  }
});
