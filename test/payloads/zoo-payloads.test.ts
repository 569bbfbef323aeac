import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { expectedOutputs } from '../../src/payloads/expected-outputs.js';
import { listNamedPayloads, loadNamedPayload, loadNamedPayloadTemplate } from '../../src/payloads/payload-library.js';
import { parsePayloadTemplate } from '../../src/payloads/payload-template.js';
import type { TensorSpec } from '../../src/payloads/tensor-spec.js';
import { REFERENCE_MODELS } from '../../src/servers/models/model-registry.js';

const seq = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const fill = <T>(n: number, v: T): T[] => new Array<T>(n).fill(v);

/** ZOO is model-zoo.md section 3, row by row: the payload for batch size B. */
const ZOO: Record<string, (b: number) => Array<Pick<TensorSpec, 'name' | 'datatype' | 'shape' | 'data'>>> = {
  tfsimple: (b) => ['INPUT0', 'INPUT1'].map((name) => ({ name, datatype: 'INT32', shape: [b, 16], data: seq(16 * b) })),
  tfsimple_string: (b) => ['INPUT0', 'INPUT1'].map((name) => ({ name, datatype: 'BYTES', shape: [b, 16], data: fill(16 * b, '1') })),
  iris: (b) => [{ name: 'predict', datatype: 'FP32', shape: [b, 4], data: seq(4 * b) }],
  sentiment: (b) => [{ name: 'args', datatype: 'BYTES', shape: [b], data: fill(b, 'this is a cool test') }],
  pytorch_cifar10: (b) => [{ name: 'input__0', datatype: 'FP32', shape: [b, 3, 32, 32], data: fill(3072 * b, 0.1) }],
  tfmnist: (b) => [{ name: 'conv2d_input', datatype: 'FP32', shape: [b, 28, 28, 1], data: fill(784 * b, 0.1) }],
  tfresnet152: (b) => [{ name: 'input_1', datatype: 'FP32', shape: [b, 224, 224, 3], data: fill(150528 * b, 0.1) }],
  onnx_gpt2: (b) => ['input_ids', 'attention_mask'].map((name) => ({ name, datatype: 'INT32', shape: [b, 10], data: fill(10 * b, 1) })),
  mlflow_wine: (b) =>
    ['fixed acidity', 'volatile acidity', 'citric acid', 'residual sugar', 'chlorides', 'free sulfur dioxide', 'total sulfur dioxide', 'density', 'pH', 'sulphates', 'alcohol'].map(
      (name) => ({ name, datatype: 'FP32', shape: [b], data: fill(b, 1) }),
    ),
  add10: () => [{ name: 'INPUT', datatype: 'FP32', shape: [4], data: fill(4, 0.1) }],
  echo: (b) => [{ name: 'input_1', datatype: 'BYTES', shape: [b], data: fill(b, 'hello') }],
  synth: (b) => [{ name: 'input_1', datatype: 'BYTES', shape: [b], data: fill(b, 'h') }],
};

describe('model zoo payloads (model-zoo.md section 3)', () => {
  it('every zoo type is shipped', () => {
    const names = listNamedPayloads();
    for (const type of Object.keys(ZOO)) assert.ok(names.includes(type), type);
  });

  for (const [type, want] of Object.entries(ZOO)) {
    it(`${type}: names, datatypes, shapes and values for B = 1 and B = 3`, () => {
      for (const b of type === 'add10' ? [1] : [1, 3]) {
        const got = loadNamedPayload(type, b);
        assert.deepEqual(
          got.inputs.map((t) => ({ name: t.name, datatype: t.datatype, shape: t.shape, data: t.data })),
          want(b),
          `B = ${b}`,
        );
      }
    });
  }

  it('mlflow_wine carries the request parameter content_type pd', () => {
    assert.deepEqual(loadNamedPayload('mlflow_wine', 2).parameters, { content_type: 'pd' });
  });

  it('add10 has no batch dimension: B > 1 is a one-line UsageError', () => {
    assert.throws(
      () => loadNamedPayload('add10', 2),
      (e: unknown) => e instanceof UsageError && /model "add10" has no batch dimension .*use --batch-size 1/.test(e.message) && !e.message.includes('\n'),
    );
  });
});

