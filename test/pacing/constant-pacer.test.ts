import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConstantPacer } from '../../src/pacing/constant-pacer.js';
import { parseRate } from '../../src/core/units.js';

test('ConstantPacer schedules as vegeta does: first hit one interval in, interval truncated to whole ns', () => {
  // rate            hit  intendedNs
  const table: Array<[string, number, number]> = [
    ['100/1s', 0, 10_000_000], // 100/s: first hit at 10 ms, not at 0
    ['100/1s', 199, 2_000_000_000], // the 200th hit lands exactly at 2 s
    ['3/1s', 2, 999_999_999], // 1e9/3 truncates to 333333333 ns
    ['7/1s', 6, 999_999_994], // 142857142 ns x 7: vegeta's truncation drift is kept
    ['10/m', 0, 6_000_000_000],
    ['5/2s', 4, 2_000_000_000],
  ];
  for (const [rate, hit, expected] of table) {
    assert.equal(new ConstantPacer(parseRate(rate)).intendedNs(hit), expected, `${rate} hit ${hit}`);
  }
});

test('ConstantPacer.hitsDue counts the hits due by an elapsed time', () => {
  const p = new ConstantPacer(parseRate('1000'));
  // elapsedNs     due
  const table: Array<[number, number]> = [
    [0, 0],
    [999_999, 0],
    [1_000_000, 1],
    [5_000_000_000, 5000], // --rate 1000 -d 5s sends 5000 hits
    [5_000_999_999, 5000],
  ];
  for (const [elapsed, due] of table) assert.equal(p.hitsDue(elapsed), due, `at ${elapsed} ns`);
  assert.equal(p.rateHz(), 1000);
});

test('ConstantPacer: the hits of W workers taken by index interleave into the single schedule', () => {
  const p = new ConstantPacer(parseRate('300/1s'));
  const merged: number[] = [];
  for (let w = 0; w < 3; w++) for (let i = w; i < 300; i += 3) merged.push(p.intendedNs(i));
  merged.sort((a, b) => a - b);
  const single = Array.from({ length: 300 }, (_, i) => p.intendedNs(i));
  assert.deepEqual(merged, single);
});
