/**
 * The reference server's TensorFlow Serving REST API (spec: inference-protocols.md 4.1): routes
 * under `/v1/models/`, predict request decoding (row `instances` or columnar `inputs`, `{"b64"}`
 * for BYTES) into the V2 form checkInferRequest validates, and predict/status/metadata answers.
 */
import type { Datatype } from '../payloads/datatype.js';
import { flattenTensorData } from '../payloads/tensor-data.js';
import type { TensorSpec } from '../payloads/tensor-spec.js';
import { nestValues, nestedShape } from '../payloads/nested-json.js';
import { BadInferRequest, checkInferRequest, parseJsonObjectBody, type DecodedInferRequest } from './infer-request.js';
import type { ReferenceModel } from './models/reference-model.js';

/** TfServingRoute is what a `/v1/models/...` path asks for; model, version and label URL-decoded. */
export type TfServingRoute =
  | { readonly kind: 'tfs-predict'; readonly model: string; readonly version: string | undefined; readonly label: string | undefined }
  | { readonly kind: 'tfs-status'; readonly model: string; readonly version: string | undefined; readonly label: string | undefined }
  | { readonly kind: 'tfs-metadata'; readonly model: string; readonly version: string | undefined; readonly label: string | undefined };

const PREFIX = '/v1/models/';

/**
 * parseTfServingRoute maps `/v1/models/{m}[/versions/{v}|/labels/{l}]` plus `:predict` (predict),
 * nothing (status) or `/metadata` (metadata) to a route; anything else (`:classify`,
 * `:regress` included) is undefined.
 */
export function parseTfServingRoute(path: string): TfServingRoute | undefined {
  if (!path.startsWith(PREFIX)) return undefined;
  let rest = path.slice(PREFIX.length);
  let kind: TfServingRoute['kind'] = 'tfs-status';
  if (rest.endsWith(':predict')) {
    kind = 'tfs-predict';
    rest = rest.slice(0, -':predict'.length);
  } else if (rest.endsWith('/metadata')) {
    kind = 'tfs-metadata';
    rest = rest.slice(0, -'/metadata'.length);
  }
  const parts = rest.split('/');
  if (parts.length !== 1 && parts.length !== 3) return undefined;
  if (parts.length === 3 && parts[1] !== 'versions' && parts[1] !== 'labels') return undefined;
  try {
    const model = decodeURIComponent(parts[0]);
    const which = parts.length === 3 ? decodeURIComponent(parts[2]) : undefined;
    if (model === '' || model.includes(':') || which === '') return undefined;
    const version = parts[1] === 'versions' ? which : undefined;
    const label = parts[1] === 'labels' ? which : undefined;
    return { kind, model, version, label };
  } catch {
    return undefined;
  }
}

/** TfServingFormat is the layout of a predict request, which its answer mirrors. */
export type TfServingFormat = 'row' | 'columnar';

/** DecodedTfServingRequest is a checked predict request. */
export interface DecodedTfServingRequest {
  readonly format: TfServingFormat;
  readonly request: DecodedInferRequest;
}

/**
 * decodeTfServingRequest parses a predict body and checks it against model: exactly one of
 * `instances` and `inputs`; one input given unnamed or by name, several by name; rows stacked
 * along a new first dimension; `{"b64"}` leaves decoded for BYTES inputs; datatypes taken from
 * the model. `signature_name` is kept as a request parameter. Problems throw a BadInferRequest.
 */
export function decodeTfServingRequest(body: Buffer, model: ReferenceModel): DecodedTfServingRequest {
  const r = parseJsonObjectBody(body.toString('utf8'));
  if ((r.instances === undefined) === (r.inputs === undefined)) throw new BadInferRequest('give exactly one of "instances" (row format) and "inputs" (columnar format)');
  if (r.signature_name !== undefined && typeof r.signature_name !== 'string') throw new BadInferRequest('"signature_name" must be a string');
  const format: TfServingFormat = r.instances !== undefined ? 'row' : 'columnar';
  const columns = format === 'row' ? rowColumns(r.instances, model) : namedValues(r.inputs, model, '"inputs"');
  const inputs = [...columns].map(([name, value]) => tensorFromJson(name, value, model));
  const v2: Record<string, unknown> = { inputs };
  if (r.signature_name !== undefined) v2.parameters = { signature_name: r.signature_name };
  return { format, request: checkInferRequest(v2, model) };
}

/** isNamedObject tells a `{name: value}` map from a value (`{"b64": ...}` is a value). */
function isNamedObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !('b64' in v && Object.keys(v).length === 1);
}

/** namedValues reads a single-input value or a `{name: value}` map. */
function namedValues(v: unknown, model: ReferenceModel, where: string): Map<string, unknown> {
  if (isNamedObject(v)) return new Map(Object.entries(v));
  if (model.inputs.length !== 1) throw new BadInferRequest(`${where}: model "${model.name}" has ${model.inputs.length} inputs; name them`);
  return new Map([[model.inputs[0].name, v]]);
}

