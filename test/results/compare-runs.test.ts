/**
 * compareRuns on populations drawn from known distributions: a known shift is found (its interval
 * excludes 0 and covers the shift), no shift is not "found", the 95 % intervals cover the true
 * difference about 95 % of the time, a seed reproduces a comparison, rounds are redrawn from three
 * per side (so round-to-round noise widens the interval), and bad input is one UsageError.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { compareRuns, type ComparedStatistic, type Comparison } from '../../src/results/compare-runs.js';
import { seededRandom } from '../../src/core/seeded-random.js';
import { drawValues, sourcedRun } from './compare-fixtures.js';

const MS = 1e6;
const OPTIONS = { resamples: 1000, confidence: 0.95, seed: 1 };

/** stat finds one statistic of a comparison, e.g. stat(c, 'service', 'p50'). */
function stat(c: Comparison, metric: ComparedStatistic['metric'], statistic: ComparedStatistic['statistic']): ComparedStatistic {
  const s = c.statistics.find((x) => x.metric === metric && x.statistic === statistic);
  assert.ok(s !== undefined, `${metric} ${statistic}`);
  return s;
}

/** side draws one record of n values: 2 ms plus shiftMs plus an exponential tail of mean 0.3 ms. */
function side(name: string, n: number, shiftMs: number, random: () => number) {
  return sourcedRun(name, { service: drawValues(n, (2 + shiftMs) * MS, 0.3 * MS, random) });
}

describe('compareRuns finds a known shift, and no shift when there is none', () => {
  // [B's shift over A in ms, the outcome expected at mean, p50, p90]
  const table: Array<[shiftMs: number, outcome: ComparedStatistic['outcome']]> = [
    [0.5, 'higher'],
    [0.1, 'higher'],
    [-0.2, 'lower'],
    [0, 'none'],
  ];
  for (const [shiftMs, outcome] of table) {
    it(`B shifted by ${shiftMs} ms: ${outcome}`, () => {
      const random = seededRandom(11);
      const c = compareRuns([side('a', 5000, 0, random)], [side('b', 5000, shiftMs, random)], OPTIONS);
      for (const name of ['mean', 'p50', 'p90'] as const) {
        const s = stat(c, 'service', name);
        assert.equal(s.outcome, outcome, `${name}: ${JSON.stringify(s)}`);
        assert.equal(s.method, 'bootstrap-requests');
        assert.ok(s.ci !== null && s.ci.low <= shiftMs * MS + 5000 && s.ci.high >= shiftMs * MS - 5000, `${name} CI misses the shift: ${JSON.stringify(s.ci)}`);
        assert.ok(s.ci.low <= s.diff && s.diff <= s.ci.high, `${name}: the estimate lies in its interval`);
      }
    });
  }
});

