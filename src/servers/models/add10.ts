/**
 * The `add10` reference model, a Triton python-backend model (spec: model-zoo.md 3): input `INPUT`
 * FP32 [4] with no batch dimension; output `OUTPUT` FP32 [4] = INPUT + 10, in float32.
 */
import type { TensorSpec } from '../../payloads/tensor-spec.js';
import type { ReferenceModel } from './reference-model.js';

const WIDTH = 4;

/** ADD10_MODEL adds 10 to each of its four inputs. */
export const ADD10_MODEL: ReferenceModel = {
  name: 'add10',
  platform: 'python',
  versions: ['1'],
  inputs: [{ name: 'INPUT', datatype: 'FP32', shape: [WIDTH] }],
  outputs: [{ name: 'OUTPUT', datatype: 'FP32', shape: [WIDTH] }],
  infer(inputs: readonly TensorSpec[]): TensorSpec[] {
    const x = inputs[0].data as number[];
    const out = new Array<number>(WIDTH);
    for (let i = 0; i < WIDTH; i++) out[i] = Math.fround(Math.fround(x[i]) + 10);
    return [{ name: 'OUTPUT', datatype: 'FP32', shape: [WIDTH], data: out }];
  },
};
