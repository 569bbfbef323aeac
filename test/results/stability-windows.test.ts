/**
 * WindowCutter on synthetic live snapshots: a window's figures are the differences of the
 * cumulative counters and whole-run histograms between the snapshots that bound it, and the
 * level's tail merges the last windows; judgeStep and missedThrice decide find-max's steps on them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LiveSnapshot } from '../../src/core/live-snapshot.js';
import { LatencyAccumulator, LatencyDistribution } from '../../src/results/latency.js';
import { levelTail, WindowCutter, type WindowCut } from '../../src/results/stability-windows.js';
import { judgeStep, missedThrice, verdictsOn } from '../../src/results/find-max-result.js';
import { levelResultOf } from '../../src/results/range-result.js';
import { parseSlo } from '../../src/plan/slo-grammar.js';
import type { Nanos } from '../../src/core/units.js';

/** Run is a synthetic run: each second adds `n` results of `ms` latency (`failed` of them errors). */
class Run {
  readonly acc = new LatencyAccumulator();
  requests = 0;
  successes = 0;
  second = 0;

  tick(n: number, ms: number, failed = 0, cpuSeconds = 0.5): LiveSnapshot {
    for (let i = 0; i < n; i++) this.acc.record(ms * 1e6);
    this.requests += n;
    this.successes += n - failed;
    this.second++;
    const view = new LatencyDistribution(copy(this.acc));
    return {
      elapsedNs: this.second * 1e9, totalNs: 0, requests: this.requests, successes: this.successes, dropped: 0, inFlight: 0, bytesIn: 0, bytesOut: 0,
      statuses: [], errorKinds: [], buckets: [], latencySumNs: this.acc.totalNs, targetRateHz: null, vus: null, overall: null,
      recent: { seconds: 0, rps: 0, p50Ns: null, p99Ns: null }, workers: [], cpuSeconds: this.second * cpuSeconds,
      views: { service: view, response: null },
    };
  }
}

function copy(acc: LatencyAccumulator): LatencyAccumulator {
  const c = new LatencyAccumulator();
  c.add(acc);
  return c;
}

const near = (actual: number, expected: number, rel = 0.01) => assert.ok(Math.abs(actual - expected) <= rel * expected, `${actual} vs ${expected}`);

describe('WindowCutter', () => {
  it('cuts 2 s windows from 1 s snapshots, each with only its own results', () => {
    const run = new Run();
    const cutter = new WindowCutter({ kind: 'time', ns: 2e9 as Nanos });
    const cuts: WindowCut[] = [];
    // 100/s at 5 ms, then 100/s at 50 ms with 10 errors a second.
    for (const [n, ms, failed] of [[100, 5, 0], [100, 5, 0], [100, 50, 10], [100, 50, 10]] as const) {
      const cut = cutter.take(run.tick(n, ms, failed));
      if (cut !== null) cuts.push(cut);
    }
    assert.equal(cuts.length, 2);
    const [a, b] = cuts.map((c) => c.figures);
    assert.deepEqual([a.startNs, a.endNs, b.startNs, b.endNs], [0, 2e9, 2e9, 4e9]);
    assert.deepEqual([a.requests, a.errors, b.requests, b.errors], [200, 0, 200, 20]);
    near(a.throughputRps, 100);
    near(a.p99Ns, 5e6);
    near(b.p50Ns, 50e6);
    near(b.meanNs, 50e6); // the first window's 5 ms results are not in the second
    near(b.cpuCores, 0.5);
  });

  it('count windows end at the first snapshot with at least N new results', () => {
    const run = new Run();
    const cutter = new WindowCutter({ kind: 'count', requests: 250 });
    const ends = [100, 100, 100, 100, 100, 100].map((n) => cutter.take(run.tick(n, 5)) !== null);
    assert.deepEqual(ends, [false, false, true, false, false, true]);
  });

  it('the tail merges the last 3 windows; find-max judges the step on it', () => {
    const run = new Run();
    const cutter = new WindowCutter({ kind: 'time', ns: 1e9 as Nanos });
    const cuts: WindowCut[] = [];
    let last: LiveSnapshot | null = null;
    for (const ms of [200, 5, 5, 6]) {
      last = run.tick(100, ms);
      cuts.push(cutter.take(last)!);
    }
    const tail = levelTail(cuts, 3, last!);
    assert.equal(tail.windows, 3);
    assert.equal(tail.requests, 300);
    near(tail.throughputRps, 100);
    assert.ok(tail.p99Ns < 10e6, `the slow first window is not in the tail: p99 ${tail.p99Ns}`);
    const slos = [parseSlo('p99<=50ms'), parseSlo('error-rate<1%')];
    const verdicts = verdictsOn(slos, tail);
    assert.deepEqual(verdicts.map((v) => v.pass), [true, true]);
    const level = levelResultOf('rate', 100, cuts.map((c) => c.figures), tail, true);
    assert.equal(judgeStep(level, verdicts, false).pass, true);
    assert.equal(judgeStep(level, verdictsOn([parseSlo('p99<=5ms')], tail), false).reason, 'missed');
    assert.equal(missedThrice(slos, cuts, last!), false);
  });

  it('missedThrice: each of the last 3 windows misses on its own', () => {
    const run = new Run();
    const cutter = new WindowCutter({ kind: 'time', ns: 1e9 as Nanos });
    const cuts: WindowCut[] = [];
    let last: LiveSnapshot | null = null;
    for (const ms of [5, 60, 120, 180]) {
      last = run.tick(100, ms);
      cuts.push(cutter.take(last)!);
    }
    const slos = [parseSlo('p99<=50ms')];
    assert.equal(missedThrice(slos, cuts, last!), true);
    assert.equal(missedThrice(slos, cuts.slice(0, 3), last!), false);
  });
});
