import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import {
  formatLatencyModel,
  NO_LATENCY,
  parseLatencyModel,
  sampleLatencyNs,
  type LatencyModel,
} from '../../src/servers/latency-model.js';

const MS = 1e6;

describe('parseLatencyModel', () => {
  const good: Array<[text: string, model: LatencyModel]> = [
    ['10ms', { kind: 'fixed', delayNs: 10 * MS } as LatencyModel],
    ['1.5ms', { kind: 'fixed', delayNs: 1.5 * MS } as LatencyModel],
    ['250us', { kind: 'fixed', delayNs: 250_000 } as LatencyModel],
    ['fixed:2s', { kind: 'fixed', delayNs: 2000 * MS } as LatencyModel],
    [' 10ms ', { kind: 'fixed', delayNs: 10 * MS } as LatencyModel],
    ['0', NO_LATENCY],
    ['0ms', NO_LATENCY],
    ['none', NO_LATENCY],
    ['uniform:5ms-15ms', { kind: 'uniform', minNs: 5 * MS, maxNs: 15 * MS } as LatencyModel],
    ['uniform:1ms-1ms', { kind: 'uniform', minNs: 1 * MS, maxNs: 1 * MS } as LatencyModel],
    ['normal:10ms,2ms', { kind: 'normal', meanNs: 10 * MS, stddevNs: 2 * MS } as LatencyModel],
    ['NORMAL:10ms,0s', { kind: 'normal', meanNs: 10 * MS, stddevNs: 0 } as LatencyModel],
    ['exp:5ms', { kind: 'exp', meanNs: 5 * MS } as LatencyModel],
  ];
  for (const [text, model] of good) {
    it(`reads ${JSON.stringify(text)}`, () => assert.deepEqual(parseLatencyModel(text), model));
  }

  const bad = ['', '10', 'ten ms', '-5ms', 'uniform:5ms', 'uniform:15ms-5ms', 'uniform:5ms-10ms-15ms', 'normal:10ms', 'normal:10ms,-1ms', 'exp:', 'gamma:5ms', 'uniform:a-b'];
  for (const text of bad) {
    it(`rejects ${JSON.stringify(text)} with a one-line UsageError listing the forms`, () => {
      assert.throws(
        () => parseLatencyModel(text, '--server-latency'),
        (err: unknown) =>
          err instanceof UsageError &&
          err.message.startsWith('--server-latency: invalid latency model') &&
          err.message.includes('uniform:5ms-15ms') &&
          err.message.includes('normal:10ms,2ms') &&
          err.message.includes('exp:5ms') &&
          !err.message.includes('\n'),
      );
    });
  }
});

describe('sampleLatencyNs', () => {
  const fixedRandom = (values: number[]): (() => number) => {
    let i = 0;
    return () => values[i++ % values.length];
  };

  it('none is 0 and fixed is the delay', () => {
    assert.equal(sampleLatencyNs(NO_LATENCY), 0);
    assert.equal(sampleLatencyNs(parseLatencyModel('10ms')), 10 * MS);
  });

  it('uniform maps [0, 1) onto [min, max)', () => {
    const m = parseLatencyModel('uniform:5ms-15ms');
    assert.equal(sampleLatencyNs(m, fixedRandom([0])), 5 * MS);
    assert.equal(sampleLatencyNs(m, fixedRandom([0.5])), 10 * MS);
    assert.equal(sampleLatencyNs(m, fixedRandom([0.25])), 7.5 * MS);
  });

  it('exp with u = 1 - 1/e gives the mean', () => {
    const m = parseLatencyModel('exp:5ms');
    assert.ok(Math.abs(sampleLatencyNs(m, fixedRandom([1 - Math.exp(-1)])) - 5 * MS) < 1);
    assert.equal(sampleLatencyNs(m, fixedRandom([0])), 0);
  });

  it('normal clamps negative samples at 0', () => {
    // u1 close to 0 gives a large |z|; cos(2*pi*0.5) = -1 makes it negative.
    const m = parseLatencyModel('normal:1ms,10ms');
    assert.equal(sampleLatencyNs(m, fixedRandom([0.999, 0.5])), 0);
  });

  it('sample means and spreads match the parameters (10k draws)', () => {
    const stats = (model: LatencyModel): { mean: number; sd: number; min: number } => {
      let sum = 0;
      let sq = 0;
      let min = Infinity;
      const n = 10_000;
      for (let i = 0; i < n; i++) {
        const v = sampleLatencyNs(model) / MS;
        sum += v;
        sq += v * v;
        min = Math.min(min, v);
      }
      const mean = sum / n;
      return { mean, sd: Math.sqrt(sq / n - mean * mean), min };
    };
    const normal = stats(parseLatencyModel('normal:10ms,2ms'));
    assert.ok(Math.abs(normal.mean - 10) < 0.2, `normal mean ${normal.mean}`);
    assert.ok(Math.abs(normal.sd - 2) < 0.2, `normal sd ${normal.sd}`);
    const exp = stats(parseLatencyModel('exp:5ms'));
    assert.ok(Math.abs(exp.mean - 5) < 0.3, `exp mean ${exp.mean}`);
    assert.ok(exp.min >= 0);
    const uniform = stats(parseLatencyModel('uniform:5ms-15ms'));
    assert.ok(Math.abs(uniform.mean - 10) < 0.2, `uniform mean ${uniform.mean}`);
    assert.ok(uniform.min >= 5);
  });
});

describe('formatLatencyModel', () => {
  for (const text of ['none', '10ms', '0.25ms', 'uniform:5ms-15ms', 'normal:10ms,2ms', 'exp:5ms']) {
    it(`round-trips ${text}`, () => {
      assert.equal(formatLatencyModel(parseLatencyModel(text)), text);
    });
  }
});
