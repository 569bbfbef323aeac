// Which runs skip the worker pool: one shard stopped by a small request count runs on the main
// thread (a worker's start-up would be most of such a run); everything else gets worker threads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitPlan } from '../../src/engine/shard.js';
import { MAIN_THREAD_MAX_REQUESTS, onMainThread } from '../../src/engine/shard-host.js';
import { buildAttackPlan } from '../../src/plan/attack-plan.js';
import type { AttackFlags } from '../../src/plan/attack-flags.js';

const url = 'http://127.0.0.1:9/';
const shardsOf = (f: Partial<AttackFlags>) => splitPlan(buildAttackPlan({ url, ...f } as AttackFlags));

test('a single shard with a small request count runs on the main thread, anything else on workers', () => {
  const cases: [Partial<AttackFlags>, boolean][] = [
    [{ vus: 1, iterations: 1 }, true],
    [{ vus: 1, iterations: MAIN_THREAD_MAX_REQUESTS }, true],
    [{ vus: 1, iterations: MAIN_THREAD_MAX_REQUESTS + 1 }, false],
    [{ vus: 1, duration: '5s' }, false],
    [{ rate: '100', duration: '1s', workers: 1 }, false],
    [{ vus: 4, iterations: 10, workers: 2 }, false],
    [{ vus: 4, iterations: 10, workers: 1 }, true],
  ];
  for (const [flags, expected] of cases) assert.equal(onMainThread(shardsOf(flags)), expected, JSON.stringify(flags));
});
