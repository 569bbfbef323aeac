/**
 * The reference server's Seldon Core v1 REST API (spec: inference-protocols.md 5.1): prediction
 * routes, SeldonMessage decoding into the V2 form checkInferRequest validates, and SeldonMessage
 * answers (one tensor: the model's first requested output).
 *
 * A one-input model takes the message's tensor as its input. A model whose inputs are all
 * columns ([B] or [B,1], like mlflow_wine) takes a B x k table whose `names` name every input.
 */
import { flattenTensorData } from '../payloads/tensor-data.js';
import type { TensorSpec } from '../payloads/tensor-spec.js';
import { nestValues, nestedShape } from '../payloads/nested-json.js';
import { BadInferRequest, checkInferRequest, parseJsonBody, type DecodedInferRequest } from './infer-request.js';
import type { ReferenceModel } from './models/reference-model.js';

/** SeldonRoute is a prediction path: `/api/v1.0/predictions` (deployment undefined) or the ingress form. */
export interface SeldonRoute {
  readonly kind: 'seldon-predict';
  /** deployment is `<deployment>` of `/seldon/<namespace>/<deployment>/api/v1.0/predictions`. */
  readonly deployment: string | undefined;
}

const PREDICTIONS = '/api/v1.0/predictions';

/** parseSeldonRoute maps a prediction path to its route, anything else to undefined. */
export function parseSeldonRoute(path: string): SeldonRoute | undefined {
  if (path === PREDICTIONS) return { kind: 'seldon-predict', deployment: undefined };
  if (!path.startsWith('/seldon/') || !path.endsWith(PREDICTIONS)) return undefined;
  const parts = path.slice('/seldon/'.length, -PREDICTIONS.length).split('/');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return undefined;
  try {
    return { kind: 'seldon-predict', deployment: decodeURIComponent(parts[1]) };
  } catch {
    return undefined;
  }
}

/** SeldonFormat is the tensor form of a message, which the answer mirrors. */
export type SeldonFormat = 'ndarray' | 'tensor';

/** DecodedSeldonRequest is a checked prediction request. */
export interface DecodedSeldonRequest {
  readonly format: SeldonFormat;
  readonly request: DecodedInferRequest;
}

/**
 * decodeSeldonRequest parses a SeldonMessage and checks it against model; `data.names` is kept as
 * the request parameter `names`. Problems (bad JSON, no `data.ndarray`/`data.tensor`, ragged
 * arrays, a table that does not name every input) throw a BadInferRequest.
 */
export function decodeSeldonRequest(body: Buffer, model: ReferenceModel): DecodedSeldonRequest {
  const parsed = parseJsonBody(body.toString('utf8'));
  const data = (parsed as { data?: unknown } | null)?.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new BadInferRequest('the SeldonMessage has no "data" object');
  const d = data as { names?: unknown; ndarray?: unknown; tensor?: unknown };
  let format: SeldonFormat;
  let shape: number[];
  let values: unknown[];
  if (d.tensor !== undefined) {
    format = 'tensor';
    const t = d.tensor as { shape?: unknown; values?: unknown } | null;
    if (typeof t !== 'object' || t === null || !Array.isArray(t.shape) || !Array.isArray(t.values)) {
      throw new BadInferRequest('"data.tensor" needs "shape" and "values" arrays');
    }
    shape = t.shape as number[];
    values = t.values;
  } else if (d.ndarray !== undefined) {
    format = 'ndarray';
    const s = nestedShape(d.ndarray);
    if (s === undefined || s.length === 0) throw new BadInferRequest('"data.ndarray" is not a rectangular array');
    shape = s;
    values = flattenTensorData(d.ndarray as unknown[]);
  } else {
    throw new BadInferRequest('the SeldonMessage has neither "data.ndarray" nor "data.tensor"');
  }
  const names = Array.isArray(d.names) ? (d.names as unknown[]) : undefined;
  const v2: Record<string, unknown> = { inputs: toInputs(model, shape, values, names) };
  if (names !== undefined) v2.parameters = { names };
  return { format, request: checkInferRequest(v2, model) };
}

function toInputs(model: ReferenceModel, shape: number[], values: unknown[], names: unknown[] | undefined): Record<string, unknown>[] {
  if (model.inputs.length === 1) {
    const meta = model.inputs[0];
    return [{ name: meta.name, datatype: meta.datatype, shape, data: values }];
  }
  const k = model.inputs.length;
  if (names === undefined || names.length !== k || shape.length !== 2 || shape[1] !== k) {
    throw new BadInferRequest(`model "${model.name}" has ${k} inputs: send a [B,${k}] table with "names" naming each one`);
  }
  const rows = shape[0];
  return names.map((name, col) => {
    const meta = model.inputs.find((m) => m.name === name);
    if (meta === undefined) throw new BadInferRequest(`unexpected column ${JSON.stringify(name)} for model "${model.name}"`);
    const data = new Array<unknown>(rows);
    for (let r = 0; r < rows; r++) data[r] = values[r * k + col];
    return { name: meta.name, datatype: meta.datatype, shape: meta.shape.length === 2 ? [rows, 1] : [rows], data };
  });
}

/**
 * encodeSeldonResponse answers with the first output as a SeldonMessage in the request's format
 * (ndarray for BYTES and BOOL outputs, which tensor values cannot hold).
 */
export function encodeSeldonResponse(outputs: readonly TensorSpec[], format: SeldonFormat): Buffer {
  const o = outputs[0];
  const numeric = o.datatype !== 'BYTES' && o.datatype !== 'BOOL';
  const data =
    format === 'tensor' && numeric
      ? { names: [], tensor: { shape: o.shape, values: o.data } }
      : { names: [], ndarray: nestValues<unknown>(o.data, o.shape) };
  return Buffer.from(JSON.stringify({ data, meta: {} }));
}

/** seldonError is a Seldon v1 failure message for a bad request. */
export function seldonError(message: string): Buffer {
  return Buffer.from(JSON.stringify({ status: { code: -1, info: message, reason: 'MICROSERVICE_BAD_DATA', status: 'FAILURE' } }));
}
