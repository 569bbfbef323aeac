/**
 * reportSpecs refuses the generative reports (vllm-json, aiperf-json) before any load unless the
 * run is a generate run, which takes them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reportSpecs } from '../../src/plan/report-specs.js';

test('vllm-json and aiperf-json: refused for other runs, taken by generate', () => {
  for (const type of ['vllm-json', 'aiperf-json']) {
    assert.throws(() => reportSpecs([`${type}=out.json`], null), new RegExp(`--report ${type}: it reports generative metrics .*use it with loadgen generate`));
    assert.deepEqual(reportSpecs([`${type}=out.json`], null, 'http', true), [{ type, file: 'out.json' }]);
  }
  assert.deepEqual(reportSpecs(['json'], null), [{ type: 'json', file: null }]);
});
