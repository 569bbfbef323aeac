import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  goDuration,
  goFixed,
  goJson,
  tabwriter,
  vegetaRound,
  type GoJsonValue,
} from '../../src/reporters/go-format.js';
import { goSeconds } from '../../src/core/time-format.js';

const US = 1_000;
const MS = 1_000_000;
const S = 1_000_000_000;
const MIN = 60 * S;
const H = 60 * MIN;

describe('goDuration (Go time.Duration.String, spec 5.4)', () => {
  const cases: Array<[ns: number, text: string]> = [
    [0, '0s'],
    [1, '1ns'],
    [999, '999ns'],
    [1 * US, '1µs'], // U+00B5 micro sign, as Go prints it
    [1234, '1.234µs'],
    [1500, '1.5µs'],
    [999_999, '999.999µs'],
    [1 * MS, '1ms'],
    [1.5 * MS, '1.5ms'],
    [583_523_000, '583.523ms'],
    [999_999_999, '999.999999ms'],
    [1 * S, '1s'],
    [1_990_000_000, '1.99s'],
    [1_000_000_001, '1.000000001s'],
    [2 * MIN + 3 * S, '2m3s'],
    [1 * MIN, '1m0s'],
    [1 * H, '1h0m0s'], // minutes are printed whenever hours are
    [1 * H + 30 * MIN, '1h30m0s'],
    [25 * H + 1 * MIN + 1 * S, '25h1m1s'],
    [-1500, '-1.5µs'],
    [-2 * MIN, '-2m0s'],
    [2 ** 53, '2501h59m59.254740992s'],
  ];
  for (const [ns, text] of cases) {
    it(`${ns} ns -> ${text}`, () => assert.equal(goDuration(ns), text));
  }
  it('uses U+00B5, not the Greek mu', () => assert.equal(goDuration(1234).codePointAt(5), 0xb5));
  it('rounds fractional ns first', () => assert.equal(goDuration(1.6), '2ns'));
});

describe('vegetaRound + goDuration (spec 5.3)', () => {
  const cases: Array<[ns: number, text: string]> = [
    [1_234_567, '1.235ms'], // >= 1ms: to the µs
    [1_234_500, '1.235ms'], // half rounds away from zero
    [1_234_499, '1.234ms'],
    [1_999_500, '2ms'],
    [999_999_999, '1s'],
    [59_999_500_000, '1m0s'], // >= 1s: to the ms
    [3_599_999_999_999, '1h0m0s'], // >= 1m: to the s
    [25 * H + 1 * MIN + 1 * S, '25h1m0s'], // >= 1h: to the minute
    [25 * H + 1 * MIN + 30 * S, '25h2m0s'],
    [1_990_349_715, '1.99s'],
    [1_993_793_649, '1.994s'],
    [3_443_934, '3.444ms'],
    [3_579_564, '3.58ms'],
    [1_500, '1.5µs'], // below 1ms: unchanged
    [999, '999ns'],
    [0, '0s'],
  ];
  for (const [ns, text] of cases) {
    it(`${ns} ns -> ${text}`, () => assert.equal(goDuration(vegetaRound(ns)), text));
  }
  it('leaves negative durations unchanged, as vegeta does', () => assert.equal(vegetaRound(-1_234_567), -1_234_567));
  it('returns ns', () => assert.equal(vegetaRound(1_234_567), 1_235_000));
});

describe('goSeconds (Go Duration.Seconds)', () => {
  it('splits whole seconds from the remainder', () => {
    assert.equal(goSeconds(1_990_349_715), 1.990349715);
    assert.equal(goSeconds(0), 0);
    assert.equal(goSeconds(-1_500_000_000), -1.5);
  });
  it('gives the sample report rate', () => assert.equal(200 / goSeconds(1_990_349_715), 100.48485373837934));
});

