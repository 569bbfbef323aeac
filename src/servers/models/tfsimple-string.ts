/**
 * The `tfsimple_string` reference model, Triton's `simple_string` example (spec: model-zoo.md 3):
 * inputs `INPUT0`, `INPUT1` BYTES [B,16] holding decimal integers; outputs `OUTPUT0` = INPUT0 +
 * INPUT1 and `OUTPUT1` = INPUT0 - INPUT1 as decimal strings, BYTES [B,16], int32 arithmetic.
 */
import type { TensorSpec } from '../../payloads/tensor-spec.js';
import { BadInferRequest } from '../infer-request.js';
import type { ReferenceModel } from './reference-model.js';

const WIDTH = 16;
const DECIMAL = /^[+-]?\d{1,10}$/;

/** TFSIMPLE_STRING_MODEL is the string add/sub model served by the reference server. */
export const TFSIMPLE_STRING_MODEL: ReferenceModel = {
  name: 'tfsimple_string',
  platform: 'tensorflow_graphdef',
  versions: ['1'],
  inputs: [
    { name: 'INPUT0', datatype: 'BYTES', shape: [-1, WIDTH] },
    { name: 'INPUT1', datatype: 'BYTES', shape: [-1, WIDTH] },
  ],
  outputs: [
    { name: 'OUTPUT0', datatype: 'BYTES', shape: [-1, WIDTH] },
    { name: 'OUTPUT1', datatype: 'BYTES', shape: [-1, WIDTH] },
  ],
  infer(inputs: readonly TensorSpec[], batchSize: number): TensorSpec[] {
    const a = inputs[0].data as string[];
    const b = inputs[1].data as string[];
    const n = a.length;
    const sum = new Array<string>(n);
    const diff = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const x = decimal(a[i], 'INPUT0', i);
      const y = decimal(b[i], 'INPUT1', i);
      sum[i] = String((x + y) | 0);
      diff[i] = String((x - y) | 0);
    }
    return [
      { name: 'OUTPUT0', datatype: 'BYTES', shape: [batchSize, WIDTH], data: sum },
      { name: 'OUTPUT1', datatype: 'BYTES', shape: [batchSize, WIDTH], data: diff },
    ];
  },
};

function decimal(s: string, input: string, i: number): number {
  if (!DECIMAL.test(s)) throw new BadInferRequest(`input "${input}": data[${i}] ${JSON.stringify(s.slice(0, 20))} is not a decimal integer`);
  return Number(s) | 0;
}
