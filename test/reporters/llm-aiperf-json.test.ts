/**
 * aiperf-json against a run whose every request is known: AIPerf's metric names, each block's
 * unit and stats keys as profile_export_aiperf.json has them, and the values the requests give
 * (AIPerf's inter_token_latency is loadgen's TPOT, its inter_chunk_latency loadgen's pooled ITL).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aiperfJson } from '../../src/reporters/llm-aiperf-json.js';
import { LlmRecorder, mergeLlmShards } from '../../src/results/llm-recorder.js';
import { ns } from '../../src/core/units.js';
import { testResult } from './fixtures.js';

const STATS = ['unit', 'avg', 'p1', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'p99', 'min', 'max', 'std', 'count', 'sum'];

function run(slos: boolean) {
  const r = new LlmRecorder('openai-chat', true, slos ? [{ text: 'ttft<=150ms', metric: 'ttft', limitNs: 150e6, strict: false }] : [], false);
  const req = (sentNs: number, times: number[], usagePrompt: number, errorKind: string | null = null) => ({
    sentNs, intendedNs: NaN, errorKind, tokenNs: Float64Array.from(times), deltas: times.length, usageOutput: -1, usagePrompt,
  });
  // TTFT 100 ms, tokens every 20 ms: E2E 140 ms, TPOT 20 ms, 3 tokens.
  r.record(req(0, [100e6, 120e6, 140e6], 30), 140e6, 0);
  // TTFT 200 ms, gap 40 ms: E2E 240 ms (sent at 1 s), TPOT 40 ms, 2 tokens.
  r.record(req(1e9, [1.2e9, 1.24e9], 50), 1.24e9, 0);
  // A refused request: no tokens, counts as an error.
  r.record(req(1.5e9, [], -1, 'refused'), 1.5e9, 20);
  return testResult({ earliestNs: ns(0), latestNs: ns(1.5e9), endNs: ns(2e9), startUnixNs: 1_700_000_000_000_000_000n, llm: mergeLlmShards([r.result()]) });
}

test('aiperf-json: AIPerf names, units and stats keys, values from the requests', () => {
  const doc = JSON.parse(aiperfJson(run(true))) as Record<string, Record<string, number | string>>;
  for (const k of ['request_latency', 'time_to_first_token', 'inter_token_latency', 'inter_chunk_latency']) {
    assert.deepEqual(Object.keys(doc[k]), STATS, k);
    assert.equal(doc[k].unit, 'ms');
  }
  const near = (a: unknown, b: number) => assert.ok(Math.abs((a as number) - b) <= b * 0.002, `${a} vs ${b}`);
  near(doc.time_to_first_token.avg, 150);
  near(doc.time_to_first_token.min, 100);
  near(doc.time_to_first_token.max, 200);
  assert.equal(doc.time_to_first_token.count, 2);
  near(doc.request_latency.avg, 190);
  near(doc.inter_token_latency.avg, 30);
  assert.equal(doc.inter_chunk_latency.count, 3);
  near(doc.inter_chunk_latency.sum, 80);
  assert.equal(doc.output_token_throughput_per_user.unit, 'tokens/sec/user');
  near(doc.output_token_throughput_per_user.max, 50);
  near(doc.output_token_throughput_per_user.min, 25);
  near(doc.output_token_throughput_per_user.avg, 37.5);
  const scalar = (k: string, unit: string, avg: number) => {
    assert.deepEqual(Object.keys(doc[k]), ['unit', 'avg'], k);
    assert.equal(doc[k].unit, unit, k);
    near(doc[k].avg, avg);
  };
  // The span is first send to last end: 2 s.
  scalar('benchmark_duration', 'sec', 2);
  scalar('request_count', 'requests', 2);
  scalar('error_request_count', 'requests', 1);
  scalar('request_throughput', 'requests/sec', 1);
  scalar('output_token_throughput', 'tokens/sec', 2.5);
  scalar('total_token_throughput', 'tokens/sec', 52.5);
  scalar('total_osl', 'tokens', 5);
  scalar('total_isl', 'tokens', 100);
  scalar('output_sequence_length', 'tokens', 5 / 3);
  scalar('input_sequence_length', 'tokens', 100 / 3);
  scalar('good_request_count', 'requests', 1);
  scalar('goodput', 'requests/sec', 0.5);
  assert.equal(doc.start_time, '2023-11-14T22:13:20.000Z');
  assert.equal(doc.end_time, '2023-11-14T22:13:22.000Z');
  assert.equal(doc.was_cancelled as unknown, false);
});

test('aiperf-json without objectives: goodput null, as AIPerf writes it; a run without generative metrics is refused', () => {
  const doc = JSON.parse(aiperfJson(run(false))) as Record<string, unknown>;
  assert.equal(doc.goodput, null);
  assert.equal(doc.good_request_count, null);
  assert.throws(() => aiperfJson(testResult()), /aiperf-json: the run has no generative metrics/);
});
