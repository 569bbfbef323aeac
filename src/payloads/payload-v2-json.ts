/**
 * V2 JSON payload files: an OIP REST inference request body (spec: inference-protocols.md 1.2),
 * `{"inputs": [{name, shape, datatype, data}], "parameters"?, "outputs"?}` with flat or nested data.
 */
import { UsageError } from '../core/errors.js';
import { flattenTensorData } from './tensor-data.js';
import type { PayloadSpec, TensorSpec } from './tensor-spec.js';

/**
 * payloadFromV2Json copies the fields loadgen sends and flattens nested data; the caller validates
 * the result. `id` is ignored: request ids belong to the sender, not to the payload. Binary tensor
 * inputs (`binary_data_size`, no `data`) throw a UsageError starting with source.
 */
export function payloadFromV2Json(body: Record<string, unknown>, source: string): PayloadSpec {
  const inputs = body.inputs as unknown[];
  const spec: PayloadSpec = { inputs: inputs.map((input, i) => toTensorSpec(input, i, source)) };
  if (body.parameters !== undefined) spec.parameters = body.parameters as PayloadSpec['parameters'];
  if (body.outputs !== undefined) spec.outputs = body.outputs as PayloadSpec['outputs'];
  return spec;
}

function toTensorSpec(input: unknown, index: number, source: string): TensorSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new UsageError(`${source}: inputs[${index}] is not an object`);
  }
  const t = input as Record<string, unknown>;
  const label = typeof t.name === 'string' && t.name !== '' ? `input "${t.name}"` : `inputs[${index}]`;
  const params = t.parameters as Record<string, unknown> | undefined;
  if (t.data === undefined && params !== undefined && params.binary_data_size !== undefined) {
    throw new UsageError(`${source}: ${label} uses binary tensor data, which payload files do not support; give "data" as JSON`);
  }
  if (!Array.isArray(t.data)) throw new UsageError(`${source}: ${label}: "data" is missing or not an array`);
  let data: unknown[];
  try {
    data = flattenTensorData(t.data);
  } catch (err) {
    throw new UsageError(`${source}: ${label}: ${(err as Error).message}`);
  }
  const spec = { name: t.name, datatype: t.datatype, shape: t.shape, data } as TensorSpec;
  if (t.parameters !== undefined) spec.parameters = t.parameters as TensorSpec['parameters'];
  return spec;
}
