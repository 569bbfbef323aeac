// abortOnFail on live snapshots: measureLive reads rates over the run so far and latency from the
// whole-run views; LiveAbort judges only abortOnFail objectives, after their delay, on data it has.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiveAbort } from '../../src/engine/live-abort.js';
import { measureLive } from '../../src/results/slo-judge.js';
import { parseSlo } from '../../src/plan/slo-grammar.js';
import { sampleLatency, repeat } from '../reporters/fixtures.js';
import { snapshot } from '../reporters/live-fixture.js';
import type { Slo } from '../../src/core/slo.js';

const metric = (text: string) => parseSlo(text).metric;
const abortOn = (text: string, delayAbortNs = 0): Slo => ({ ...parseSlo(text), abortOnFail: true, delayAbortNs });

test('measureLive: rates over the run so far, latency from the views when present', () => {
  // The fixture: 3 s into the run, 300 results, 290 ok, 2 dropped.
  assert.equal(measureLive(metric('error-rate<1%'), snapshot), 10 / 300);
  assert.equal(measureLive(metric('errors<=9'), snapshot), 10);
  assert.equal(measureLive(metric('rps>=50'), snapshot), 100);
  assert.equal(measureLive(metric('p99<=1s'), snapshot), null, 'no views: no exact latency');
  const service = sampleLatency([...repeat(1e6, 99), 50e6]);
  const withViews = { ...snapshot, views: { service, response: null } };
  assert.equal(measureLive(metric('max<=1s'), withViews), 50e6);
  assert.equal(measureLive(metric('response.p99<=1s'), withViews), null, 'closed loop: no response time');
  assert.equal(measureLive(metric('error-rate<1%'), { ...snapshot, requests: 0, successes: 0 }), null);
});

test('LiveAbort: only abortOnFail objectives, after their delay, never on a metric without data', () => {
  const plain = parseSlo('error-rate<1%');
  assert.equal(new LiveAbort([plain]).active, false, 'an ordinary objective never aborts');
  const abort = new LiveAbort([plain, abortOn('rps>=50'), abortOn('error-rate<1%', 5e9)]);
  assert.equal(abort.failed(snapshot), null, '3 s in: the error-rate objective waits until 5 s');
  const later = abort.failed({ ...snapshot, elapsedNs: 6e9, requests: 600, successes: 580 });
  assert.equal(later?.slo.text, 'error-rate<1%');
  assert.equal(later?.measured, 20 / 600);
  assert.equal(new LiveAbort([abortOn('p99<=1ms')]).failed(snapshot), null, 'no data for it yet: no abort');
});
