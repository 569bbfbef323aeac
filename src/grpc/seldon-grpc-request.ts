/**
 * The Seldon Core v1 gRPC prediction request (`seldon.protos.SeldonMessage`, spec:
 * inference-protocols.md 5.2) built from a protocol-neutral PayloadSpec and serialized once with
 * the bundled proto: `data.tensor` `{shape, values}` (doubles), the same table the REST `tensor`
 * format sends (seldon-http.ts): one input as is, several column inputs as a B x k table named
 * by `data.names`. Non-numeric inputs (BYTES, BOOL) cannot be tensor values: a UsageError.
 */
import { UsageError } from '../core/errors.js';
import { seldonRequestBody } from '../payloads/seldon-message.js';
import type { PayloadSpec } from '../payloads/tensor-spec.js';
import { loadGrpcMethod, type GrpcMethod } from './grpc-method.js';

/** SELDON_PREDICT_CALL and SELDON_PREDICT_PATH name the Predict RPC. */
export const SELDON_PREDICT_CALL = 'seldon.protos.Seldon/Predict';
export const SELDON_PREDICT_PATH = '/seldon.protos.Seldon/Predict';

let predict: GrpcMethod | null = null;

/** seldonPredictMethod is the bundled Predict RPC, loaded once. */
export function seldonPredictMethod(): GrpcMethod {
  predict ??= loadGrpcMethod({ proto: 'seldon', call: SELDON_PREDICT_CALL });
  return predict;
}

/** seldonMessageJson is the SeldonMessage in protojson form (throws a UsageError for what it cannot carry). */
export function seldonMessageJson(spec: PayloadSpec): Record<string, unknown> {
  for (const t of spec.inputs) {
    if (t.datatype === 'BYTES' || t.datatype === 'BOOL') {
      throw new UsageError(`Seldon gRPC: input "${t.name}" is ${t.datatype}, but data.tensor values are numbers; send it over --transport http (ndarray format)`);
    }
  }
  return { data: seldonRequestBody(spec, 'tensor').data };
}

/** encodeSeldonMessage serializes spec as a SeldonMessage with a data tensor. */
export function encodeSeldonMessage(spec: PayloadSpec): Buffer {
  return seldonPredictMethod().encodeRequest(seldonMessageJson(spec));
}
