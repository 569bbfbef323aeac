/**
 * k6's execution-segment arithmetic as loadgen splits a test over `--shard i/N`: counts (VUs,
 * iterations, connections, caps) by ExecutionTuple.ScaleInt64 over the equal sequence
 * 0, 1/N, ..., 1 (element g to segment g mod N), and open-loop hits interleaved, segment first,
 * then worker threads inside it. The tables are hand-computed; the sums are checked exactly for
 * awkward N and totals. Plus the flags that set a segment, as a user types them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { globalHit, segmentShare, splitPlan } from '../../src/engine/shard.js';
import { buildAttackPlan } from '../../src/plan/attack-plan.js';
import { segmentOf } from '../../src/plan/shard-flags.js';
import { ConstantPacer } from '../../src/pacing/constant-pacer.js';
import { parseRate } from '../../src/core/units.js';
import { UsageError } from '../../src/core/errors.js';
import type { AttackFlags } from '../../src/plan/attack-flags.js';

const seg = (index: number, count: number) => ({ index, count });
const shares = (n: number, count: number) => Array.from({ length: count }, (_, i) => segmentShare(n, seg(i, count)));

test('counts split as k6 ScaleInt64 does with a segment sequence: remainder to the first segments, sum exact', () => {
  // [total, N, per-segment shares]
  const table: Array<[number, number, number[]]> = [
    [1000, 3, [334, 333, 333]], // rate 1000/s: hits per whole second
    [10, 4, [3, 3, 2, 2]], // vus 10 over 4 (k6 without a sequence would give 3, 2, 3, 2)
    [7, 3, [3, 2, 2]], // iterations 7 over 3
    [1, 5, [1, 0, 0, 0, 0]],
    [0, 3, [0, 0, 0]],
    [12, 1, [12]],
  ];
  for (const [n, count, want] of table) assert.deepEqual(shares(n, count), want, `${n} over ${count}`);
  for (const count of [1, 2, 3, 7, 13, 64]) {
    for (const n of [0, 1, 2, 99, 100, 101, 1000, 65537]) {
      assert.equal(shares(n, count).reduce((a, b) => a + b, 0), n, `${n} over ${count} sums to ${n}`);
    }
  }
});

/** hitsOf lists what every worker of every segment sends of the first `total` hits: [hit, segment, worker]. */
function hitsOf(flags: Partial<AttackFlags>, count: number, total: number): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  for (let s = 0; s < count; s++) {
    const plan = buildAttackPlan({ url: 'http://127.0.0.1:9/', shard: `${s}/${count}`, ...flags } as AttackFlags);
    for (const shard of splitPlan(plan)) {
      for (let j = shard.index; ; j += shard.count) {
        const g = globalHit(shard.segment, j);
        if (g >= total) break;
        out.push([g, s, shard.index]);
      }
    }
  }
  return out.sort((a, b) => a[0] - b[0]);
}

test('open-loop hits interleave: segment s of N sends hits s, s+N, ... at the whole test’s intended times', () => {
  // 2 workers per process, 3 processes: hit g goes to segment g mod 3, worker (g div 3) mod 2.
  const hits = hitsOf({ rate: '1000', workers: 2 }, 3, 8);
  assert.deepEqual(hits, [
    [0, 0, 0],
    [1, 1, 0],
    [2, 2, 0],
    [3, 0, 1],
    [4, 1, 1],
    [5, 2, 1],
    [6, 0, 0],
    [7, 1, 0],
  ]);
  // The union over awkward splits is exactly the whole: each hit once.
  for (const [count, workers] of [[3, 2], [4, 3], [7, 1], [5, 4]]) {
    const all = hitsOf({ rate: '1000', workers }, count, 1000).map((h) => h[0]);
    assert.deepEqual(all, Array.from({ length: 1000 }, (_, g) => g), `${count} shards x ${workers} workers`);
  }
  // Times are the unsharded pacer's: 1000/s puts hit g at (g+1) ms, whichever shard sends it.
  const pacer = new ConstantPacer(parseRate('1000'));
  assert.equal(pacer.intendedNs(globalHit(seg(2, 3), 1)), 6e6);
});

