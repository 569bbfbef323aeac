/**
 * The HTML report's generative parts as data: a run without generative metrics gets none of
 * them (no containers, no script, no table); a generate run's per-second columns cover every
 * second to its last, a second without samples a gap, and its curve follows the nines.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { htmlReport } from '../../src/reporters/html.js';
import { llmChartData } from '../../src/reporters/html/llm-chart-data.js';
import { CURVE_NINES } from '../../src/reporters/html/chart-data.js';
import { LlmRecorder, mergeLlmShards } from '../../src/results/llm-recorder.js';
import { testResult } from './fixtures.js';

const req = (sentNs: number, times: number[]) => ({ sentNs, intendedNs: NaN, errorKind: null, tokenNs: Float64Array.from(times), deltas: times.length, usageOutput: -1, usagePrompt: -1 });

test('a run without generative metrics has no LLM charts, script or table', () => {
  const page = htmlReport([{ label: 'plain', result: testResult() }]);
  assert.doesNotMatch(page, /chart-llm-|llm-figures|drawLlmCharts/);
});

test('llmChartData: every second to the last, gaps where nothing arrived, the curve at CURVE_NINES', () => {
  const r = new LlmRecorder('openai-chat', true, [], false);
  // Second 0: TTFT 100 ms, gap 20 ms; nothing in second 1; second 2: TTFT 300 ms, gap 10 ms.
  r.record(req(0, [100e6, 120e6]), 120e6, 1);
  r.record(req(2e9, [2.3e9, 2.31e9]), 2.31e9, 1);
  const l = mergeLlmShards([r.result()]);
  const c = llmChartData(l, CURVE_NINES);
  assert.deepEqual(c.ttftLines[0], [0.5, 1.5, 2.5]);
  assert.deepEqual(c.ttftLines[1].map((v) => (v === null ? null : Math.round(v))), [100, null, 300]);
  assert.deepEqual(c.itlLines[2].map((v) => (v === null ? null : Math.round(v))), [20, null, 10]);
  assert.deepEqual(c.tokens[1], [2, 0, 2]);
  assert.deepEqual(c.tokens[2], [1, 0, 1]);
  assert.equal(c.curve.ttft.length, CURVE_NINES.length);
  assert.equal(Math.round(c.curve.ttft[0]), 100);
  assert.equal(Math.round(c.curve.ttft[c.curve.ttft.length - 1]), 300);
  assert.equal(c.curve.ttftResponse, null);
});
