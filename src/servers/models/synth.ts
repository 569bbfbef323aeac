/**
 * The `synth` reference model, standing in for Seldon's reference workload model (spec:
 * model-zoo.md 3): input `input_1` BYTES [B]; it returns its input as output `input_1`. Its
 * configured latency (normal, 100 ms) is the reference server's `latency` option, not the model's.
 */
import type { TensorSpec } from '../../payloads/tensor-spec.js';
import type { ReferenceModel } from './reference-model.js';

/** SYNTH_MODEL returns its input. */
export const SYNTH_MODEL: ReferenceModel = {
  name: 'synth',
  platform: 'mlserver',
  versions: ['1'],
  inputs: [{ name: 'input_1', datatype: 'BYTES', shape: [-1] }],
  outputs: [{ name: 'input_1', datatype: 'BYTES', shape: [-1] }],
  infer(inputs: readonly TensorSpec[], batchSize: number): TensorSpec[] {
    return [{ name: 'input_1', datatype: 'BYTES', shape: [batchSize], data: inputs[0].data }];
  },
};
