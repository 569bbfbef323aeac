/**
 * The OIP binary tensor data extension over HTTP (spec: inference-protocols.md 3.1): the body is
 * a JSON header followed by the raw little-endian tensors of the inputs that carry
 * `parameters.binary_data_size`, with `Inference-Header-Content-Length` giving the JSON length.
 * The request body is built once per run (one allocation, tensors written in place); responses
 * are decoded the same way, binary outputs back to flat values.
 */
import type { Datatype } from '../payloads/datatype.js';
import { isDatatype } from '../payloads/datatype.js';
import type { TensorValues } from '../payloads/fill-rule.js';
import { decodeRawTensor, encodeRawTensorInto, rawTensorByteLength } from '../payloads/raw-tensor.js';
import { shapeElementCount } from '../payloads/tensor-data.js';
import type { Parameters, PayloadSpec } from '../payloads/tensor-spec.js';
import type { PreparedHttpRequest } from './prepared-request.js';
import { buildV2HttpRequest, v2RequestBody, type V2HttpRequestOptions } from './v2-http.js';

/** INFERENCE_HEADER_CONTENT_LENGTH is the header giving the JSON part's length (bytes), lower case. */
export const INFERENCE_HEADER_CONTENT_LENGTH = 'inference-header-content-length';

/** BINARY_CONTENT_TYPE is the content type of a body with binary tensor data. */
export const BINARY_CONTENT_TYPE = 'application/octet-stream';

/** V2BinaryOptions choose which side of the exchange uses binary tensors. */
export interface V2BinaryOptions {
  /** binaryInputs (default true) sends every input as raw bytes (`binary_data_size`, no `data`). */
  binaryInputs?: boolean;
  /** binaryOutput asks for every output as raw bytes (request parameter `binary_data_output: true`). */
  binaryOutput?: boolean;
}

/** V2BinaryHttpRequestOptions are the inputs of buildV2BinaryHttpRequest. */
export interface V2BinaryHttpRequestOptions extends V2HttpRequestOptions, V2BinaryOptions {}

/** V2BinaryBody is an encoded request body and the length of its JSON header (bytes). */
export interface V2BinaryBody {
  body: Buffer;
  /** jsonLength is the `Inference-Header-Content-Length` value; equal to body.length without binary inputs. */
  jsonLength: number;
}

/**
 * buildV2BinaryHttpRequest prepares a V2 inference request using the binary extension: same URL
 * rules and errors as buildV2HttpRequest; headers `content-type: application/octet-stream` and
 * `inference-header-content-length` when inputs are binary, `application/json` otherwise.
 */
export function buildV2BinaryHttpRequest(opts: V2BinaryHttpRequestOptions): PreparedHttpRequest {
  const base = buildV2HttpRequest(opts);
  const { body, jsonLength } = v2BinaryRequestBody(opts.payload, opts);
  const headers: [string, string][] =
    jsonLength === body.length
      ? [['content-type', 'application/json']]
      : [
          ['content-type', BINARY_CONTENT_TYPE],
          [INFERENCE_HEADER_CONTENT_LENGTH, String(jsonLength)],
        ];
  return { method: base.method, origin: base.origin, path: base.path, headers, body };
}

/**
 * v2BinaryRequestBody encodes payload as a binary-extension body: the V2 JSON request where each
 * binary input has `parameters.binary_data_size` instead of `data`, then the raw tensors in input
 * order. With binaryOutput the request parameters gain `binary_data_output: true`.
 */
