import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goJsonSorted, goStringCompare } from '../../src/reporters/ghz-report-input.js';
import { CallLog } from '../../src/results/call-log.js';
import { goJson } from '../../src/reporters/go-format.js';

describe('CallLog', () => {
  it('keeps every call in typed columns across growth, interning statuses and errors', () => {
    const log = new CallLog(5n);
    for (let i = 0; i < 3000; i++) log.record(i * 10, i + 1, i % 3 === 0 ? 'Unavailable' : 'OK', i % 3 === 0 ? `err ${i % 2}` : '');
    const calls = log.calls();
    assert.equal(calls.length, 3000);
    assert.ok(calls.latencyNs.length >= 3000);
    assert.equal(calls.startUnixNs, 5n);
    assert.equal(calls.latencyNs[2999], 3000);
    assert.equal(calls.endOffsetNs[1500], 15000);
    assert.deepEqual(calls.statusNames, ['Unavailable', 'OK']);
    assert.deepEqual(calls.errorTexts, ['', 'err 0', 'err 1']);
    assert.equal(calls.statusNames[calls.statusIndex[3]], 'Unavailable');
    assert.equal(calls.errorTexts[calls.errorIndex[3]], 'err 1');
    assert.equal(calls.errorIndex[4], 0);
    assert.equal(log.count, 3000);
    assert.deepEqual([...log.statusCounts], [['Unavailable', 1000], ['OK', 2000]]);
    assert.deepEqual([...log.errorCounts], [['err 0', 500], ['err 1', 500]]);
  });

  it('sums latencies as float seconds in completion order, as ghz does', () => {
    const log = new CallLog(0n);
    let want = 0;
    for (const ns of [1_000_001, 7, 2_500_000_000, 333]) {
      log.record(0, ns, 'OK', '');
      want += ns / 1e9;
    }
    assert.equal(log.latencySumSeconds, want);
  });

  it('skips the first skipFirst calls entirely', () => {
    const log = new CallLog(0n, 2);
    log.record(1, 1, 'Unavailable', 'e');
    log.record(2, 2, 'Unavailable', 'e');
    log.record(3, 3, 'OK', '');
    assert.equal(log.count, 1);
    assert.equal(log.calls().length, 1);
    assert.equal(log.errorCounts.size, 0);
  });
});

describe('Go ordering helpers', () => {
  it('sorts keys by UTF-8 bytes as Go does (not by UTF-16 units)', () => {
    // U+FF21 (3 UTF-8 bytes, EF BC A1) sorts before U+1F600 (4 bytes, F0 ...) in Go; JS sort puts the emoji's surrogates first.
    const keys = ['\u{1F600}', '\uFF21', 'b', 'B', '10', '9'];
    assert.deepEqual([...keys].sort(goStringCompare), ['10', '9', 'B', 'b', '\uFF21', '\u{1F600}']);
    assert.equal(goJson(goJsonSorted({ 9: 1, 10: [{ z: null, a: true }], a: 'x' })), '{"10":[{"a":true,"z":null}],"9":1,"a":"x"}');
  });
});
