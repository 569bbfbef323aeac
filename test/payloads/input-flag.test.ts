import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { inputFlagsTemplate, parseInputFlag } from '../../src/payloads/input-flag.js';
import { expandPayloadTemplate } from '../../src/payloads/payload-template.js';

function isOneLineUsageError(pattern: RegExp): (err: unknown) => boolean {
  return (err: unknown) => err instanceof UsageError && pattern.test(err.message) && !err.message.includes('\n');
}

describe('parseInputFlag (--input NAME:DATATYPE:SHAPE[:FILL])', () => {
  // text, expected template
  const ok: Array<[string, ReturnType<typeof parseInputFlag>]> = [
    ['x:FP32:4', { name: 'x', datatype: 'FP32', shape: [4], fill: { kind: 'zeros' } }],
    ['input_1:fp32:B,224,224,3:random', { name: 'input_1', datatype: 'FP32', shape: [-1, 224, 224, 3], fill: { kind: 'random' } }],
    ['ids:INT32:[B,10]:ones', { name: 'ids', datatype: 'INT32', shape: [-1, 10], fill: { kind: 'ones' } }],
    ['s:BYTES:b:constant=a:b c', { name: 's', datatype: 'BYTES', shape: [-1], fill: { kind: 'constant', value: 'a:b c' } }],
    ['v:FP64:2,2:seq=10,2', { name: 'v', datatype: 'FP64', shape: [2, 2], fill: { kind: 'seq', start: 10, step: 2 } }],
    ['r:INT8:3:random=-5,5,7', { name: 'r', datatype: 'INT8', shape: [3], fill: { kind: 'random', min: -5, max: 5, seed: 7 } }],
    ['c:FP32:4:constant=0.1', { name: 'c', datatype: 'FP32', shape: [4], fill: { kind: 'constant', value: 0.1 } }],
    ['flag:BOOL:B:constant=true', { name: 'flag', datatype: 'BOOL', shape: [-1], fill: { kind: 'constant', value: true } }],
    ['input:0:FP32:[]', { name: 'input:0', datatype: 'FP32', shape: [], fill: { kind: 'zeros' } }],
  ];
  for (const [text, want] of ok) it(`reads ${JSON.stringify(text)}`, () => assert.deepEqual(parseInputFlag(text), want));

  // text, error
  const bad: Array<[string, RegExp]> = [
    ['x', /no datatype/],
    ['x:FLOAT:4', /no datatype/],
    [':FP32:4', /name is empty/],
    ['x:FP32', /no shape/],
    ['x:FP32:4,B', /only the first dimension may be B/],
    ['x:FP32:four', /"four" is not a non-negative integer or B/],
    ['x:FP32:-2', /dimension -2 is negative; dimensions are non-negative integers \(write B for the batch dimension/],
    // issue 12: -1 (a model's dynamic dimension) is not a shape; B is the batch dimension.
    ['x:FP32:-1,4', /dimension -1 is negative.*write B for the batch dimension, e\.g\. B,4/],
    ['x:FP32:4,-1', /dimension -1 is negative; dimensions are non-negative integers; use/],
    ['x:FP32:4:fancy', /unknown fill "fancy"/],
    ['x:FP32:4:constant', /needs a value/],
    ['x:FP32:4:constant=abc', /needs a number/],
    ['x:BOOL:4:constant=yes', /true or false/],
    ['x:FP32:4:random=1', /takes 2 to 3 comma-separated numbers/],
    ['x:FP32:4:random=2,1', /MIN <= MAX/],
    ['x:FP32:4:zeros=1', /takes no value/],
    ['x:BOOL:4:seq', /cannot produce BOOL/],
    ['x:BYTES:4:random', /cannot produce BYTES/],
    ['x:FP32:100000,100000', /elements per sample/],
  ];
  for (const [text, error] of bad) {
    it(`rejects ${JSON.stringify(text)} with a one-line UsageError`, () => {
      assert.throws(() => parseInputFlag(text), isOneLineUsageError(error));
      assert.throws(() => parseInputFlag(text), isOneLineUsageError(/^--input "/));
    });
  }
});

describe('inputFlagsTemplate', () => {
  it('builds a batched template expanded for any batch size', () => {
    const template = inputFlagsTemplate(['a:INT32:B,3:seq', 'b:BYTES:B:constant=hi'], 'custom');
    assert.equal(template.model, 'custom');
    assert.equal(template.batchDimension, true);
    assert.deepEqual(expandPayloadTemplate(template, 2, '--input').inputs, [
      { name: 'a', datatype: 'INT32', shape: [2, 3], data: [0, 1, 2, 3, 4, 5] },
      { name: 'b', datatype: 'BYTES', shape: [2], data: ['hi', 'hi'] },
    ]);
  });

  it('builds an unbatched template that rejects batch sizes above 1', () => {
    const template = inputFlagsTemplate(['INPUT:FP32:4:constant=0.1'], 'add10');
    assert.equal(template.batchDimension, false);
    assert.deepEqual(expandPayloadTemplate(template, 1, '--input').inputs[0].data, [0.1, 0.1, 0.1, 0.1]);
    assert.throws(() => expandPayloadTemplate(template, 2, '--input'), isOneLineUsageError(/no batch dimension/));
  });

  it('random fills are seeded, so every run sends the same tensor', () => {
    const a = expandPayloadTemplate(inputFlagsTemplate(['x:FP32:B,8:random=-1,1'], 'm'), 1, '--input');
    const b = expandPayloadTemplate(inputFlagsTemplate(['x:FP32:B,8:random=-1,1'], 'm'), 1, '--input');
    assert.deepEqual(a, b);
    assert.ok((a.inputs[0].data as number[]).every((v) => v >= -1 && v <= 1));
  });

  it('rejects mixed batch dimensions, repeated names, no inputs, and values out of range', () => {
    assert.throws(() => inputFlagsTemplate(['a:FP32:B,2', 'b:FP32:2'], 'm'), isOneLineUsageError(/every input starts its shape with B/));
    assert.throws(() => inputFlagsTemplate(['a:FP32:2', 'a:FP32:2'], 'm'), isOneLineUsageError(/"a" is given more than once/));
    assert.throws(() => inputFlagsTemplate([], 'm'), isOneLineUsageError(/at least one input/));
    const overflow = inputFlagsTemplate(['a:INT8:2:constant=300'], 'm');
    assert.throws(() => expandPayloadTemplate(overflow, 1, '--input'), isOneLineUsageError(/out of INT8 range/));
  });
});
