import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StepPacer } from '../../src/pacing/step-pacer.js';

const S = 1e9;

test('StepPacer: rate steps up every step duration and holds at the end rate', () => {
  // ghz --load-schedule step --load-start 10 --load-step 10 --load-step-duration 1s --load-end 30
  const p = new StepPacer({ startHz: 10, stepHz: 10, stepNs: S, endHz: 30, maxDurationNs: 0 });
  //   elapsed  rate
  const rates: Array<[number, number]> = [
    [0, 10],
    [0.99 * S, 10],
    [1 * S, 20],
    [2.5 * S, 30],
    [60 * S, 30],
  ];
  for (const [t, r] of rates) assert.equal(p.rateHz(t), r, `rate at ${t / S}s`);
  // The hits due by t are the integral: 10 + 20 + 30 per second after 3 s.
  assert.equal(p.hitsDue(1 * S), 10);
  assert.equal(p.hitsDue(2 * S), 30);
  assert.equal(p.hitsDue(3 * S), 60);
  assert.equal(p.hitsDue(4 * S), 90);
  // Hit i is due when the integral reaches i + 1: the first at 100 ms, the 10th at 1 s.
  assert.equal(p.intendedNs(0), 0.1 * S);
  assert.equal(p.intendedNs(9), 1 * S);
  assert.equal(p.intendedNs(10), 1.05 * S);
  assert.equal(p.intendedNs(59), 3 * S);
});

test('StepPacer: hitsDue and intendedNs agree for every hit (line schedule with a negative slope to 0)', () => {
  // ghz --load-schedule line --load-start 50 --load-step -10: 50, 40, ... 10, 0 then nothing.
  const p = new StepPacer({ startHz: 50, stepHz: -10, stepNs: S, endHz: 0, maxDurationNs: 0 });
  const total = 50 + 40 + 30 + 20 + 10;
  for (let i = 0; i < total; i++) {
    const t = p.intendedNs(i);
    assert.equal(p.hitsDue(t), i + 1, `hit ${i} at ${t}`);
  }
  assert.equal(p.intendedNs(total), Infinity, 'no hits once the rate is 0');
  assert.equal(p.hitsDue(100 * S), total);
});

test('StepPacer: --load-max-duration stops the changes at the rate reached', () => {
  const p = new StepPacer({ startHz: 100, stepHz: 100, stepNs: 0.5 * S, endHz: 0, maxDurationNs: 1 * S });
  assert.equal(p.rateHz(0.2 * S), 100);
  assert.equal(p.rateHz(0.7 * S), 200);
  assert.equal(p.rateHz(5 * S), 200);
  assert.equal(p.hitsDue(2 * S), 50 + 100 + 200);
});
