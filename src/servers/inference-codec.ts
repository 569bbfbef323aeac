/**
 * The reference server's per-protocol inference codecs in one place: decode a request body of any
 * served protocol into a DecodedInferRequest, encode the model's outputs in that protocol, and
 * format its error bodies. The server itself stays protocol-neutral.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { TensorSpec } from '../payloads/tensor-spec.js';
import { BadInferRequest, decodeInferRequest, type DecodedInferRequest } from './infer-request.js';
import { encodeInferResponse } from './infer-response.js';
import type { ReferenceModel } from './models/reference-model.js';
import { decodeSeldonRequest, encodeSeldonResponse, seldonError, type SeldonFormat } from './seldon-api.js';
import type { ServedProtocol } from './server-stats.js';
import { decodeTfServingRequest, encodeTfServingResponse, tfServingError, type TfServingFormat } from './tfserving-api.js';

/** InferenceApi is the API family an inference route belongs to. */
export type InferenceApi = 'v2' | 'tfserving' | 'seldon';

/** DecodedInference is a checked request and what its answer must look like. */
export interface DecodedInference {
  readonly protocol: ServedProtocol;
  readonly request: DecodedInferRequest;
  /** format is the TF Serving or Seldon layout the answer mirrors (undefined for V2). */
  readonly format: TfServingFormat | SeldonFormat | undefined;
}

/** InferenceReply is an encoded answer. */
export interface InferenceReply {
  readonly body: Buffer;
  readonly contentType: string;
  /** jsonLength is the `Inference-Header-Content-Length` to send, or -1 for none. */
  readonly jsonLength: number;
}

const JSON_TYPE = 'application/json';
const BINARY_TYPE = 'application/octet-stream';
const HEADER_LENGTH = 'inference-header-content-length';

/**
 * decodeInference decodes body for model in api; for V2 an `inference-header-content-length`
 * header selects the binary tensor extension. Problems throw a BadInferRequest.
 */
export function decodeInference(api: InferenceApi, body: Buffer, model: ReferenceModel, headers: IncomingHttpHeaders): DecodedInference {
  switch (api) {
    case 'tfserving': {
      const d = decodeTfServingRequest(body, model);
      return { protocol: 'tfserving', request: d.request, format: d.format };
    }
    case 'seldon': {
      const d = decodeSeldonRequest(body, model);
      return { protocol: 'seldon', request: d.request, format: d.format };
    }
    case 'v2': {
      const header = headers[HEADER_LENGTH];
      if (header === undefined) return { protocol: 'v2-json', request: decodeInferRequest(body, model), format: undefined };
      const text = Array.isArray(header) ? header[0] : header;
      if (!/^\d+$/.test(text.trim())) throw new BadInferRequest(`invalid Inference-Header-Content-Length "${text}"`);
      return { protocol: 'v2-binary', request: decodeInferRequest(body, model, Number(text)), format: undefined };
    }
  }
}

/** encodeInference encodes outputs as the answer to d from modelName (version). */
export function encodeInference(d: DecodedInference, modelName: string, version: string, outputs: readonly TensorSpec[]): InferenceReply {
  const r = d.request;
  if (d.protocol === 'tfserving') return { body: encodeTfServingResponse(selected(outputs, r.outputs), d.format as TfServingFormat), contentType: JSON_TYPE, jsonLength: -1 };
  if (d.protocol === 'seldon') return { body: encodeSeldonResponse(selected(outputs, r.outputs), d.format as SeldonFormat), contentType: JSON_TYPE, jsonLength: -1 };
  const encoded = encodeInferResponse(modelName, version, r.id, outputs, r.outputs, r.binaryOutputs ?? []);
  return { body: encoded.body, contentType: encoded.jsonLength < 0 ? JSON_TYPE : BINARY_TYPE, jsonLength: encoded.jsonLength };
}

function selected(outputs: readonly TensorSpec[], requested: readonly string[] | undefined): TensorSpec[] {
  return requested === undefined ? outputs.slice() : outputs.filter((o) => requested.includes(o.name));
}

/** inferenceErrorBody formats an error message as api's error body. */
export function inferenceErrorBody(api: InferenceApi, message: string): Buffer {
  if (api === 'tfserving') return tfServingError(message);
  if (api === 'seldon') return seldonError(message);
  return Buffer.from(JSON.stringify({ error: message }));
}
