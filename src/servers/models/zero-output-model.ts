/**
 * zeroOutputModel makes a reference model that accepts a model type by shape only: requests are
 * checked against its input metadata like any other, and it answers zeros (BYTES: empty strings,
 * BOOL: false) of its declared output shapes. It stands in for models too costly to compute
 * (ResNet, GPT-2) or not worth reimplementing (sentiment, wine quality).
 */
import type { Datatype } from '../../payloads/datatype.js';
import type { TensorSpec } from '../../payloads/tensor-spec.js';
import type { ReferenceModel, TensorMetadata } from './reference-model.js';

/** ZeroOutputModelSpec is the metadata of a shape-only model. */
export interface ZeroOutputModelSpec {
  readonly name: string;
  readonly platform: string;
  readonly inputs: readonly TensorMetadata[];
  readonly outputs: readonly TensorMetadata[];
}

/** ZERO_CACHE_ENTRIES bounds the zero-filled arrays kept for reuse (one per datatype kind and length). */
const ZERO_CACHE_ENTRIES = 16;

/**
 * zeroOutputModel builds the model. An output dimension of -1 becomes the batch size in first
 * position and, elsewhere, the first input's size in that position (GPT-2's sequence length).
 */
export function zeroOutputModel(spec: ZeroOutputModelSpec): ReferenceModel {
  const cache = new Map<string, TensorSpec['data']>();
  return {
    name: spec.name,
    platform: spec.platform,
    versions: ['1'],
    inputs: spec.inputs,
    outputs: spec.outputs,
    infer(inputs: readonly TensorSpec[], batchSize: number): TensorSpec[] {
      const first = inputs[0].shape;
      return spec.outputs.map((o) => {
        const shape = o.shape.map((d, i) => (d !== -1 ? d : i === 0 ? batchSize : (first[i] ?? 1)));
        let count = 1;
        for (const d of shape) count *= d;
        return { name: o.name, datatype: o.datatype, shape, data: zeros(cache, o.datatype, count) };
      });
    },
  };
}

function zeros(cache: Map<string, TensorSpec['data']>, datatype: Datatype, count: number): TensorSpec['data'] {
  const kind = datatype === 'BYTES' ? 's' : datatype === 'BOOL' ? 'b' : 'n';
  const key = `${kind}${count}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const data = (kind === 's' ? new Array<string>(count).fill('') : kind === 'b' ? new Array<boolean>(count).fill(false) : new Array<number>(count).fill(0)) as TensorSpec['data'];
  if (cache.size >= ZERO_CACHE_ENTRIES) cache.clear();
  cache.set(key, data);
  return data;
}
