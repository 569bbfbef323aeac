/**
 * TF Serving JSON payload files: a predict body (spec: inference-protocols.md 4.1), row format
 * `{"instances": [...]}` or columnar `{"inputs": ...}`, optional `signature_name`. TF Serving
 * JSON carries no datatypes, so they are inferred from the values (see inferDatatype).
 */
import { UsageError } from '../core/errors.js';
import type { Datatype } from './datatype.js';
import { nestedShape } from './nested-json.js';
import { flattenTensorData } from './tensor-data.js';
import type { PayloadSpec, TensorSpec } from './tensor-spec.js';

/**
 * UNNAMED_INPUT names a tensor given without a name (`"instances": [[1,2]]`, `"inputs": [1,2]`).
 * TF Serving maps it to the signature's only input; loadgen has no signature, so it says `input`.
 */
export const UNNAMED_INPUT = 'input';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * payloadFromTfServing converts a TF Serving predict body into a PayloadSpec; the caller validates
 * the result. Row format stacks the instances along a new first (batch) dimension; columnar takes
 * each value's shape from its nesting. `signature_name` must be a string and is otherwise ignored
 * (`--signature` sets it on the wire). Problems throw a UsageError starting with source.
 */
export function payloadFromTfServing(body: Record<string, unknown>, source: string): PayloadSpec {
  const fail = (msg: string): never => {
    throw new UsageError(`${source}: ${msg}`);
  };
  if (body.instances !== undefined && body.inputs !== undefined) fail('give one of "instances" (row format) and "inputs" (columnar format), not both');
  if (body.signature_name !== undefined && typeof body.signature_name !== 'string') fail('"signature_name" must be a string');
  const columns = body.instances !== undefined ? rowColumns(body.instances, fail) : namedValues(body.inputs, '"inputs"', fail);
  return { inputs: [...columns].map(([name, value]) => tensorFromValue(name, value, fail)) };
}

/** isB64 tells a TF Serving binary value `{"b64": "..."}`. */
function isB64(v: unknown): v is { b64: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { b64?: unknown }).b64 === 'string';
}

/** isNamedObject tells a `{name: value}` map from a value (`{"b64": ...}` is a value). */
function isNamedObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isB64(v);
}

function namedValues(v: unknown, where: string, fail: (msg: string) => never): Map<string, unknown> {
  if (!isNamedObject(v)) return new Map([[UNNAMED_INPUT, v]]);
  const entries = Object.entries(v);
  if (entries.length === 0) fail(`${where} names no inputs`);
  return new Map(entries);
}

/** rowColumns turns row-format instances into one stacked value per input. */
function rowColumns(instances: unknown, fail: (msg: string) => never): Map<string, unknown> {
  if (!Array.isArray(instances) || instances.length === 0) return fail('"instances" must be a non-empty array');
  if (!isNamedObject(instances[0])) {
    if (instances.some(isNamedObject)) fail('"instances" mixes named inputs (objects) and unnamed values');
    return new Map([[UNNAMED_INPUT, instances]]);
  }
  const names = Object.keys(instances[0]);
  if (names.length === 0) fail('instances[0] names no inputs');
  const columns = new Map<string, unknown[]>(names.map((n) => [n, []]));
  for (let i = 0; i < instances.length; i++) {
    const row: unknown = instances[i];
    if (!isNamedObject(row)) return fail(`instances[${i}] is not an object of named inputs like instances[0]`);
    for (const name of Object.keys(row)) if (!columns.has(name)) fail(`instances[${i}] has input "${name}" that instances[0] lacks`);
    for (const [name, column] of columns) {
      if (!(name in row)) fail(`instances[${i}] lacks input "${name}"`);
      column.push(row[name]);
    }
  }
  return columns;
}

/** tensorFromValue makes a tensor from a nested value: shape from the nesting, datatype from the leaves. */
function tensorFromValue(name: string, value: unknown, fail: (msg: string) => never): TensorSpec {
  const label = `input "${name}"`;
  const shape = nestedShape(value);
  if (shape === undefined) return fail(`${label}: ragged nesting (rows of different lengths, or arrays mixed with values)`);
  const leaves = Array.isArray(value) ? flattenTensorData(value) : [value];
  const datatype = inferDatatype(leaves, label, fail);
  const data = datatype === 'BYTES' ? leaves.map((v) => (isB64(v) ? Buffer.from(v.b64, 'base64').toString('utf8') : v)) : leaves;
  return { name, datatype, shape, data } as TensorSpec;
}

/**
 * inferDatatype picks a datatype for TF Serving leaves: booleans BOOL; strings and `{"b64"}`
 * BYTES; numbers INT32 when all are integers in int32 range, INT64 when all are integers and one
 * is outside it, FP32 when any is not an integer. No leaves (an empty tensor) gives FP32.
 */
export function inferDatatype(leaves: readonly unknown[], label: string, fail: (msg: string) => never): Datatype {
  let kind: 'number' | 'string' | 'bool' | undefined;
  let integers = true;
  let wide = false;
  for (let i = 0; i < leaves.length; i++) {
    const v = leaves[i];
    let k: typeof kind;
    if (typeof v === 'number') {
      k = 'number';
      if (!Number.isInteger(v)) integers = false;
      else if (v < INT32_MIN || v > INT32_MAX) wide = true;
    } else if (typeof v === 'string' || isB64(v)) k = 'string';
    else if (typeof v === 'boolean') k = 'bool';
    else return fail(`${label}: value ${JSON.stringify(v)} is not a number, string, boolean or {"b64": ...}`);
    if (kind === undefined) kind = k;
    else if (kind !== k) return fail(`${label}: mixes ${kind} and ${k} values`);
  }
  if (kind === 'string') return 'BYTES';
  if (kind === 'bool') return 'BOOL';
  if (kind === undefined || !integers) return 'FP32';
  return wide ? 'INT64' : 'INT32';
}
