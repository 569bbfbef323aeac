/**
 * The `tfsimple` reference model, Triton's `simple` example (spec: model-zoo.md 3): inputs
 * `INPUT0`, `INPUT1` INT32 [B,16]; outputs `OUTPUT0` = INPUT0 + INPUT1 and `OUTPUT1` =
 * INPUT0 - INPUT1, INT32 [B,16], wrapping on overflow as int32 arithmetic does.
 */
import type { TensorSpec } from '../../payloads/tensor-spec.js';
import type { ReferenceModel } from './reference-model.js';

const WIDTH = 16;

/** TFSIMPLE_MODEL is the add/sub model served by the reference server. */
export const TFSIMPLE_MODEL: ReferenceModel = {
  name: 'tfsimple',
  platform: 'tensorflow_graphdef',
  versions: ['1'],
  inputs: [
    { name: 'INPUT0', datatype: 'INT32', shape: [-1, WIDTH] },
    { name: 'INPUT1', datatype: 'INT32', shape: [-1, WIDTH] },
  ],
  outputs: [
    { name: 'OUTPUT0', datatype: 'INT32', shape: [-1, WIDTH] },
    { name: 'OUTPUT1', datatype: 'INT32', shape: [-1, WIDTH] },
  ],
  infer(inputs: readonly TensorSpec[], batchSize: number): TensorSpec[] {
    const a = inputs[0].data as number[];
    const b = inputs[1].data as number[];
    const n = a.length;
    const sum = new Array<number>(n);
    const diff = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      sum[i] = (a[i] + b[i]) | 0;
      diff[i] = (a[i] - b[i]) | 0;
    }
    return [
      { name: 'OUTPUT0', datatype: 'INT32', shape: [batchSize, WIDTH], data: sum },
      { name: 'OUTPUT1', datatype: 'INT32', shape: [batchSize, WIDTH], data: diff },
    ];
  },
};
