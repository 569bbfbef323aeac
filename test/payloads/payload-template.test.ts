import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { fillValues, type FillRule } from '../../src/payloads/fill-rule.js';
import { expandPayloadTemplate, parsePayloadTemplate, type PayloadTemplate } from '../../src/payloads/payload-template.js';

describe('fillValues', () => {
  const cases: Array<[rule: FillRule, datatype: Parameters<typeof fillValues>[1], count: number, values: unknown[]]> = [
    [{ kind: 'zeros' }, 'FP32', 3, [0, 0, 0]],
    [{ kind: 'zeros' }, 'BYTES', 2, ['0', '0']],
    [{ kind: 'zeros' }, 'BOOL', 2, [false, false]],
    [{ kind: 'ones' }, 'INT32', 2, [1, 1]],
    [{ kind: 'ones' }, 'BOOL', 1, [true]],
    [{ kind: 'seq' }, 'INT32', 4, [0, 1, 2, 3]],
    [{ kind: 'seq', start: 10, step: -2 }, 'INT64', 3, [10, 8, 6]],
    [{ kind: 'seq', start: 1 }, 'BYTES', 3, ['1', '2', '3']],
    [{ kind: 'constant', value: 0.1 }, 'FP32', 2, [0.1, 0.1]],
    [{ kind: 'constant', value: 'hello' }, 'BYTES', 2, ['hello', 'hello']],
    [{ kind: 'seq' }, 'FP32', 0, []],
  ];
  for (const [rule, datatype, count, values] of cases) {
    it(`${JSON.stringify(rule)} ${datatype} x${count}`, () => assert.deepEqual(fillValues(rule, datatype, count, 'here'), values));
  }

  it('random is reproducible for a seed and stays in range', () => {
    const a = fillValues({ kind: 'random', min: -5, max: 5, seed: 42 }, 'INT8', 1000, 'here') as number[];
    const b = fillValues({ kind: 'random', min: -5, max: 5, seed: 42 }, 'INT8', 1000, 'here') as number[];
    assert.deepEqual(a, b);
    assert.ok(a.every((v) => Number.isInteger(v) && v >= -5 && v <= 5));
    assert.equal(new Set(a).size, 11, 'every integer in [-5, 5] appears');
    const f = fillValues({ kind: 'random' }, 'FP32', 1000, 'here') as number[];
    assert.ok(f.every((v) => v >= 0 && v < 1));
    assert.notDeepEqual(f, fillValues({ kind: 'random', seed: 2 }, 'FP32', 1000, 'here'));
  });

  it('rejects rules a datatype cannot take', () => {
    assert.throws(() => fillValues({ kind: 'seq' }, 'BOOL', 2, 'where'), (e: unknown) => e instanceof UsageError && e.message.startsWith('where: '));
    assert.throws(() => fillValues({ kind: 'random' }, 'BYTES', 2, 'where'), UsageError);
  });
});

describe('payload templates', () => {
  const add10: PayloadTemplate = {
    model: 'add10',
    batchDimension: false,
    inputs: [{ name: 'INPUT', datatype: 'FP32', shape: [4], fill: { kind: 'constant', value: 0.1 } }],
  };

  it('a model without a batch dimension takes only B = 1 (model-zoo.md 8.3)', () => {
    assert.deepEqual(expandPayloadTemplate(add10, 1, 'add10.json').inputs[0], { name: 'INPUT', datatype: 'FP32', shape: [4], data: [0.1, 0.1, 0.1, 0.1] });
    assert.throws(() => expandPayloadTemplate(add10, 2, 'add10.json'), (e: unknown) => e instanceof UsageError && /no batch dimension/.test(e.message));
  });

  it('carries request and input parameters (mlflow_wine content_type pd)', () => {
    const wine: PayloadTemplate = {
      model: 'mlflow_wine',
      batchDimension: true,
      parameters: { content_type: 'pd' },
      inputs: [{ name: 'alcohol', datatype: 'FP32', shape: [-1], fill: { kind: 'ones' }, parameters: { content_type: 'np' } }],
    };
    assert.deepEqual(expandPayloadTemplate(wine, 2, 'wine.json'), {
      inputs: [{ name: 'alcohol', datatype: 'FP32', shape: [2], data: [1, 1], parameters: { content_type: 'np' } }],
      parameters: { content_type: 'pd' },
    });
  });

  it('values a datatype cannot hold are a UsageError naming the input', () => {
    const t: PayloadTemplate = { model: 'm', batchDimension: true, inputs: [{ name: 'x', datatype: 'INT8', shape: [-1, 100], fill: { kind: 'seq', start: 100 } }] };
    assert.throws(() => expandPayloadTemplate(t, 1, 'm.json'), (e: unknown) => e instanceof UsageError && /m.json: input "x": data\[28\]: 128 is out of INT8 range/.test(e.message));
  });

  const badTemplates: Array<[what: string, value: unknown, error: RegExp]> = [
    ['not an object', [], /JSON object/],
    ['no model', { batchDimension: true, inputs: [] }, /"model"/],
    ['no batchDimension', { model: 'm', inputs: [] }, /"batchDimension"/],
    ['no inputs', { model: 'm', batchDimension: true, inputs: [] }, /"inputs"/],
    ['an unnamed input', { model: 'm', batchDimension: true, inputs: [{ datatype: 'FP32', shape: [-1], fill: { kind: 'seq' } }] }, /inputs\[0\]/],
    ['a bad datatype', { model: 'm', batchDimension: true, inputs: [{ name: 'x', datatype: 'F32', shape: [-1], fill: { kind: 'seq' } }] }, /unknown datatype "F32"/],
    ['a batch template without -1 first', { model: 'm', batchDimension: true, inputs: [{ name: 'x', datatype: 'FP32', shape: [4], fill: { kind: 'seq' } }] }, /must start with -1/],
    ['-1 in a template without a batch dimension', { model: 'm', batchDimension: false, inputs: [{ name: 'x', datatype: 'FP32', shape: [-1], fill: { kind: 'seq' } }] }, /no -1/],
    ['-1 after the first dimension', { model: 'm', batchDimension: true, inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, -1], fill: { kind: 'seq' } }] }, /"shape"/],
    ['an unknown fill', { model: 'm', batchDimension: true, inputs: [{ name: 'x', datatype: 'FP32', shape: [-1], fill: { kind: 'noise' } }] }, /"fill".*zeros, ones, seq, constant, random/],
    ['a constant without a value', { model: 'm', batchDimension: true, inputs: [{ name: 'x', datatype: 'FP32', shape: [-1], fill: { kind: 'constant' } }] }, /"value"/],
    ['a non-numeric seq start', { model: 'm', batchDimension: true, inputs: [{ name: 'x', datatype: 'FP32', shape: [-1], fill: { kind: 'seq', start: '1' } }] }, /"start" must be a number/],
    ['duplicate input names', { model: 'm', batchDimension: true, inputs: [{ name: 'x', datatype: 'FP32', shape: [-1], fill: { kind: 'seq' } }, { name: 'x', datatype: 'FP32', shape: [-1], fill: { kind: 'seq' } }] }, /same name/],
  ];
  for (const [what, value, error] of badTemplates) {
    it(`parsePayloadTemplate rejects ${what}`, () => {
      assert.throws(() => parsePayloadTemplate(value, 't.json'), (e: unknown) => e instanceof UsageError && e.message.startsWith('t.json: ') && error.test(e.message));
    });
  }
});