export function v2BinaryRequestBody(payload: PayloadSpec, options: V2BinaryOptions = {}): V2BinaryBody {
  const binaryInputs = options.binaryInputs ?? true;
  const json: { inputs: unknown[]; parameters?: Parameters; outputs?: PayloadSpec['outputs'] } = v2RequestBody(payload);
  if (options.binaryOutput === true) json.parameters = { ...json.parameters, binary_data_output: true };
  let rawBytes = 0;
  if (binaryInputs) {
    json.inputs = payload.inputs.map((t) => {
      const size = rawTensorByteLength(t.datatype, t.data);
      rawBytes += size;
      return { name: t.name, shape: t.shape, datatype: t.datatype, parameters: { ...t.parameters, binary_data_size: size } };
    });
  }
  const header = JSON.stringify(json);
  const jsonLength = Buffer.byteLength(header, 'utf8');
  const body = Buffer.allocUnsafe(jsonLength + rawBytes);
  body.write(header, 0, 'utf8');
  if (binaryInputs) {
    let offset = jsonLength;
    for (const t of payload.inputs) offset = encodeRawTensorInto(t.datatype, t.data, body, offset);
  }
  return { body, jsonLength };
}

/** V2ResponseTensor is one decoded output: data flat (binary outputs decoded, JSON ones as sent). */
export interface V2ResponseTensor {
  name: string;
  datatype: Datatype;
  shape: number[];
  data: TensorValues | unknown[];
  parameters?: Parameters;
}

/** V2InferResponse is a decoded V2 inference response. */
export interface V2InferResponse {
  model_name?: string;
  model_version?: string;
  id?: string;
  parameters?: Parameters;
  outputs: V2ResponseTensor[];
}

/** V2ResponseError is a malformed (binary) V2 response; its message is short and stable. */
export class V2ResponseError extends Error {
  override readonly name = 'V2ResponseError';
}

/**
 * decodeV2BinaryResponse decodes a V2 inference response body, with or without binary outputs:
 * with an `inference-header-content-length` header (names lower case) the JSON part is that long
 * and each output with `parameters.binary_data_size` takes its bytes, in output order, from the
 * rest; the bytes must add up exactly. Structural problems throw a V2ResponseError; outputs are
 * checked only as far as decoding needs (name, datatype, shape for binary ones).
 */
export function decodeV2BinaryResponse(headers: Readonly<Record<string, string>>, body: Buffer): V2InferResponse {
  const lengthHeader = headers[INFERENCE_HEADER_CONTENT_LENGTH];
  let jsonLength = body.length;
  if (lengthHeader !== undefined) {
    jsonLength = /^\d+$/.test(lengthHeader.trim()) ? Number(lengthHeader) : NaN;
    if (!(jsonLength <= body.length)) throw new V2ResponseError('bad Inference-Header-Content-Length');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8', 0, jsonLength));
  } catch {
    throw new V2ResponseError('body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new V2ResponseError('body is not a JSON object');
  const response = parsed as V2InferResponse;
  if (!Array.isArray(response.outputs)) throw new V2ResponseError('no "outputs" array');
  let offset = jsonLength;
  for (let i = 0; i < response.outputs.length; i++) {
    const out = response.outputs[i] as unknown;
    if (typeof out !== 'object' || out === null) throw new V2ResponseError(`outputs[${i}] is not an object`);
    const o = out as V2ResponseTensor;
    const size = o.parameters?.binary_data_size;
    if (size === undefined) continue;
    const label = typeof o.name === 'string' ? `output "${o.name}"` : `outputs[${i}]`;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw new V2ResponseError(`${label}: bad binary_data_size`);
    if (offset + size > body.length) throw new V2ResponseError(`${label}: binary data runs past the end of the body`);
    if (!isDatatype(o.datatype)) throw new V2ResponseError(`${label}: unknown datatype`);
    if (!isShape(o.shape)) throw new V2ResponseError(`${label}: bad shape`);
    try {
      o.data = decodeRawTensor(o.datatype, body.subarray(offset, offset + size), shapeElementCount(o.shape));
    } catch {
      throw new V2ResponseError(`${label}: binary data does not match its shape`);
    }
    offset += size;
  }
  if (offset !== body.length) throw new V2ResponseError('binary data left over after the outputs');
  return response;
}

function isShape(shape: unknown): shape is number[] {
  return Array.isArray(shape) && shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0);
}
