/**
 * seldonRequestBody maps a payload to a SeldonMessage (spec: inference-protocols.md 5.1), the
 * body both Seldon's REST request and its gRPC Predict call carry. A SeldonMessage carries one
 * tensor: several inputs must each be a column and travel as a table with their names.
 */
import { UsageError } from '../core/errors.js';
import { nestValues } from './nested-json.js';
import type { PayloadSpec, TensorSpec } from './tensor-spec.js';

/** SeldonDataFormat is how the tensor travels: `ndarray` or `tensor`. */
export type SeldonDataFormat = 'ndarray' | 'tensor';

/** SELDON_DATA_FORMATS lists the formats, for flag parsing and errors. */
export const SELDON_DATA_FORMATS: readonly SeldonDataFormat[] = ['ndarray', 'tensor'];

/** SeldonMessageBody is the JSON SeldonMessage sent. */
export interface SeldonMessageBody {
  data: {
    names?: string[];
    ndarray?: unknown;
    tensor?: { shape: number[]; values: number[] };
  };
}

/** seldonRequestBody maps a payload to a SeldonMessage in the given format. */
export function seldonRequestBody(payload: PayloadSpec, format: SeldonDataFormat): SeldonMessageBody {
  const inputs = payload.inputs;
  if (format === 'tensor') {
    for (const t of inputs) {
      if (t.datatype === 'BYTES' || t.datatype === 'BOOL') {
        throw new UsageError(`Seldon tensor format: input "${t.name}" is ${t.datatype}, but tensor values are numbers; use the ndarray format`);
      }
    }
  }
  if (inputs.length === 1) {
    const t = inputs[0];
    if (format === 'tensor') return { data: { tensor: { shape: t.shape, values: t.data as number[] } } };
    return { data: { ndarray: nestValues<unknown>(t.data, t.shape) } };
  }
  const rows = columnRows(inputs);
  const names = inputs.map((t) => t.name);
  if (format === 'tensor') {
    const values = new Array<number>(rows * inputs.length);
    for (let r = 0; r < rows; r++) for (let k = 0; k < inputs.length; k++) values[r * inputs.length + k] = inputs[k].data[r] as number;
    return { data: { names, tensor: { shape: [rows, inputs.length], values } } };
  }
  const ndarray = new Array<unknown[]>(rows);
  for (let r = 0; r < rows; r++) ndarray[r] = inputs.map((t) => t.data[r]);
  return { data: { names, ndarray } };
}

/** columnRows checks that several inputs are columns ([B] or [B,1] each, one B) and returns B. */
function columnRows(inputs: readonly TensorSpec[]): number {
  let rows = -1;
  for (const t of inputs) {
    const column = t.shape.length === 1 || (t.shape.length === 2 && t.shape[1] === 1);
    if (!column) {
      throw new UsageError(
        `Seldon: a SeldonMessage carries one tensor; input "${t.name}" has shape ${JSON.stringify(t.shape)}, and several inputs must each be a column ([B] or [B,1])`,
      );
    }
    if (rows === -1) rows = t.shape[0];
    else if (t.shape[0] !== rows) throw new UsageError(`Seldon: input "${t.name}" has ${t.shape[0]} rows, the others ${rows}`);
  }
  return rows;
}
