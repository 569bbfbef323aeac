/**
 * The Seldon Core v1 REST prediction request builder (spec: inference-protocols.md 5.1):
 * `POST <base>[/seldon/<namespace>/<deployment>]/api/v1.0/predictions` with a JSON SeldonMessage
 * whose `data` is an `ndarray` (nested arrays) or a `tensor` (`{shape, values}`, numbers only).
 *
 * A SeldonMessage carries one tensor. A one-input payload is sent as is; a payload of several
 * inputs of shape [B] (or [B,1]), such as mlflow_wine's columns, is sent as a B x k table with the
 * input names in `data.names`. Anything else cannot be expressed and throws a UsageError.
 */
import { UsageError } from '../plan/usage-error.js';
import type { PayloadSpec, TensorSpec } from '../payloads/tensor-spec.js';
import { parseBaseUrl } from './base-url.js';
import { nestValues } from '../payloads/nested-json.js';
import type { PreparedHttpRequest } from './prepared-request.js';

/** SeldonDataFormat is how the tensor travels: `ndarray` or `tensor`. */
export type SeldonDataFormat = 'ndarray' | 'tensor';

/** SELDON_DATA_FORMATS lists the formats, for flag parsing and errors. */
export const SELDON_DATA_FORMATS: readonly SeldonDataFormat[] = ['ndarray', 'tensor'];

/** SELDON_PREDICTIONS_PATH is the prediction endpoint below the base URL (and ingress prefix). */
export const SELDON_PREDICTIONS_PATH = '/api/v1.0/predictions';

/** SeldonRequestOptions are the inputs of buildSeldonHttpRequest. */
export interface SeldonRequestOptions {
  /** baseUrl is the deployment's (or ingress') URL, e.g. `http://127.0.0.1:9000`. */
  baseUrl: string;
  payload: PayloadSpec;
  /** format defaults to `ndarray`. */
  format?: SeldonDataFormat;
  /** namespace and deployment, both or neither, add the ingress prefix `/seldon/<namespace>/<deployment>`. */
  namespace?: string;
  deployment?: string;
}

/** SeldonMessageBody is the JSON SeldonMessage sent. */
export interface SeldonMessageBody {
  data: {
    names?: string[];
    ndarray?: unknown;
    tensor?: { shape: number[]; values: number[] };
  };
}

/**
 * buildSeldonHttpRequest prepares the prediction request, body encoded once. Bad URLs, only one
 * of namespace and deployment, or a payload a SeldonMessage cannot carry throw a one-line
 * UsageError.
 */
export function buildSeldonHttpRequest(opts: SeldonRequestOptions): PreparedHttpRequest {
  const { origin, prefix } = parseBaseUrl(opts.baseUrl);
  const ns = opts.namespace ?? '';
  const deployment = opts.deployment ?? '';
  if ((ns === '') !== (deployment === '')) throw new UsageError('Seldon: give both the namespace and the deployment for the ingress path, or neither');
  let path = prefix;
  if (deployment !== '') path += `/seldon/${encodeURIComponent(ns)}/${encodeURIComponent(deployment)}`;
  path += SELDON_PREDICTIONS_PATH;
  const body = seldonRequestBody(opts.payload, opts.format ?? 'ndarray');
  return { method: 'POST', origin, path, headers: [['content-type', 'application/json']], body: Buffer.from(JSON.stringify(body)) };
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
