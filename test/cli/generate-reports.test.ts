/**
 * A generate run's per-second series and its aiperf-json report, end to end against the
 * reference LLM server (whose token count is the ground truth): the seconds add up to the run's
 * totals, read back from the record and add up across `loadgen merge`; aiperf-json written live
 * and from the record says what the record says.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { parseLatencyModel } from '../../src/servers/latency-model.js';
import { startLlmServer, type LlmServer } from '../../src/servers/llm-server.js';
import { seededRandom } from '../../src/core/seeded-random.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-generate-reports-'));

interface Second {
  second: number;
  requests: number;
  goodput: number;
  output_tokens: number;
  ttft_p50_ns: number | null;
  ttft_p99_ns: number | null;
  itl_p50_ns: number | null;
  itl_p99_ns: number | null;
  ttft: { count: number };
  itl: { count: number };
}
interface Llm {
  requests: number;
  successes: number;
  goodput: number;
  output_tokens: number;
  input_tokens: number;
  ttft: { count: number; mean_ns: number; p50_ns: number };
  itl: { count: number };
  tpot: { count: number; mean_ns: number };
  e2e: { count: number; mean_ns: number };
  series: Second[];
}
const llmOf = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { llm: Llm }).llm;
const total = (s: readonly Second[], f: (x: Second) => number) => s.reduce((n, x) => n + f(x), 0);

/** assertNear compares two JSON values, numbers within a relative 1e-6. */
function assertNear(got: unknown, want: unknown, path: string): void {
  if (typeof want === 'number' && typeof got === 'number') {
    assert.ok(Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want)), `${path}: ${got} vs ${want}`);
  } else if (want !== null && typeof want === 'object') {
    assert.deepEqual(Object.keys(got as object), Object.keys(want), path);
    for (const [k, v] of Object.entries(want)) assertNear((got as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else assert.deepEqual(got, want, path);
}

async function withServer<T>(fn: (server: LlmServer) => Promise<T>): Promise<T> {
  const server = await startLlmServer({ ttft: parseLatencyModel('40ms', '--ttft'), itl: parseLatencyModel('10ms', '--itl'), random: seededRandom(11) });
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

async function generate(url: string, name: string, args: readonly string[]): Promise<string> {
  const file = join(dir, `${name}.json`);
  const r = await runCli(['generate', '--quiet', '--url', url, '--result', file, ...args]);
  assert.equal(r.code, 0, r.stderr);
  return file;
}

test('the per-second series adds up to the run, each second with its TTFT and ITL p50/p99; it reads back and merges', async () => {
  await withServer(async (server) => {
    const a = await generate(server.url, 'a', ['--rate', '10', '-d', '3s', '--output-tokens', '10', '--slo', 'ttft<=5s']);
    const l = llmOf(a);
    assert.equal(l.output_tokens, server.stats.tokensSent);
    assert.ok(l.series.length >= 3, `${l.series.length} seconds`);
    assert.deepEqual(l.series.map((s) => s.second), [...l.series.map((s) => s.second)].sort((x, y) => x - y));
    assert.equal(total(l.series, (s) => s.requests), l.requests);
    assert.equal(total(l.series, (s) => s.goodput), l.goodput);
    assert.equal(total(l.series, (s) => s.output_tokens), l.output_tokens);
    assert.equal(total(l.series, (s) => s.ttft.count), l.ttft.count);
    assert.equal(total(l.series, (s) => s.itl.count), l.itl.count);
    for (const s of l.series.filter((x) => x.ttft.count > 0)) {
      // TTFT is the server's 40 ms plus the round trip; ITL its 10 ms (2-digit histograms: within 1 %).
      assert.ok(s.ttft_p50_ns! >= 39e6 && s.ttft_p50_ns! < 200e6, `second ${s.second}: TTFT p50 ${s.ttft_p50_ns}`);
      assert.ok(s.ttft_p99_ns! >= s.ttft_p50_ns!);
    }
    for (const s of l.series.filter((x) => x.itl.count > 0)) assert.ok(s.itl_p50_ns! >= 9e6 && s.itl_p50_ns! < 50e6, `second ${s.second}: ITL p50 ${s.itl_p50_ns}`);
    // Read back from the record, the series is the same.
    const again = join(dir, 'again.json');
    const r = await runCli(['report', '--type', `json=${again}`, a]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(llmOf(again).series, l.series);
    // Two records merge second by second.
    const b = await generate(server.url, 'b', ['--rate', '5', '-d', '2s', '--output-tokens', '4', '--slo', 'ttft<=5s']);
    const merged = join(dir, 'merged.json');
    const m = await runCli(['merge', a, b, '--result', merged]);
    assert.equal(m.code, 0, m.stderr);
    const ml = llmOf(merged);
    const lb = llmOf(b);
    assert.equal(total(ml.series, (s) => s.output_tokens), l.output_tokens + lb.output_tokens);
    assert.equal(total(ml.series, (s) => s.requests), l.requests + lb.requests);
    const second0 = (x: Llm) => x.series.find((s) => s.second === 0)?.ttft.count ?? 0;
    assert.equal(second0(ml), second0(l) + second0(lb));
  });
});

test('aiperf-json, live and from the record, says what the record says', async () => {
  await withServer(async (server) => {
    const live = join(dir, 'aiperf-live.json');
    const rec = await generate(server.url, 'ai', ['--vus', '3', '-n', '12', '--output-tokens', '6', '--report', `aiperf-json=${live}`]);
    const l = llmOf(rec);
    const fromRecord = join(dir, 'aiperf-record.json');
    const r = await runCli(['report', '--type', `aiperf-json=${fromRecord}`, rec]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(readFileSync(live, 'utf8')) as Record<string, { unit: string; avg: number; count?: number }>;
    // The record keeps whole ns (TPOT, a quotient, is fractional live): the same document to 1e-6.
    assertNear(JSON.parse(readFileSync(fromRecord, 'utf8')), doc, 'aiperf-json');
    assert.deepEqual([doc.request_count.unit, doc.request_count.avg], ['requests', l.successes]);
    assert.deepEqual([doc.total_osl.unit, doc.total_osl.avg], ['tokens', l.output_tokens]);
    assert.deepEqual([doc.total_isl.unit, doc.total_isl.avg], ['tokens', l.input_tokens]);
    assert.equal(doc.time_to_first_token.unit, 'ms');
    assert.ok(Math.abs(doc.time_to_first_token.avg - l.ttft.mean_ns / 1e6) < 1e-3);
    assert.equal(doc.time_to_first_token.count, l.ttft.count);
    assert.ok(Math.abs(doc.inter_token_latency.avg - l.tpot.mean_ns / 1e6) < 1e-3);
    assert.ok(Math.abs(doc.request_latency.avg - l.e2e.mean_ns / 1e6) < 1e-3);
    assert.equal(doc.inter_chunk_latency.count, l.itl.count);
    assert.equal(doc.output_token_throughput.unit, 'tokens/sec');
  });
});
