import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LlmRecorder, mergeLlmShards } from '../../src/results/llm-recorder.js';

const request = (times: number[], usageOutput: number) => ({
  sentNs: 0,
  intendedNs: 0,
  errorKind: null,
  tokenNs: Float64Array.from(times),
  deltas: times.length,
  usageOutput,
  usagePrompt: -1,
});

test('TTFT, TPOT, E2E per request; ITL pooled; goodput per request against every objective', () => {
  const r = new LlmRecorder('openai-chat', true, [{ text: 'ttft<=150ms', metric: 'ttft', limitNs: 150e6, strict: false }], true);
  // tokens at 100, 120, 140 ms; end at 140 ms: TPOT (140 - 100) / 2 = 20 ms.
  r.record(request([100e6, 120e6, 140e6], -1), 140e6, 10);
  // a slow first token: misses the objective.
  r.record(request([200e6, 210e6], 2), 210e6, 10);
  const l = mergeLlmShards([r.result()]);
  assert.equal(l.requests, 2);
  assert.equal(l.goodput, 1);
  assert.deepEqual(l.sloMet, [1]);
  assert.equal(l.outputTokens, 5);
  assert.equal(l.inputTokens, 20);
  assert.equal(l.itl.count, 3);
  assert.equal(l.tpot.count, 2);
  assert.equal(l.e2e.maxNs, 210e6);
});

test('usage with more tokens than deltas: the extra tokens spread over deltas 2..D, each gap split evenly', () => {
  const r = new LlmRecorder('openai-chat', true, [], false);
  // 3 deltas (at 0, 40, 100 ms) carrying 5 tokens: delta 2 and 3 carry 2 each -> gaps 20, 20, 30, 30.
  r.record(request([0, 40e6, 100e6], 5), 100e6, 1);
  const l = mergeLlmShards([r.result()]);
  assert.equal(l.itl.count, 4);
  assert.equal(l.itl.totalNs, 100e6);
  assert.equal(l.itl.minNs, 20e6);
  assert.equal(l.itl.maxNs, 30e6);
  assert.equal(l.usageMismatches, 1);
  assert.equal(l.tpot.meanNs, 25e6);
});

test('client token counts: used without usage, compared with usage where both exist, merged over workers', () => {
  const a = new LlmRecorder('openai-chat', true, [], false, 'cl100k_base');
  // No usage: the client's count (6 tokens in 3 deltas) is the request's count.
  a.record(request([0, 10e6, 20e6], -1), 20e6, 1, 6);
  // Usage 4, client 4: compared, agrees.
  a.record(request([0, 10e6, 20e6, 30e6], 4), 30e6, 1, 4);
  // Usage 4, client 5: differs by 25 %.
  a.record(request([0, 10e6, 20e6, 30e6], 4), 30e6, 1, 5);
  const b = new LlmRecorder('openai-chat', true, [], false, 'cl100k_base');
  // Usage 10, client 5: differs by 50 %.
  b.record(request([0, 10e6], 10), 10e6, 1, 5);
  const l = mergeLlmShards([a.result(), b.result()]);
  assert.equal(l.tokenizer, 'cl100k_base');
  assert.equal(l.outputTokens, 6 + 4 + 4 + 10, 'usage first, then the client count');
  assert.equal(l.usageReported, 3);
  assert.equal(l.clientCounted, 1);
  assert.deepEqual(l.tokenCount, { compared: 3, mismatches: 2, relDiffSum: 0.25 + 0.5, relDiffMax: 0.5 });
  // Without a client count (tokenizer none), one token per delta as before; nothing compared.
  const c = new LlmRecorder('openai-chat', true, [], false);
  c.record(request([0, 10e6, 20e6], -1), 20e6, 1);
  const m = mergeLlmShards([c.result()]);
  assert.equal(m.outputTokens, 3);
  assert.equal(m.clientCounted, 0);
  assert.equal(m.tokenCount.compared, 0);
});

test('per-second series: each TTFT, gap and token in the second it arrived, each request in the second it ended', () => {
  const r = new LlmRecorder('openai-chat', true, [{ text: 'ttft<=1s', metric: 'ttft', limitNs: 1e9, strict: false }], false);
  // Tokens at 0.9 s, 1.1 s, 1.3 s; ends at 1.3 s: TTFT in second 0, both gaps and two tokens in second 1.
  r.record(request([0.9e9, 1.1e9, 1.3e9], -1), 1.3e9, 10);
  // 3 deltas carrying 5 tokens (usage), at 2.2, 2.4 and 3.5 s: 1 token in 2, 2 in 2 (gaps 0.1 s x 2), 2 in 3 (gaps 0.55 s x 2).
  r.record(request([2.2e9, 2.4e9, 3.5e9], 5), 3.5e9, 10);
  // A failed request with no tokens counts in the second it ended, with nothing else.
  r.record({ ...request([], -1), errorKind: 'refused' }, 4.2e9, 10);
  const l = mergeLlmShards([r.result(), new LlmRecorder('openai-chat', true, r.result().slos, false).result()]);
  const by = Object.fromEntries(l.series.map((s) => [s.second, s]));
  assert.deepEqual(l.series.map((s) => s.second), [0, 1, 2, 3, 4]);
  assert.deepEqual(l.series.map((s) => s.requests), [0, 1, 0, 1, 1]);
  assert.deepEqual(l.series.map((s) => s.goodput), [0, 1, 0, 0, 0]);
  assert.deepEqual(l.series.map((s) => s.outputTokens), [1, 2, 3, 2, 0]);
  assert.equal(l.series.reduce((n, s) => n + s.outputTokens, 0), l.outputTokens);
  assert.equal(by[0].ttft.count, 1);
  assert.ok(Math.abs(by[0].ttftP50Ns - 0.9e9) / 0.9e9 < 0.01);
  assert.equal(by[1].itl.count, 2);
  assert.equal(by[2].itl.count, 2);
  assert.ok(Math.abs(by[3].itlP99Ns - 0.55e9) / 0.55e9 < 0.01);
  assert.ok(Number.isNaN(by[4].ttftP50Ns));
  assert.equal(l.itl.count, by[1].itl.count + by[2].itl.count + by[3].itl.count);
});

test('seconds sealed after the window still merge: a stream longer than it adds to its first seconds', () => {
  const r = new LlmRecorder('openai-chat', true, [], false);
  const times = Array.from({ length: 50 }, (_, i) => i * 1e9 + 5e8);
  r.record(request(times, -1), 49.6e9, 1);
  const l = mergeLlmShards([r.result()]);
  assert.equal(l.series.length, 50);
  assert.ok(l.series.every((s) => s.outputTokens === 1));
  assert.equal(l.series.reduce((n, s) => n + s.itl.count, 0), 49);
});
