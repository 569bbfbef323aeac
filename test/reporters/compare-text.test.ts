/**
 * The comparison's words and figures: each outcome's verdict line (latency up or down, throughput
 * up or down, no difference, no interval), the unit formatting, the text report's table and the
 * JSON report's fields.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ComparedStatistic, Comparison } from '../../src/results/compare-runs.js';
import { compareVerdict, formatPct, formatValue } from '../../src/reporters/compare-verdict.js';
import { compareText } from '../../src/reporters/compare-text.js';
import { COMPARE_SCHEMA, compareJson } from '../../src/reporters/compare-json.js';

const MS = 1e6;

/** latency builds a compared latency statistic from ms figures; rel figures in %. */
function latency(statistic: ComparedStatistic['statistic'], a: number, b: number, ci: [number, number], relCi: [number, number], metric: ComparedStatistic['metric'] = 'service'): ComparedStatistic {
  const outcome = ci[0] > 0 ? 'higher' : ci[1] < 0 ? 'lower' : 'none';
  return {
    metric, statistic, unit: 'ns', method: 'bootstrap-rounds', a: a * MS, b: b * MS, diff: (b - a) * MS,
    ci: { low: ci[0] * MS, high: ci[1] * MS }, relPct: (100 * (b - a)) / a, relCi: { low: relCi[0], high: relCi[1] }, outcome,
  };
}

function throughput(a: number, b: number, ci: [number, number] | null, relCi: [number, number] | null): ComparedStatistic {
  const outcome = ci === null ? 'unknown' : ci[0] > 0 ? 'higher' : ci[1] < 0 ? 'lower' : 'none';
  return {
    metric: 'throughput', statistic: 'throughput', unit: 'per_s', method: 'bootstrap-seconds', a, b, diff: b - a,
    ci: ci === null ? null : { low: ci[0], high: ci[1] }, relPct: (100 * (b - a)) / a, relCi: relCi === null ? null : { low: relCi[0], high: relCi[1] }, outcome,
  };
}

describe('compareVerdict', () => {
  const table: Array<[ComparedStatistic, string]> = [
    [latency('p50', 2, 4.03, [1.91, 2.15], [95, 107]), 'B adds 2.03ms at p50 [1.91ms, 2.15ms] (+101.5%)'],
    [latency('p99', 10, 9.69, [-0.42, -0.2], [-4.2, -2]), 'B is 3.10% faster at p99 [2.00%, 4.20%] (-310.0µs [-420.0µs, -200.0µs])'],
    [latency('p99', 10, 10.1, [-0.4, 0.6], [-4, 6]), 'no difference detected at p99: [-400.0µs, +600.0µs]'],
    [latency('mean', 3, 5, [1.5, 2.5], [50, 83], 'response'), 'B adds 2.00ms at response mean [1.50ms, 2.50ms] (+66.7%)'],
    [throughput(100, 110, [8, 12], [8, 12]), 'B has 10.0% more throughput [8.00%, 12.0%] (+10.00/s [+8.00/s, +12.00/s])'],
    [throughput(100, 95, [-6, -4], [-6, -4]), 'B has 5.00% less throughput [4.00%, 6.00%] (-5.00/s [-6.00/s, -4.00/s])'],
    [throughput(100, 100.1, [-0.5, 0.7], [-0.5, 0.7]), 'no difference detected in throughput: [-0.50/s, +0.70/s]'],
    [throughput(100, 100, null, null), 'no interval for throughput: too few full seconds to resample (record 3 or more rounds per side)'],
  ];
  for (const [s, line] of table) it(line, () => assert.equal(compareVerdict(s), line));
});

describe('formatValue and formatPct', () => {
  const table: Array<[value: number, unit: ComparedStatistic['unit'], signed: boolean, text: string]> = [
    [2.034 * MS, 'ns', false, '2.03ms'],
    [0.4 * MS, 'ns', true, '+400.0µs'],
    [-0.4 * MS, 'ns', true, '-400.0µs'],
    [1.5e9, 'ns', false, '1.500s'],
    [750, 'ns', true, '+750ns'],
    [0, 'ns', true, '0ns'],
    [99.987, 'per_s', false, '99.99/s'],
    [-0.001, 'per_s', true, '0.00/s'],
  ];
  for (const [value, unit, signed, text] of table) it(`${value} ${unit} -> ${text}`, () => assert.equal(formatValue(value, unit, signed), text));
  it('percentages: two decimals under 10 %, one above', () => {
    assert.equal(formatPct(3.14159, true), '+3.14%');
    assert.equal(formatPct(-31.4159, true), '-31.4%');
    assert.equal(formatPct(5), '5.00%');
  });
});

const COMPARISON: Comparison = {
  sourcesA: ['a1.json', 'a2.json', 'a3.json'],
  sourcesB: ['b1.json', 'b2.json', 'b3.json'],
  resampledRounds: true,
  resamples: 2000,
  confidence: 0.95,
  seed: 1,
  statistics: [latency('p50', 2, 4.03, [1.91, 2.15], [95, 107]), throughput(100, 100.1, [-0.5, 0.7], [-0.5, 0.7])],
};

describe('compareText', () => {
  const text = compareText(COMPARISON);
  it('names the sides and the method', () => {
    assert.match(text, /^A: 3 rounds: a1\.json, a2\.json, a3\.json\nB: 3 rounds: b1\.json/);
    assert.match(text, /95% bootstrap percentile intervals, 2000 resamples, seed 1/);
    assert.match(text, /bootstrap-rounds: bootstrap over rounds/);
  });
  it('tabulates A, B, B-A and its intervals, aligned', () => {
    const lines = text.split('\n');
    const head = lines.find((l) => l.startsWith('Statistic'))!;
    const p50 = lines.find((l) => l.startsWith('p50'))!;
    assert.match(p50, /^p50\s+2\.00ms\s+4\.03ms\s+\+2\.03ms\s+\[\+1\.91ms, \+2\.15ms\]\s+\+101\.5%\s+\[\+95\.0%, \+107\.0%\]$/);
    assert.equal(p50.indexOf('+2.03ms'), head.indexOf('B-A'));
  });
  it('ends with one verdict per statistic', () => {
    assert.ok(text.endsWith('B adds 2.03ms at p50 [1.91ms, 2.15ms] (+101.5%)\nno difference detected in throughput: [-0.50/s, +0.70/s]\n'));
  });
});

describe('compareJson', () => {
  it('carries per statistic a, b, diff, ci_low, ci_high, method and verdict', () => {
    const doc = JSON.parse(compareJson(COMPARISON));
    assert.equal(doc.schema, COMPARE_SCHEMA);
    assert.deepEqual(doc.a, COMPARISON.sourcesA);
    const p50 = doc.statistics[0];
    assert.deepEqual(
      { name: p50.name, a: p50.a, b: p50.b, ci_low: p50.ci_low, ci_high: p50.ci_high, method: p50.method, outcome: p50.outcome, verdict: p50.verdict },
      { name: 'p50', a: 2 * MS, b: 4.03 * MS, ci_low: 1.91 * MS, ci_high: 2.15 * MS, method: 'bootstrap-rounds', outcome: 'higher', verdict: 'B adds 2.03ms at p50 [1.91ms, 2.15ms] (+101.5%)' },
    );
    assert.ok(Math.abs(p50.diff - 2.03 * MS) < 1e-6);
    assert.ok(typeof doc.methods['bootstrap-rounds'] === 'string' && typeof doc.methods['bootstrap-seconds'] === 'string');
  });
});