describe('compareRuns on one record per side', () => {
  it('reports A and B as the records report them (exact mean, HDR percentiles)', () => {
    const random = seededRandom(5);
    const a = side('a', 3000, 0, random);
    const b = side('b', 3000, 1, random);
    const c = compareRuns([a], [b], OPTIONS);
    assert.equal(stat(c, 'service', 'mean').a, a.run.latency.meanNs);
    for (const [name, q] of [['p50', 0.5], ['p90', 0.9], ['p99', 0.99]] as const) {
      assert.equal(stat(c, 'service', name).a, a.run.latency.quantileNs(q), name);
      assert.equal(stat(c, 'service', name).b, b.run.latency.quantileNs(q), name);
    }
    const mean = stat(c, 'service', 'mean');
    assert.equal(mean.diff, mean.b - mean.a);
    assert.ok(Math.abs(mean.relPct! - (100 * mean.diff) / mean.a) < 1e-9);
  });

  it('compares response time only when every record has it', () => {
    const random = seededRandom(6);
    const withResponse = (name: string) => sourcedRun(name, { service: drawValues(500, 2 * MS, 0.2 * MS, random), response: drawValues(500, 3 * MS, 0.2 * MS, random) });
    const both = compareRuns([withResponse('a')], [withResponse('b')], OPTIONS);
    assert.deepEqual(both.statistics.map((s) => `${s.metric} ${s.statistic}`), [
      'service mean', 'service p50', 'service p90', 'service p99',
      'response mean', 'response p50', 'response p90', 'response p99',
      'throughput throughput',
    ]);
    const one = compareRuns([withResponse('a')], [side('b', 500, 0, random)], OPTIONS);
    assert.ok(one.statistics.every((s) => s.metric !== 'response'));
  });

  it('is reproducible per seed, and another seed moves the intervals', () => {
    const random = seededRandom(9);
    const [a, b] = [side('a', 2000, 0, random), side('b', 2000, 0.1, random)];
    const run = (seed: number) => compareRuns([a], [b], { ...OPTIONS, seed });
    assert.deepEqual(run(1), run(1));
    assert.notDeepEqual(stat(run(1), 'service', 'mean').ci, stat(run(2), 'service', 'mean').ci);
  });

  it('throughput: an interval from the full seconds, none from too few', () => {
    const random = seededRandom(4);
    const rec = (name: string, perSecond: number[]) => sourcedRun(name, { service: drawValues(100, 2 * MS, 0.1 * MS, random), perSecond });
    const c = compareRuns([rec('a', [50, 100, 98, 102, 100, 99, 101, 50])], [rec('b', [60, 120, 118, 122, 121, 119, 120, 60])], OPTIONS);
    const t = stat(c, 'throughput', 'throughput');
    assert.equal(t.method, 'bootstrap-seconds');
    assert.equal(t.outcome, 'higher');
    const short = stat(compareRuns([rec('a', [50, 100, 50])], [rec('b', [50, 100, 50])], OPTIONS), 'throughput', 'throughput');
    assert.equal(short.ci, null);
    assert.equal(short.outcome, 'unknown');
  });
});

describe('coverage: 95 % intervals cover the true difference about 95 % of the time', () => {
  it('p50 and mean of a 0.2 ms shift, over 40 independent pairs of samples', () => {
    const trials = 40;
    let coveredMean = 0;
    let coveredP50 = 0;
    let meanWidthNs = 0;
    for (let t = 0; t < trials; t++) {
      const random = seededRandom(1000 + t);
      const c = compareRuns([side('a', 1500, 0, random)], [side('b', 1500, 0.2, random)], { ...OPTIONS, resamples: 400, seed: t });
      const covers = (s: ComparedStatistic, truth: number) => s.ci !== null && s.ci.low <= truth && truth <= s.ci.high;
      // The true shift, give or take the HDR bucket (about 2 µs at 2 ms).
      const mean = stat(c, 'service', 'mean');
      if (covers(mean, 0.2 * MS)) coveredMean++;
      meanWidthNs += mean.ci!.high - mean.ci!.low;
      const p50 = stat(c, 'service', 'p50');
      if (p50.ci !== null && p50.ci.low <= 0.2 * MS + 2048 && p50.ci.high >= 0.2 * MS - 2048) coveredP50++;
    }
    // 95 % of 40 is 38; a binomial(40, 0.95) falls below 34 with probability under 1 %.
    assert.ok(coveredMean >= 34, `mean covered in ${coveredMean} of ${trials}`);
    assert.ok(coveredP50 >= 34, `p50 covered in ${coveredP50} of ${trials}`);
    // Covering by being wide is no merit: the mean's interval should be about 2 x 1.96 standard
    // errors of the difference, 0.3 ms x sqrt(2 / 1500) each, i.e. about 0.043 ms wide.
    const widthMs = meanWidthNs / trials / MS;
    assert.ok(widthMs > 0.035 && widthMs < 0.052, `mean interval ${widthMs} ms wide on average`);
  });
});

describe('coverage over rounds: the widened interval covers the true difference despite round-to-round noise', () => {
  it('p50 of a 0.1 ms shift, rounds wandering by 0.05 ms (sd), 40 trials of 3 and of 5 rounds per side', () => {
    for (const rounds of [3, 5]) {
      let covered = 0;
      for (let t = 0; t < 40; t++) {
        const random = seededRandom(5000 + t);
        const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
        const sideOf = (shiftMs: number) =>
          Array.from({ length: rounds }, (_, i) => sourcedRun(`r${i}`, { service: drawValues(300, (2 + shiftMs + 0.05 * gauss()) * MS, 0.3 * MS, random), perSecond: [50, 100, 100, 50] }));
        const p50 = stat(compareRuns(sideOf(0), sideOf(0.1), { ...OPTIONS, resamples: 400, seed: t }), 'service', 'p50');
        if (p50.ci!.low <= 0.1 * MS + 2048 && p50.ci!.high >= 0.1 * MS - 2048) covered++;
      }
      // A plain (unwidened) percentile interval covers in only about 33 of these 40.
      assert.ok(covered >= 35, `${rounds} rounds: covered in ${covered} of 40`);
    }
  });
});