describe('goFixed (Go %.Nf, spec 5.5)', () => {
  const cases: Array<[x: number, digits: number, text: string]> = [
    [6.125, 2, '6.12'], // exact binary tie: to even (JS toFixed gives 6.13)
    [0.125, 2, '0.12'],
    [0.375, 2, '0.38'],
    [6.135, 2, '6.13'], // 6.135 is slightly below the tie in binary
    [2.5, 0, '2'],
    [3.5, 0, '4'],
    [0.5, 0, '0'],
    [100.48485373837934, 2, '100.48'],
    [100.3112835173847, 2, '100.31'],
    [100, 2, '100.00'],
    [6, 2, '6.00'],
    [0, 2, '0.00'],
    [-0, 2, '-0.00'],
    [-6.125, 2, '-6.12'],
    [-0.001, 2, '-0.00'],
    [1e21, 2, '1000000000000000000000.00'],
    [1.5e22, 0, '15000000000000000000000'],
    [2 ** 70, 1, '1180591620717411303424.0'],
    [0.1, 20, '0.10000000000000000555'],
    [10000000, 6, '10000000.000000'],
    [9.999999999999998, 6, '10.000000'],
    [0.985938, 6, '0.985938'],
    [5e-324, 2, '0.00'],
    [Number.NaN, 2, 'NaN'],
    [Number.POSITIVE_INFINITY, 2, '+Inf'],
    [Number.NEGATIVE_INFINITY, 2, '-Inf'],
  ];
  for (const [x, digits, text] of cases) {
    it(`%.${digits}f of ${x} -> ${text}`, () => assert.equal(goFixed(x, digits), text));
  }
  it('agrees with toFixed away from exact ties (random values)', () => {
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 5000; i++) {
      const x = (rand() - 0.5) * 10 ** Math.floor(rand() * 12 - 4);
      const digits = Math.floor(rand() * 8);
      if (x === 0) continue;
      assert.equal(goFixed(x, digits), x.toFixed(digits), `x=${x} digits=${digits}`);
    }
  });
});

describe('goJson (Go encoding/json, spec 4.4)', () => {
  const cases: Array<[name: string, value: GoJsonValue, json: string]> = [
    ['HTML characters', '<a href="x">&</a>', '"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"'],
    ['line and paragraph separators', '\u2028\u2029', '"\\u2028\\u2029"'],
    ['short control escapes (Go >= 1.22)', '\b\f\n\r\t', '"\\b\\f\\n\\r\\t"'],
    ['other control characters, lowercase hex', '\u0000\u0001\u001f\u000b', '"\\u0000\\u0001\\u001f\\u000b"'],
    ['backslash and quote', '\\"', '"\\\\\\""'],
    ['DEL and non-ASCII as is', '\u007fé😀µ', '"\u007fé😀µ"'],
    ['lone surrogates as U+FFFD', 'a\ud800b\udc00', '"a\\ufffdb\\ufffd"'],
    ['integral float', 6, '6'],
    ['ratio 1', 1, '1'],
    ['shortest round trip', 100.48485373837934, '100.48485373837934'],
    ['small float', 0.000001, '0.000001'],
    ['exponent below 1e-6', 1e-7, '1e-7'],
    ['exponent from 1e21', 1e21, '1e+21'],
    ['no exponent below 1e21', 1e20, '100000000000000000000'],
    ['negative zero', -0, '-0'],
    ['bigint', 1234567890123456789n, '1234567890123456789'],
    ['null, booleans', [null, true, false], '[null,true,false]'],
    ['empty array and object', { a: [], b: {} }, '{"a":[],"b":{}}'],
    ['Map keeps insertion order', new Map([['200', 1], ['0', 2]]), '{"200":1,"0":2}'],
    ['keys are escaped too', { '<k>': 1 }, '{"\\u003ck\\u003e":1}'],
  ];
  for (const [name, value, json] of cases) {
    it(name, () => assert.equal(goJson(value), json));
  }
  it('refuses NaN and infinities, as Go does', () => {
    assert.throws(() => goJson(Number.NaN));
    assert.throws(() => goJson(Number.POSITIVE_INFINITY));
  });
});

describe('tabwriter (Go text/tabwriter, padding 2, spec 5.2)', () => {
  const cases: Array<[name: string, input: string, output: string]> = [
    ['pads tab-terminated cells to the widest + 2', 'a\tbb\tc\nccc\td\te\n', 'a    bb  c\nccc  d   e\n'],
    ['does not pad the last cell of a line', 'a\tb  \n', 'a  b  \n'],
    ['a tab-terminated last cell is padded', 'ab\t\nabcd\tx\n', 'ab    \nabcd  x\n'],
    ['a line without tabs ends the block', 'aaaaaa\tx\nSep\nb\ty\n', 'aaaaaa  x\nSep\nb  y\n'],
    [
      'a shorter line splits the blocks of later columns',
      'a\tlong\tc\nxxxx\ty\nz\tw\tv\n',
      'a     long  c\nxxxx  y\nz     w  v\n',
    ],
    ['empty cells still take padding', 'Bucket\t\t#\n[0s,\t2ms]\t10\n', 'Bucket        #\n[0s,    2ms]  10\n'],
    ['widths count code points', '1µs\tx\nab\ty\n😀\tz\n', '1µs  x\nab   y\n😀    z\n'],
    ['text without a final newline', 'a\tb', 'a  b'],
    ['form feed ends a section and prints as newline', 'a\tb\fccc\td\n', 'a  b\nccc  d\n'],
    ['empty input', '', ''],
  ];
  for (const [name, input, output] of cases) {
    it(name, () => assert.equal(tabwriter(input), output));
  }
  it('takes another padding', () => assert.equal(tabwriter('a\tb\nccc\td\n', 1), 'a   b\nccc d\n'));
});
