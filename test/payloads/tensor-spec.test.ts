import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { validatePayload, type PayloadSpec } from '../../src/payloads/tensor-spec.js';

const ok = (inputs: unknown[]): PayloadSpec => ({ inputs } as PayloadSpec);

describe('validatePayload', () => {
  it('accepts well-formed tensors of every JSON element type', () => {
    validatePayload(
      ok([
        { name: 'f', datatype: 'FP32', shape: [2, 2], data: [0.5, -1, 3e10, 0] },
        { name: 'i', datatype: 'UINT8', shape: [3], data: [0, 128, 255] },
        { name: 'b', datatype: 'BOOL', shape: [1], data: [false] },
        { name: 's', datatype: 'BYTES', shape: [1, 1], data: ['x'] },
        { name: 'e', datatype: 'INT64', shape: [0], data: [] },
        { name: 'scalar', datatype: 'FP64', shape: [], data: [1] },
      ]),
      'test',
    );
  });

  const bad: Array<[what: string, spec: PayloadSpec, message: string]> = [
    ['no inputs', ok([]), 'src: payload has no inputs'],
    ['a missing name', ok([{ datatype: 'FP32', shape: [1], data: [1] }]), 'src: inputs[0] has no name'],
    ['an unknown datatype', ok([{ name: 'x', datatype: 'fp32', shape: [1], data: [1] }]), 'src: input "x": unknown datatype "fp32"'],
    ['a fractional dimension', ok([{ name: 'x', datatype: 'FP32', shape: [1.5], data: [1] }]), 'src: input "x": shape [1.5] has an invalid dimension (want non-negative integers)'],
    ['too much data', ok([{ name: 'x', datatype: 'FP32', shape: [1, 2], data: [1, 2, 3] }]), 'src: input "x": data has 3 elements but shape [1,2] needs 2'],
    ['a string in FP32', ok([{ name: 'x', datatype: 'FP32', shape: [1], data: ['1'] }]), 'src: input "x": data[0]: "1" is not a number (datatype FP32)'],
    ['UINT8 out of range', ok([{ name: 'x', datatype: 'UINT8', shape: [2], data: [1, 256] }]), 'src: input "x": data[1]: 256 is out of UINT8 range 0..255 (datatype UINT8)'],
    ['a number in BOOL', ok([{ name: 'x', datatype: 'BOOL', shape: [1], data: [1] }]), 'src: input "x": data[0]: 1 is not a boolean (datatype BOOL)'],
    ['nested data (TensorSpec data is flat)', ok([{ name: 'x', datatype: 'FP32', shape: [1, 2], data: [[1, 2]] }]), 'src: input "x": data has 1 elements but shape [1,2] needs 2'],
  ];
  for (const [what, spec, message] of bad) {
    it(`rejects ${what}`, () => {
      assert.throws(() => validatePayload(spec, 'src'), (e: unknown) => e instanceof UsageError && e.message === message);
    });
  }
});