/** rowColumns turns row-format instances into one stacked value per input. */
function rowColumns(instances: unknown, model: ReferenceModel): Map<string, unknown> {
  if (!Array.isArray(instances) || instances.length === 0) throw new BadInferRequest('"instances" must be a non-empty array');
  const columns = new Map<string, unknown[]>();
  for (let i = 0; i < instances.length; i++) {
    for (const [name, value] of namedValues(instances[i], model, `instances[${i}]`)) {
      let column = columns.get(name);
      if (column === undefined) {
        if (i > 0) throw new BadInferRequest(`instances[${i}] has input "${name}" that instances[0] lacks`);
        column = [];
        columns.set(name, column);
      }
      column.push(value);
    }
    for (const [name, column] of columns) {
      if (column.length !== i + 1) throw new BadInferRequest(`instances[${i}] lacks input "${name}"`);
    }
  }
  return columns;
}

/** tensorFromJson makes a V2 input object from a nested value, shape read from the nesting. */
function tensorFromJson(name: string, value: unknown, model: ReferenceModel): Record<string, unknown> {
  const meta = model.inputs.find((m) => m.name === name);
  const shape = nestedShape(value);
  if (shape === undefined) throw new BadInferRequest(`input "${name}": the value is not a rectangular array`);
  let data = Array.isArray(value) ? flattenTensorData(value) : [value];
  if (meta?.datatype === 'BYTES') data = data.map((v) => (isB64(v) ? Buffer.from(v.b64, 'base64').toString('utf8') : v));
  // The datatype comes from the model (TF Serving JSON has none); unknown names fail in the check.
  return { name, shape, datatype: meta?.datatype ?? 'FP32', data };
}

function isB64(v: unknown): v is { b64: string } {
  return typeof v === 'object' && v !== null && typeof (v as { b64?: unknown }).b64 === 'string';
}

/**
 * encodeTfServingResponse answers a predict in the request's format: `{"predictions": [...]}`
 * split along dimension 0, or `{"outputs": ...}`; one output unwrapped, several keyed by name;
 * BYTES outputs whose names end in `_bytes` as `{"b64"}`.
 */
export function encodeTfServingResponse(outputs: readonly TensorSpec[], format: TfServingFormat): Buffer {
  if (format === 'columnar') {
    if (outputs.length === 1) return json({ outputs: outputJson(outputs[0]) });
    const named: Record<string, unknown> = {};
    for (const o of outputs) named[o.name] = outputJson(o);
    return json({ outputs: named });
  }
  const rows = outputs[0].shape.length === 0 ? 1 : outputs[0].shape[0];
  const split = outputs.map((o) => splitRows(o, rows));
  const predictions = new Array<unknown>(rows);
  for (let i = 0; i < rows; i++) {
    if (outputs.length === 1) predictions[i] = split[0][i];
    else {
      const row: Record<string, unknown> = {};
      outputs.forEach((o, k) => (row[o.name] = split[k][i]));
      predictions[i] = row;
    }
  }
  return json({ predictions });
}

function outputJson(o: TensorSpec): unknown {
  return o.datatype === 'BYTES' && o.name.endsWith('_bytes') ? nestValues(o.data as string[], o.shape, b64) : nestValues<unknown>(o.data, o.shape);
}

function splitRows(o: TensorSpec, rows: number): unknown[] {
  if (o.shape.length === 0 || o.shape[0] !== rows) return new Array<unknown>(rows).fill(outputJson(o));
  const inner = o.shape.slice(1);
  const stride = o.data.length / rows;
  const out = new Array<unknown>(rows);
  for (let i = 0; i < rows; i++) out[i] = outputJson({ ...o, shape: inner, data: o.data.slice(i * stride, (i + 1) * stride) as TensorSpec['data'] });
  return out;
}

function b64(v: string): { b64: string } {
  return { b64: Buffer.from(v, 'utf8').toString('base64') };
}

/** tfServingStatus answers `GET /v1/models/{m}`: one version with its TF Serving state. */
export function tfServingStatus(version: string, state: 'AVAILABLE' | 'LOADING' | 'END'): Buffer {
  return json({ model_version_status: [{ version, state, status: { error_code: 'OK', error_message: '' } }] });
}

/** tfServingMetadata answers `GET /v1/models/{m}/metadata` with a `serving_default` signature. */
export function tfServingMetadata(model: ReferenceModel, version: string): Buffer {
  const tensors = (list: ReferenceModel['inputs']): Record<string, unknown> =>
    Object.fromEntries(list.map((t) => [t.name, { dtype: TF_DTYPES[t.datatype], tensor_shape: { dim: t.shape.map((size) => ({ size: String(size), name: '' })) }, name: t.name }]));
  const signature = { inputs: tensors(model.inputs), outputs: tensors(model.outputs), method_name: 'tensorflow/serving/predict' };
  return json({
    model_spec: { name: model.name, signature_name: '', version },
    metadata: { signature_def: { signature_def: { serving_default: signature } } },
  });
}

/** TF_DTYPES maps OIP datatypes to TensorFlow DataType enum names. */
const TF_DTYPES: Readonly<Record<Datatype, string>> = {
  BOOL: 'DT_BOOL',
  UINT8: 'DT_UINT8',
  UINT16: 'DT_UINT16',
  UINT32: 'DT_UINT32',
  UINT64: 'DT_UINT64',
  INT8: 'DT_INT8',
  INT16: 'DT_INT16',
  INT32: 'DT_INT32',
  INT64: 'DT_INT64',
  FP16: 'DT_HALF',
  FP32: 'DT_FLOAT',
  FP64: 'DT_DOUBLE',
  BYTES: 'DT_STRING',
  BF16: 'DT_BFLOAT16',
};

/** tfServingError is a TF Serving error body `{"error": "..."}`. */
export function tfServingError(message: string): Buffer {
  return json({ error: message });
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}