describe('ModelMesh payload shapes (model-zoo.md section 5)', () => {
  const MESH: Array<[payload: string, inputs: Array<[string, number[]]>]> = [
    ['modelmesh-sklearn-mnist', [['predict', [1, 64]]]],
    ['modelmesh-lightgbm-mushroom', [['predict', [1, 126]]]],
    ['modelmesh-xgboost-mushroom', [['predict', [1, 126]]]],
    ['modelmesh-keras-mnist', [['conv2d_input', [1, 28, 28, 1]]]],
    ['modelmesh-onnx-mnist', [['Input3', [1, 1, 28, 28]]]],
    ['modelmesh-pytorch-cifar10', [['INPUT__0', [1, 3, 32, 32]]]],
    ['modelmesh-tensorflow-mnist', [['inputs', [1, 784]]]],
    ['modelmesh-bert', ['input_word_ids', 'input_mask', 'input_type_ids'].map((n): [string, number[]] => [n, [1, 16]])],
    ['modelmesh-bert-128', ['input_word_ids', 'input_mask', 'input_type_ids'].map((n): [string, number[]] => [n, [1, 128]])],
  ];
  for (const [payload, inputs] of MESH) {
    it(`${payload}: ${inputs.map(([n, s]) => `${n} ${JSON.stringify(s)}`).join(', ')}`, () => {
      const spec = loadNamedPayload(payload);
      const bert = payload.startsWith('modelmesh-bert');
      assert.deepEqual(
        spec.inputs.map((t) => [t.name, t.shape, t.datatype]),
        inputs.map(([n, s]) => [n, s, bert ? 'INT32' : 'FP32']),
      );
      // B applies to every type with a batch dimension.
      assert.deepEqual(loadNamedPayload(payload, 2).inputs[0].shape[0], 2);
    });
  }

  it('the BERT [1,128] variant asks only for bert_encoder_1', () => {
    assert.deepEqual(loadNamedPayload('modelmesh-bert-128').outputs, [{ name: 'bert_encoder_1' }]);
    assert.deepEqual(expectedOutputs(loadNamedPayloadTemplate('modelmesh-bert-128'), 1), { outputs: [{ name: 'bert_encoder_1' }] });
  });
});

describe('expected outputs in the templates', () => {
  it('expands -1 to B', () => {
    assert.deepEqual(expectedOutputs(loadNamedPayloadTemplate('tfsimple'), 3), {
      outputs: [
        { name: 'OUTPUT0', datatype: 'INT32', shape: [3, 16] },
        { name: 'OUTPUT1', datatype: 'INT32', shape: [3, 16] },
      ],
    });
    assert.deepEqual(expectedOutputs(loadNamedPayloadTemplate('add10'), 1), { outputs: [{ name: 'OUTPUT', datatype: 'FP32', shape: [4] }] });
    assert.deepEqual(expectedOutputs(loadNamedPayloadTemplate('iris'), 2), { outputs: [{ name: 'predict' }] });
  });

  it('is null for types whose outputs the spec leaves open', () => {
    assert.equal(expectedOutputs(loadNamedPayloadTemplate('synth'), 1), null);
    assert.equal(expectedOutputs(loadNamedPayloadTemplate('tfresnet152'), 1), null);
  });

  it('rejects malformed outputs sections', () => {
    const base = { model: 'm', batchDimension: true, inputs: [{ name: 'x', datatype: 'FP32', shape: [-1], fill: { kind: 'zeros' } }] };
    const bad: Array<[unknown, RegExp]> = [
      [{ ...base, outputs: {} }, /"outputs" must be an array/],
      [{ ...base, outputs: [{}] }, /outputs\[0\] needs a non-empty "name"/],
      [{ ...base, outputs: [{ name: 'y' }, { name: 'y' }] }, /"y" appears more than once/],
      [{ ...base, outputs: [{ name: 'y', datatype: 'FLOAT' }] }, /unknown datatype/],
      [{ ...base, outputs: [{ name: 'y', shape: [2, -1] }] }, /"shape" must be/],
      [{ ...base, requestOutputs: [] }, /"requestOutputs" must be a non-empty array/],
    ];
    for (const [value, error] of bad) assert.throws(() => parsePayloadTemplate(value, 't.json'), (e: unknown) => e instanceof UsageError && error.test(e.message));
  });

  it('every zoo template matches the reference server model of the same name', () => {
    for (const model of REFERENCE_MODELS) {
      const template = loadNamedPayloadTemplate(model.name);
      assert.deepEqual(
        template.inputs.map((t) => [t.name, t.datatype, t.shape.length]),
        model.inputs.map((t) => [t.name, t.datatype, t.shape.length]),
        model.name,
      );
      const expect = expectedOutputs(template, 2);
      for (const want of expect?.outputs ?? []) {
        const out = model.outputs.find((o) => o.name === want.name);
        assert.ok(out !== undefined, `${model.name} serves ${want.name}`);
        if (want.datatype !== undefined) assert.equal(out.datatype, want.datatype);
      }
    }
  });
});
