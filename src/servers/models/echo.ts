/**
 * The `echo` reference model (spec: model-zoo.md 3, MLServer's echo): input `input_1` BYTES [B];
 * it returns the input unchanged as output `input_1` BYTES [B], as MLServer's echo model does.
 */
import type { TensorSpec } from '../../payloads/tensor-spec.js';
import type { ReferenceModel } from './reference-model.js';

/** ECHO_MODEL returns its input. */
export const ECHO_MODEL: ReferenceModel = {
  name: 'echo',
  platform: 'mlserver',
  versions: ['1'],
  inputs: [{ name: 'input_1', datatype: 'BYTES', shape: [-1] }],
  outputs: [{ name: 'input_1', datatype: 'BYTES', shape: [-1] }],
  infer(inputs: readonly TensorSpec[], batchSize: number): TensorSpec[] {
    return [{ name: 'input_1', datatype: 'BYTES', shape: [batchSize], data: inputs[0].data }];
  },
};
