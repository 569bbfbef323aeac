/** parseRangeSpec as a table: the level lists a range gives, and the one line a bad spec gets. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { parseRangeSpec } from '../../src/plan/range-spec.js';

describe('parseRangeSpec', () => {
  const users = { integer: true };
  const rates = { integer: false };
  const cases: Array<[spec: string, o: { integer: boolean }, levels: number[]]> = [
    ['1:64:x2', users, [1, 2, 4, 8, 16, 32, 64]],
    ['1:50:x2', users, [1, 2, 4, 8, 16, 32]], // END bounds, it is not added
    ['8:32:+8', users, [8, 16, 24, 32]],
    ['4:4:+1', users, [4]],
    ['1:10:x1.5', users, [1, 2, 3, 5, 8]], // whole users: 1, 1.5, 2.25, 3.4, 5.1, 7.6 rounded, repeats dropped
    ['100:2000:+100', rates, Array.from({ length: 20 }, (_, i) => 100 * (i + 1))],
    ['100:1000:100', rates, [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]], // perf_analyzer's start:end:step
    ['0.5:2:+0.5', rates, [0.5, 1, 1.5, 2]],
    ['0.1:0.3:+0.1', rates, [0.1, 0.2, 0.3]], // binary fractions still land on END
    ['50:800:x2', rates, [50, 100, 200, 400, 800]],
  ];
  for (const [spec, o, levels] of cases) {
    it(`${spec} -> ${levels.join(',')}`, () => assert.deepEqual(parseRangeSpec(spec, '--range', o), levels));
  }

  const bad: Array<[spec: string, o: { integer: boolean }, why: RegExp]> = [
    ['1:64', users, /needs START:END:STEP/],
    ['1:64:x2:3', users, /needs START:END:STEP/],
    ['0:64:x2', users, /START must be above 0/],
    ['64:1:x2', users, /END must be at least START/],
    ['1:64:x1', users, /F > 1/],
    ['1:64:+0', users, /S > 0/],
    ['1.5:4:+1', users, /whole numbers/],
    ['a:4:+1', users, /START "a" is not a number/],
    ['1:4:-1', users, /STEP "-1" is not a number/],
    ['1:100000:+1', rates, /more than 200 levels/],
  ];
  for (const [spec, o, why] of bad) {
    it(`refuses ${spec} with one line naming the flag and the fix`, () => {
      assert.throws(
        () => parseRangeSpec(spec, '--rate-range', o),
        (e: unknown) => e instanceof UsageError && why.test(e.message) && e.message.startsWith('--rate-range: ') && e.message.includes('e.g. 1:64:x2') && !e.message.includes('\n'),
      );
    });
  }
});
