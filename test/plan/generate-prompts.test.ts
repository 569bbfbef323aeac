import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedPrefix, syntheticPrompts } from '../../src/plan/generate-prompts.js';

const words = (s: string) => s.split(' ');

test('syntheticPrompts with a shared prefix: every prompt starts with the same N words, then its own', () => {
  const n = 30;
  const prompts = syntheticPrompts(16, { mean: 40, stddev: 5 }, { mean: 8, stddev: 0 }, 5, n);
  const prefix = words(prompts[0].prompt).slice(0, n).join(' ');
  assert.equal(prefix, sharedPrefix(n, 5), 'the prefix datasets get is the same');
  const rests = new Set<string>();
  for (const p of prompts) {
    const w = words(p.prompt);
    assert.equal(w.length, p.inputTokens, 'the planned length is the whole prompt, prefix included');
    assert.ok(w.length > n);
    assert.equal(w.slice(0, n).join(' '), prefix);
    rests.add(w.slice(n).join(' '));
  }
  assert.equal(rests.size, prompts.length, 'after the prefix, no two prompts are the same');
  assert.notEqual(sharedPrefix(n, 6), prefix, 'another seed, another prefix');
});

test('syntheticPrompts without a prefix draws what it always drew; prompts share no long start', () => {
  const a = syntheticPrompts(8, { mean: 20, stddev: 0 }, { mean: 4, stddev: 0 }, 5);
  assert.deepEqual(a, syntheticPrompts(8, { mean: 20, stddev: 0 }, { mean: 4, stddev: 0 }, 5, 0));
  const starts = new Set(a.map((p) => words(p.prompt).slice(0, 5).join(' ')));
  assert.equal(starts.size, a.length);
});

test('syntheticPrompts keeps one word of a prompt\'s own when its drawn length is not above the prefix', () => {
  const prompts = syntheticPrompts(50, { mean: 12, stddev: 6 }, { mean: 1, stddev: 0 }, 2, 10);
  for (const p of prompts) assert.ok(p.inputTokens >= 11 && words(p.prompt).length === p.inputTokens);
});
