/**
 * V2 gRPC protojson payload files: a `ModelInferRequest` as k6, grpcurl and ghz read it (spec:
 * inference-protocols.md 2.2, 2.3 and 2.6). Keys may be proto names (`fp32_contents`) or
 * lowerCamelCase (`fp32Contents`); 64-bit integers may be strings; `bytes_contents` is base64;
 * parameters are `InferParameter` objects such as `{"string_param": "pd"}`.
 */
import { UsageError } from '../core/errors.js';
import type { Datatype } from './datatype.js';
import type { Parameters, ParameterValue, PayloadSpec, RequestedOutput, TensorSpec } from './tensor-spec.js';

/** ContentsField is an `InferTensorContents` field, by its proto name. */
type ContentsField =
  | 'bool_contents'
  | 'int_contents'
  | 'int64_contents'
  | 'uint_contents'
  | 'uint64_contents'
  | 'fp32_contents'
  | 'fp64_contents'
  | 'bytes_contents';

const CONTENTS_FIELDS: readonly ContentsField[] = [
  'bool_contents',
  'int_contents',
  'int64_contents',
  'uint_contents',
  'uint64_contents',
  'fp32_contents',
  'fp64_contents',
  'bytes_contents',
];

/** CONTENTS_FOR is the contents field each datatype uses (1.5); FP16 and BF16 are raw only. */
const CONTENTS_FOR: Readonly<Record<Datatype, ContentsField | undefined>> = {
  BOOL: 'bool_contents',
  UINT8: 'uint_contents',
  UINT16: 'uint_contents',
  UINT32: 'uint_contents',
  UINT64: 'uint64_contents',
  INT8: 'int_contents',
  INT16: 'int_contents',
  INT32: 'int_contents',
  INT64: 'int64_contents',
  FP16: undefined,
  FP32: 'fp32_contents',
  FP64: 'fp64_contents',
  BYTES: 'bytes_contents',
  BF16: undefined,
};

/** PROTOJSON_MARKERS are request keys only the gRPC form has. */
const PROTOJSON_MARKERS = ['model_name', 'model_version', 'raw_input_contents'] as const;

/** camel turns a proto field name into its lowerCamelCase JSON name (`fp32_contents` -> `fp32Contents`). */
function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** field reads a protojson field under its proto name or its lowerCamelCase name. */
function field(obj: Record<string, unknown>, name: string): unknown {
  return obj[name] !== undefined ? obj[name] : obj[camel(name)];
}

/**
 * looksLikeProtojson tells a gRPC `ModelInferRequest` from a V2 REST body: a gRPC-only request
 * key, or an input carrying `contents` instead of `data`.
 */
export function looksLikeProtojson(body: Record<string, unknown>): boolean {
  if (PROTOJSON_MARKERS.some((k) => field(body, k) !== undefined)) return true;
  const inputs = body.inputs;
  return Array.isArray(inputs) && inputs.some((t) => typeof t === 'object' && t !== null && (t as Record<string, unknown>).contents !== undefined);
}

/**
 * payloadFromProtojson converts a protojson `ModelInferRequest` into a PayloadSpec; the caller
 * validates the result. `model_name`, `model_version` and `id` are ignored (the model comes from
 * the command line). `raw_input_contents` is rejected. Problems throw a UsageError starting with source.
 */
export function payloadFromProtojson(body: Record<string, unknown>, source: string): PayloadSpec {
  const fail = (msg: string): never => {
    throw new UsageError(`${source}: ${msg}`);
  };
  const raw = field(body, 'raw_input_contents');
  if (raw !== undefined && !(Array.isArray(raw) && raw.length === 0)) {
    fail('"raw_input_contents" is not supported in payload files; give each input\'s "contents" (e.g. "fp32_contents")');
  }
  const inputs = body.inputs;
  if (!Array.isArray(inputs)) fail('ModelInferRequest has no "inputs" array');
  const spec: PayloadSpec = { inputs: (inputs as unknown[]).map((t, i) => tensorFromProtojson(t, i, fail)) };
  const params = body.parameters;
  if (params !== undefined) spec.parameters = parametersFromProtojson(params, 'request parameters', fail);
  const outputs = body.outputs;
  if (outputs !== undefined) {
    if (!Array.isArray(outputs)) fail('"outputs" is not an array');
    spec.outputs = (outputs as unknown[]).map((o, i) => {
      if (!isObject(o)) return fail(`outputs[${i}] is not an object`);
      const out = { name: o.name } as RequestedOutput;
      if (o.parameters !== undefined) out.parameters = parametersFromProtojson(o.parameters, `outputs[${i}] parameters`, fail);
      return out;
    });
  }
  return spec;
}

