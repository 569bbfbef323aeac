// SendLateness: p99 of the ticks' lateness within 12.5 %, on time as 0, and a fresh interval after each take.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SendLateness } from '../../src/engine/send-lateness.js';

test('p99 over an interval, then reset', () => {
  const l = new SendLateness();
  assert.equal(l.takeP99Ns(), 0, 'no tick: 0');
  for (let i = 0; i < 990; i++) l.record(-5); // on time
  for (let i = 0; i < 10; i++) l.record(20e6); // 1 % of ticks 20 ms late
  const p99 = l.takeP99Ns();
  assert.equal(p99, 0, 'the 99th percentile tick was on time');
  for (let i = 0; i < 980; i++) l.record(300e3);
  for (let i = 0; i < 20; i++) l.record(20e6);
  const late = l.takeP99Ns();
  assert.ok(late >= 20e6 && late <= 20e6 * 1.125, `${late}`);
  for (let i = 0; i < 100; i++) l.record(700e3);
  const small = l.takeP99Ns();
  assert.ok(small > 700e3 && small <= 700e3 * 1.125, `${small}: the earlier interval is gone`);
  l.record(1e15);
  assert.ok(l.takeP99Ns() > 4e12, 'huge values land in the last bucket');
});