describe('compareRuns over rounds', () => {
  /** rounds draws one record per base (ms), 1000 values each. */
  const rounds = (name: string, basesMs: readonly number[], random: () => number) =>
    basesMs.map((base, i) => sourcedRun(`${name}${i + 1}`, { service: drawValues(1000, base * MS, 0.2 * MS, random), perSecond: [50, 100, 100, 100, 50] }));

  it('redraws rounds from three per side, and round-to-round noise widens the interval', () => {
    const random = seededRandom(21);
    // The rounds wander by ±0.2 ms; B's are 0.1 ms slower on average.
    const a = rounds('a', [2.0, 2.4, 2.2], random);
    const b = rounds('b', [2.3, 2.1, 2.5], random);
    const byRounds = stat(compareRuns(a, b, OPTIONS), 'service', 'p50');
    assert.equal(byRounds.method, 'bootstrap-rounds');
    assert.equal(byRounds.outcome, 'none', JSON.stringify(byRounds.ci));
    // The same requests pooled into one record per side hide the noise: a narrow interval, a "difference".
    const pooled = (rs: typeof a, name: string) => sourcedRun(name, { service: rs.flatMap((r) => valuesOf(r.run.latency)) });
    const byRequests = stat(compareRuns([pooled(a, 'a')], [pooled(b, 'b')], OPTIONS), 'service', 'p50');
    assert.equal(byRequests.method, 'bootstrap-requests');
    const width = (s: ComparedStatistic) => s.ci!.high - s.ci!.low;
    assert.ok(width(byRounds) > 3 * width(byRequests), `${width(byRounds)} vs ${width(byRequests)}`);
  });

  it('falls back to requests with fewer than three rounds on a side', () => {
    const random = seededRandom(22);
    const c = compareRuns(rounds('a', [2, 2, 2], random), rounds('b', [2.5, 2.5], random), OPTIONS);
    assert.ok(!c.resampledRounds);
    assert.equal(stat(c, 'service', 'p50').method, 'bootstrap-requests');
    assert.equal(stat(c, 'service', 'p50').outcome, 'higher');
  });

  it('finds a shift that holds in every round', () => {
    const random = seededRandom(23);
    const c = compareRuns(rounds('a', [2.0, 2.1, 2.05], random), rounds('b', [2.5, 2.6, 2.55], random), OPTIONS);
    const p50 = stat(c, 'service', 'p50');
    assert.equal(p50.outcome, 'higher');
    assert.ok(p50.ci!.low > 0.3 * MS && p50.ci!.high < 0.7 * MS, JSON.stringify(p50.ci));
    assert.equal(stat(c, 'throughput', 'throughput').method, 'bootstrap-rounds');
  });
});

describe('compareRuns refuses what cannot be compared', () => {
  const random = seededRandom(30);
  const ok = side('ok.json', 100, 0, random);
  const table: Array<[name: string, run: () => unknown, message: RegExp]> = [
    ['an empty side', () => compareRuns([ok], [], OPTIONS), /at least one record per side/],
    ['two protocols', () => compareRuns([ok], [sourcedRun('g.json', { service: [1e6], protocol: 'grpc' })], OPTIONS), /g\.json is of protocol grpc but ok\.json of http/],
    ['a record without results', () => compareRuns([ok], [sourcedRun('empty.json', { service: [] })], OPTIONS), /empty\.json has no results/],
  ];
  for (const [name, run, message] of table) {
    it(name, () => assert.throws(run, (err: unknown) => err instanceof UsageError && message.test(err.message)));
  }
});

/** valuesOf lists a distribution's values back at bucket precision (enough to pool rounds). */
function valuesOf(d: import('../../src/results/latency.js').LatencyDistribution): number[] {
  const { valuesNs, counts } = d.recordedBuckets();
  return Array.from(valuesNs).flatMap((v, i) => new Array<number>(counts[i]).fill(v));
}
