import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration, parseRate, parseSize } from '../../src/core/units.js';
import { UsageError } from '../../src/core/errors.js';

test('parseDuration reads Go durations into ns', () => {
  const table: Array<[string, number]> = [
    ['0', 0],
    ['1ns', 1],
    ['1.5us', 1500],
    ['1.5µs', 1500],
    ['300ms', 300e6],
    ['10s', 10e9],
    ['1m30s', 90e9],
    ['1h2m3.5s', 3723.5e9],
    ['-1.5s', -1.5e9],
    ['.5s', 0.5e9],
  ];
  for (const [text, ns] of table) assert.equal(parseDuration(text, '--d'), ns, text);
});

test('parseDuration rejects what Go rejects, with the flag and an example in the message', () => {
  for (const bad of ['10', '1x', 's', '', '1.2.3s', '5 s']) {
    assert.throws(() => parseDuration(bad, '--duration'), (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.match(e.message, /^--duration: invalid duration ".*"; use .*10s/);
      return true;
    });
  }
});

test('parseRate reads vegeta rates', () => {
  const table: Array<[string, number, number]> = [
    ['500', 500, 1e9],
    ['500/1s', 500, 1e9],
    ['5/2s', 5, 2e9],
    ['10/m', 10, 60e9],
    ['1/ms', 1, 1e6],
    ['0', 0, 1e9],
  ];
  for (const [text, freq, perNs] of table) assert.deepEqual(parseRate(text), { freq, perNs }, text);
});

test('parseRate rejects malformed and infinite rates with a hint', () => {
  assert.throws(() => parseRate('infinity'), /--rate 0 with --max-in-flight/);
  for (const bad of ['abc', '10/', '10/x', '-5', '1/2/3', '/1s', '10/0s']) {
    assert.throws(() => parseRate(bad), UsageError, bad);
  }
});

test('parseSize reads byte sizes', () => {
  const table: Array<[string, number]> = [
    ['-1', -1],
    ['0', 0],
    ['2000', 2000],
    ['10 MB', 10e6],
    ['1tB', 1e12],
    ['64KiB', 65536],
  ];
  for (const [text, n] of table) assert.equal(parseSize(text, '--max-body'), n, text);
  assert.throws(() => parseSize('ten', '--max-body'), /--max-body: invalid size "ten"/);
});