function tensorFromProtojson(input: unknown, index: number, fail: (msg: string) => never): TensorSpec {
  if (!isObject(input)) return fail(`inputs[${index}] is not an object`);
  const label = typeof input.name === 'string' && input.name !== '' ? `input "${input.name}"` : `inputs[${index}]`;
  const shape = Array.isArray(input.shape) ? input.shape.map((d) => (typeof d === 'string' && /^\d+$/.test(d) ? Number(d) : d)) : input.shape;
  const datatype = input.datatype;
  const spec = { name: input.name, datatype, shape } as TensorSpec;
  if (input.parameters !== undefined) spec.parameters = parametersFromProtojson(input.parameters, `${label}: parameters`, fail);
  const contents = input.contents;
  if (contents === undefined) return fail(`${label}: "contents" is missing`);
  if (!isObject(contents)) return fail(`${label}: "contents" is not an object`);
  const given: ContentsField[] = [];
  for (const key of Object.keys(contents)) {
    const f = CONTENTS_FIELDS.find((c) => c === key || camel(c) === key);
    if (f === undefined) return fail(`${label}: unknown contents field "${key}"`);
    const values = contents[key];
    if (!Array.isArray(values)) return fail(`${label}: "${key}" is not an array`);
    if (values.length > 0) given.push(f);
  }
  if (given.length > 1) return fail(`${label}: "contents" sets more than one field (${given.join(', ')})`);
  if (typeof datatype === 'string' && datatype in CONTENTS_FOR) {
    const want = CONTENTS_FOR[datatype as Datatype];
    if (want === undefined) return fail(`${label}: datatype ${datatype} can only be sent as raw contents, which payload files do not support`);
    if (given.length === 1 && given[0] !== want) return fail(`${label}: datatype ${datatype} needs "${want}", got "${given[0]}"`);
  }
  // Unknown datatypes fall through to validatePayload, which names them.
  if (given.length === 0) {
    spec.data = [];
    return spec;
  }
  const values = field(contents, given[0]) as unknown[];
  spec.data = convertContents(given[0], values, label, fail) as TensorSpec['data'];
  return spec;
}

/** convertContents turns protojson values into JSON tensor elements: 64-bit strings to numbers, base64 to text. */
function convertContents(f: ContentsField, values: unknown[], label: string, fail: (msg: string) => never): unknown[] {
  switch (f) {
    case 'bytes_contents':
      return values.map((v, i) => {
        if (typeof v !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(v)) return fail(`${label}: bytes_contents[${i}] is not a base64 string`);
        // BYTES elements travel as text in a PayloadSpec, so the bytes are read as UTF-8.
        return Buffer.from(v, 'base64').toString('utf8');
      });
    case 'int64_contents':
    case 'uint64_contents':
    case 'fp32_contents':
    case 'fp64_contents':
      // protojson writes 64-bit integers, and NaN/Infinity floats, as strings.
      return values.map((v, i) => {
        if (typeof v !== 'string') return v;
        const n = Number(v);
        if (v.trim() === '' || Number.isNaN(n)) return fail(`${label}: ${f}[${i}] ${JSON.stringify(v)} is not a number`);
        if (f.endsWith('64_contents') && f !== 'fp64_contents' && !Number.isSafeInteger(n)) {
          return fail(`${label}: ${f}[${i}] ${v} is beyond 2^53, which loadgen cannot send exactly`);
        }
        return n;
      });
    default:
      return values;
  }
}

/** parametersFromProtojson turns an `InferParameter` map into OIP parameter values. */
function parametersFromProtojson(params: unknown, where: string, fail: (msg: string) => never): Parameters {
  if (!isObject(params)) return fail(`${where}: not an object`);
  const out: Parameters = {};
  for (const [key, value] of Object.entries(params)) out[key] = parameterValue(value, `${where}: "${key}"`, fail);
  return out;
}

function parameterValue(value: unknown, where: string, fail: (msg: string) => never): ParameterValue {
  // Plain values are accepted too, as a V2 REST body would give them.
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (!isObject(value)) return fail(`${where} must be an InferParameter object such as {"string_param": "pd"}`);
  const keys = Object.keys(value);
  if (keys.length !== 1) return fail(`${where} must set exactly one of bool_param, int64_param, string_param, double_param, uint64_param`);
  const v = value[keys[0]];
  switch (keys[0]) {
    case 'bool_param':
    case 'boolParam':
      if (typeof v === 'boolean') return v;
      break;
    case 'string_param':
    case 'stringParam':
      if (typeof v === 'string') return v;
      break;
    case 'int64_param':
    case 'int64Param':
    case 'uint64_param':
    case 'uint64Param':
    case 'double_param':
    case 'doubleParam': {
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
      if (typeof n === 'number' && Number.isFinite(n)) return n;
      break;
    }
    default:
      return fail(`${where}: unknown InferParameter field "${keys[0]}"`);
  }
  return fail(`${where}: ${keys[0]} has the wrong type`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
