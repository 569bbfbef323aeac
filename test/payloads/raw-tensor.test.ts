import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Datatype } from '../../src/payloads/datatype.js';
import {
  bfloat16ToFloat,
  decodeRawTensor,
  encodeRawTensor,
  floatToBfloat16,
  floatToHalf,
  halfToFloat,
  rawTensorByteLength,
} from '../../src/payloads/raw-tensor.js';

describe('raw tensor encoding (inference-protocols.md 3.1)', () => {
  // datatype, values, expected little-endian bytes (hex)
  const cases: Array<[Datatype, number[] | string[] | boolean[], string]> = [
    ['BOOL', [true, false, true], '010001'],
    ['UINT8', [0, 255], '00ff'],
    ['UINT16', [1, 65535], '0100ffff'],
    ['UINT32', [1, 4294967295], '01000000ffffffff'],
    ['UINT64', [2 ** 40], '0000000000010000'],
    ['INT8', [-1, 127], 'ff7f'],
    ['INT16', [-2], 'feff'],
    ['INT32', [1, -1], '01000000ffffffff'],
    ['INT64', [-1], 'ffffffffffffffff'],
    ['FP16', [1, -2], '003c00c0'],
    ['FP32', [1, 0.5], '0000803f0000003f'],
    ['FP64', [1], '000000000000f03f'],
    ['BF16', [1, -2], '803f00c0'],
    ['BYTES', ['hi', '', 'é'], '020000006869' + '00000000' + '02000000c3a9'],
  ];
  for (const [datatype, values, hex] of cases) {
    it(`${datatype}: encodes little-endian and decodes back`, () => {
      const bytes = encodeRawTensor(datatype, values);
      assert.equal(bytes.toString('hex'), hex);
      assert.equal(rawTensorByteLength(datatype, values), bytes.length);
      assert.deepEqual(decodeRawTensor(datatype, bytes, values.length), values);
      assert.deepEqual(decodeRawTensor(datatype, bytes), values);
    });
  }

  it('FP32 round trips through float32 precision', () => {
    assert.deepEqual(decodeRawTensor('FP32', encodeRawTensor('FP32', [0.1])), [Math.fround(0.1)]);
  });

  it('rejects sizes that do not match the element count', () => {
    assert.throws(() => decodeRawTensor('FP32', Buffer.alloc(6)), /6 bytes of FP32 data, expected a multiple of 4/);
    assert.throws(() => decodeRawTensor('INT32', Buffer.alloc(8), 3), /expected 12/);
    assert.throws(() => decodeRawTensor('BYTES', Buffer.from('0500000068', 'hex')), /runs past the end/);
    assert.throws(() => decodeRawTensor('BYTES', Buffer.from('010000', 'hex')), /truncated length prefix/);
    assert.throws(() => decodeRawTensor('BYTES', encodeRawTensor('BYTES', ['a', 'b']), 1), /left over/);
    assert.throws(() => decodeRawTensor('BYTES', encodeRawTensor('BYTES', ['a']), 2), /holds 1 elements, expected 2/);
  });

  it('converts half and bfloat16 precision, rounding to nearest even', () => {
    // value, binary16 bits
    const halves: Array<[number, number]> = [
      [0, 0x0000],
      [1, 0x3c00],
      [65504, 0x7bff],
      [65520, 0x7c00], // rounds up to infinity
      [2 ** -24, 0x0001], // smallest subnormal
      [2 ** -25, 0x0000], // ties to even: 0
      [1 + 2 ** -11, 0x3c00], // tie, even mantissa stays
      [1 + 3 * 2 ** -11, 0x3c02], // tie, odd mantissa rounds up
      [Infinity, 0x7c00],
      [-0.5, 0xb800],
    ];
    for (const [v, bits] of halves) assert.equal(floatToHalf(v), bits, `half(${v})`);
    assert.equal(halfToFloat(0x7bff), 65504);
    assert.equal(halfToFloat(0x0001), 2 ** -24);
    assert.ok(Number.isNaN(halfToFloat(floatToHalf(NaN))));
    assert.equal(floatToBfloat16(1), 0x3f80);
    assert.equal(bfloat16ToFloat(0x3f80), 1);
    assert.equal(bfloat16ToFloat(floatToBfloat16(3.14159)), 3.140625);
  });
});
