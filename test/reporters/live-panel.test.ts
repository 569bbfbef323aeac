import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generatorWarning, liveLogLine, livePanel } from '../../src/reporters/live-panel.js';
import { snapshot } from './live-fixture.js';

describe('livePanel', () => {
  it('shows progress, target and achieved rate, recent percentiles, errors by kind, in flight, dropped and worker load', () => {
    assert.deepEqual(livePanel(snapshot, { title: 'loadgen infer http://x' }), [
      'loadgen infer http://x  [#########---------------------] 3s / 10s  30%',
      'rate     target 100/s   achieved 100/s (last 3s)',
      'latency  p50 3ms   p99 9ms (last 3s)',
      'results  290 ok   10 errors (status 10)   in flight 4   dropped 2',
      'workers  busy 20%   send lateness p99 100µs',
    ]);
  });

  it('warns when a worker is nearly always busy or sends late', () => {
    assert.equal(generatorWarning(snapshot), null);
    const busy = { ...snapshot, workers: [{ busy: 0.2, latenessP99Ns: 0 }, { busy: 0.97, latenessP99Ns: 0 }] };
    assert.match(generatorWarning(busy) ?? '', /worker 2 is 97% busy/);
    assert.match(livePanel(busy, { title: 't' }).at(-1) ?? '', /^! generator-bound/);
    const late = { ...snapshot, workers: [{ busy: 0.5, latenessP99Ns: 7e6 }] };
    assert.match(generatorWarning(late) ?? '', /sends 7ms late/);
  });

  it('logs one line off a terminal', () => {
    assert.equal(liveLogLine(snapshot), '3s/10s: 300 done, 100/s, p50 3ms p99 9ms, 10 errors, 2 dropped, 4 in flight');
  });
});