test('a sharded plan keeps the whole test and says what this shard offers; closed loop splits users then workers', () => {
  const plan = buildAttackPlan({ url: 'http://127.0.0.1:9/', vus: 10, iterations: 70, workers: 2, shard: '3/4' } as AttackFlags);
  assert.deepEqual(plan.segment, { index: 3, count: 4 });
  assert.equal(plan.load.kind === 'closed' && plan.load.vus, 10);
  assert.equal(plan.meta.vus, 2);
  const shards = splitPlan(plan);
  assert.deepEqual(shards.map((s) => s.vus), [1, 1]);
  assert.deepEqual(shards.map((s) => s.iterations), [17, 17]); // 70 over 4: 18, 18, 17, 17; the process-wide counter stops at 17
  // A connection cap is a resource: each shard keeps at least one (grpc's default is one per core).
  assert.equal(splitPlan(buildAttackPlan({ url: 'http://127.0.0.1:9/', rate: '100', connections: 2, shard: '2/3' } as AttackFlags))[0].connections, 1);
  const open = buildAttackPlan({ url: 'http://127.0.0.1:9/', rate: '1000', shard: '1/3' } as AttackFlags);
  assert.equal(open.meta.rateHz, 1000 / 3);
});

test('--shard and --shard-from-env: 0-based i, N from --shards or LOADGEN_SHARDS, one-line errors', () => {
  assert.deepEqual(segmentOf({ shard: '0/3' }, {}), seg(0, 3));
  assert.equal(segmentOf({}, { JOB_COMPLETION_INDEX: '2' }), null);
  assert.deepEqual(segmentOf({ shardFromEnv: true }, { JOB_COMPLETION_INDEX: '2', LOADGEN_SHARDS: '3' }), seg(2, 3));
  assert.deepEqual(segmentOf({ shardFromEnv: true, shards: 5 }, { JOB_COMPLETION_INDEX: '4', LOADGEN_SHARDS: '3' }), seg(4, 5));
  const bad: Array<[Parameters<typeof segmentOf>[0], NodeJS.ProcessEnv, RegExp]> = [
    [{ shard: '3/3' }, {}, /0-based \(0\.\.2\)/],
    [{ shard: '1of3' }, {}, /not i\/N/],
    [{ shard: '0/0' }, {}, /at least 1/],
    [{ shardFromEnv: true }, { LOADGEN_SHARDS: '3' }, /JOB_COMPLETION_INDEX is not set/],
    [{ shardFromEnv: true }, { JOB_COMPLETION_INDEX: '0' }, /give --shards N or \$LOADGEN_SHARDS/],
    [{ shardFromEnv: true, shard: '0/2' }, { JOB_COMPLETION_INDEX: '0' }, /exclude each other/],
  ];
  for (const [flags, env, message] of bad) {
    assert.throws(() => segmentOf(flags, env), (e: unknown) => e instanceof UsageError && message.test(e.message) && !e.message.includes('\n'));
  }
  assert.throws(
    () => buildAttackPlan({ url: 'http://127.0.0.1:9/', vus: 2, shard: '2/3' } as AttackFlags),
    /shard 2\/3: the virtual users \(--vus, -c\) 2 leaves this shard none; use at most 2 shards/,
  );
  assert.throws(() => buildAttackPlan({ url: 'http://127.0.0.1:9/', startBarrier: '/tmp/x' } as AttackFlags), /--start-barrier waits for N shards/);
  const at = buildAttackPlan({ url: 'http://127.0.0.1:9/', startAt: '2026-12-03T15:00:00.250Z' } as AttackFlags);
  assert.deepEqual(at.startGate, { kind: 'at', unixMs: Date.UTC(2026, 11, 3, 15, 0, 0, 250) });
  assert.deepEqual(buildAttackPlan({ url: 'http://127.0.0.1:9/', startAt: '1796310000.5' } as AttackFlags).startGate, { kind: 'at', unixMs: 1796310000500 });
});
