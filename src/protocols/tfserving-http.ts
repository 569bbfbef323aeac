/**
 * The TensorFlow Serving REST predict request builder (spec: inference-protocols.md 4.1):
 * `POST <base>/v1/models/<m>[/versions/<v> | /labels/<l>]:predict` with a JSON body in row format
 * (`{"instances": [...]}`, one entry per index of dimension 0) or columnar format
 * (`{"inputs": ...}`), BYTES values as `{"b64": ...}`, and an optional `signature_name`.
 *
 * One input is sent unnamed (`"instances": [v0, v1]`, `"inputs": v`), several as objects keyed by
 * input name. TF Serving has no request parameters or output selection over REST, so a payload's
 * `parameters` and `outputs` are not sent.
 */
import { UsageError } from '../core/errors.js';
import type { PayloadSpec, TensorSpec } from '../payloads/tensor-spec.js';
import { parseBaseUrl } from './base-url.js';
import { nestValues } from '../payloads/nested-json.js';
import type { PreparedHttpRequest } from './prepared-request.js';

/** TfServingFormat is the request layout: `row` (`instances`) or `columnar` (`inputs`). */
export type TfServingFormat = 'row' | 'columnar';

/** TF_SERVING_FORMATS lists the formats, for flag parsing and errors. */
export const TF_SERVING_FORMATS: readonly TfServingFormat[] = ['row', 'columnar'];

/** TfServingRequestOptions are the inputs of buildTfServingHttpRequest. */
export interface TfServingRequestOptions {
  /** baseUrl is the server's URL, e.g. `http://127.0.0.1:8501`, optionally with a path prefix. */
  baseUrl: string;
  model: string;
  /** version selects `/versions/<v>`; label `/labels/<l>`; at most one of the two. */
  version?: string;
  label?: string;
  payload: PayloadSpec;
  /** format defaults to `row`. */
  format?: TfServingFormat;
  /** signatureName is sent as `signature_name` when given (TF Serving's default is `serving_default`). */
  signatureName?: string;
}

/** TfServingRequestBody is the JSON body of a predict request. */
export interface TfServingRequestBody {
  signature_name?: string;
  instances?: unknown[];
  inputs?: unknown;
}

/**
 * buildTfServingHttpRequest prepares the predict request, body encoded once. Bad URLs, an empty
 * model, both a version and a label, or a payload the row format cannot express (a scalar input,
 * inputs whose first dimensions differ) throw a one-line UsageError.
 */
export function buildTfServingHttpRequest(opts: TfServingRequestOptions): PreparedHttpRequest {
  const { origin, prefix } = parseBaseUrl(opts.baseUrl);
  const path = `${tfServingModelPath(prefix, opts)}:predict`;
  const body = tfServingRequestBody(opts.payload, opts.format ?? 'row', opts.signatureName);
  return { method: 'POST', origin, path, headers: [['content-type', 'application/json']], body: Buffer.from(JSON.stringify(body)) };
}

/** tfServingModelStatusUrl is the model status endpoint (`GET /v1/models/<m>[/versions/<v>]`), 200 once it serves. */
export function tfServingModelStatusUrl(opts: Pick<TfServingRequestOptions, 'baseUrl' | 'model' | 'version' | 'label'>): string {
  const { origin, prefix } = parseBaseUrl(opts.baseUrl);
  return origin + tfServingModelPath(prefix, opts);
}

/** tfServingModelPath is `<prefix>/v1/models/<m>[/versions/<v> | /labels/<l>]`. */
function tfServingModelPath(prefix: string, opts: Pick<TfServingRequestOptions, 'model' | 'version' | 'label'>): string {
  if (opts.model === '') throw new UsageError('--model: the model name is empty');
  const version = opts.version ?? '';
  const label = opts.label ?? '';
  if (version !== '' && label !== '') throw new UsageError('TF Serving: give a model version or a label, not both');
  let path = `${prefix}/v1/models/${encodeURIComponent(opts.model)}`;
  if (version !== '') path += `/versions/${encodeURIComponent(version)}`;
  if (label !== '') path += `/labels/${encodeURIComponent(label)}`;
  return path;
}

/** tfServingRequestBody maps a payload to a predict body in the given format. */
export function tfServingRequestBody(payload: PayloadSpec, format: TfServingFormat, signatureName?: string): TfServingRequestBody {
  const body: TfServingRequestBody = {};
  if (signatureName !== undefined && signatureName !== '') body.signature_name = signatureName;
  if (format === 'columnar') {
    body.inputs = payload.inputs.length === 1 ? tensorJson(payload.inputs[0]) : named(payload.inputs, tensorJson);
    return body;
  }
  const rows = rowCount(payload.inputs);
  const perInput = payload.inputs.map((t) => instancesOf(t, rows));
  const instances = new Array<unknown>(rows);
  for (let i = 0; i < rows; i++) {
    if (perInput.length === 1) instances[i] = perInput[0][i];
    else {
      const obj: Record<string, unknown> = {};
      for (let k = 0; k < perInput.length; k++) obj[payload.inputs[k].name] = perInput[k][i];
      instances[i] = obj;
    }
  }
  body.instances = instances;
  return body;
}

/** b64Value is how TF Serving REST carries one binary (BYTES) element. */
function b64Value(v: string | number | boolean): { b64: string } {
  return { b64: Buffer.from(String(v), 'utf8').toString('base64') };
}

function tensorJson(t: TensorSpec): unknown {
  return t.datatype === 'BYTES' ? nestValues(t.data as string[], t.shape, b64Value) : nestValues<unknown>(t.data, t.shape);
}

function named(inputs: readonly TensorSpec[], encode: (t: TensorSpec) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const t of inputs) out[t.name] = encode(t);
  return out;
}

/** rowCount is the shared first dimension the row format splits on. */
function rowCount(inputs: readonly TensorSpec[]): number {
  let rows = -1;
  for (const t of inputs) {
    if (t.shape.length === 0) throw new UsageError(`TF Serving row format: input "${t.name}" is a scalar; use the columnar format`);
    if (rows === -1) rows = t.shape[0];
    else if (t.shape[0] !== rows) {
      throw new UsageError(`TF Serving row format: inputs' first dimensions differ (${rows} and ${t.shape[0]} for "${t.name}"); use the columnar format`);
    }
  }
  return rows;
}

/** instancesOf splits a tensor along dimension 0 into rows nested to shape[1:]. */
function instancesOf(t: TensorSpec, rows: number): unknown[] {
  const inner = t.shape.slice(1);
  let stride = 1;
  for (const d of inner) stride *= d;
  const data = t.data as readonly unknown[];
  const out = new Array<unknown>(rows);
  for (let i = 0; i < rows; i++) {
    const slice = data.slice(i * stride, (i + 1) * stride);
    out[i] = t.datatype === 'BYTES' ? nestValues(slice as string[], inner, b64Value) : nestValues(slice, inner);
  }
  return out;
}
