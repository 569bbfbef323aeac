/**
 * SeldonMessage JSON payload files (spec: inference-protocols.md 5.1): `{"data": {"names"?,
 * "tensor": {"shape", "values"}}}` or `{"data": {"ndarray": [[...]]}}`, read as one FP32 tensor.
 */
import { UsageError } from '../core/errors.js';
import { nestedShape } from './nested-json.js';
import { flattenTensorData } from './tensor-data.js';
import type { PayloadSpec } from './tensor-spec.js';
import { UNNAMED_INPUT } from './payload-tfserving.js';

/** SELDON_OTHER_DATA are the SeldonMessage payload alternatives to `data` that loadgen cannot send. */
const SELDON_OTHER_DATA = ['binData', 'strData', 'jsonData', 'customData'] as const;

/** SELDON_KEYS are the top-level keys that mark a SeldonMessage. */
export const SELDON_KEYS: readonly string[] = ['data', ...SELDON_OTHER_DATA];

/**
 * payloadFromSeldon converts a SeldonMessage into one FP32 tensor named `input` (Seldon tensors
 * are doubles, so integers stay FP32); the caller validates the result. `names` (column names)
 * and `meta` are not sent. Problems throw a UsageError starting with source.
 */
export function payloadFromSeldon(body: Record<string, unknown>, source: string): PayloadSpec {
  const fail = (msg: string): never => {
    throw new UsageError(`${source}: ${msg}`);
  };
  for (const k of SELDON_OTHER_DATA) {
    if (body[k] !== undefined) fail(`SeldonMessage "${k}" is not supported in payload files; give "data" with "tensor" or "ndarray"`);
  }
  const data = body.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('SeldonMessage "data" is not an object');
  const d = data as Record<string, unknown>;
  if (d.names !== undefined && (!Array.isArray(d.names) || d.names.some((n) => typeof n !== 'string'))) fail('SeldonMessage "data.names" must be an array of strings');
  if (d.tftensor !== undefined) fail('SeldonMessage "data.tftensor" is not supported in payload files; give "tensor" or "ndarray"');
  if ((d.tensor === undefined) === (d.ndarray === undefined)) return fail('SeldonMessage "data" needs exactly one of "tensor" and "ndarray"');
  if (d.tensor !== undefined) {
    const t = d.tensor;
    if (typeof t !== 'object' || t === null || Array.isArray(t)) return fail('SeldonMessage "data.tensor" is not an object');
    const { shape, values } = t as Record<string, unknown>;
    if (!Array.isArray(values)) return fail('SeldonMessage "data.tensor.values" is missing or not an array');
    return { inputs: [{ name: UNNAMED_INPUT, datatype: 'FP32', shape: shape as number[], data: values as number[] }] };
  }
  const shape = nestedShape(d.ndarray);
  if (!Array.isArray(d.ndarray)) return fail('SeldonMessage "data.ndarray" is not an array');
  if (shape === undefined) return fail(`input "${UNNAMED_INPUT}": ragged nesting in "data.ndarray" (rows of different lengths, or arrays mixed with values)`);
  return { inputs: [{ name: UNNAMED_INPUT, datatype: 'FP32', shape, data: flattenTensorData(d.ndarray) as number[] }] };
}
