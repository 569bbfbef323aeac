/**
 * The TensorFlow Serving gRPC predict request (`tensorflow.serving.PredictRequest`, spec:
 * inference-protocols.md 4.2) built from a protocol-neutral PayloadSpec and serialized once with
 * the bundled proto: model_spec (name, version as Int64Value, signature_name) and one TensorProto
 * per input (dtype, tensor_shape, values in the datatype's typed field; see tf-tensor.ts).
 * TF Serving has no request parameters, and a payload's `outputs` become `output_filter`.
 */
import { UsageError } from '../core/errors.js';
import type { PayloadSpec } from '../payloads/tensor-spec.js';
import { loadGrpcMethod, type GrpcMethod } from './grpc-method.js';
import { tensorProtoJson } from './tf-tensor.js';

/** TF_SERVING_PREDICT_CALL and TF_SERVING_PREDICT_PATH name the Predict RPC. */
export const TF_SERVING_PREDICT_CALL = 'tensorflow.serving.PredictionService/Predict';
export const TF_SERVING_PREDICT_PATH = '/tensorflow.serving.PredictionService/Predict';

/** TfServingGrpcRequestOptions say which model (and version or signature) the request is for. */
export interface TfServingGrpcRequestOptions {
  readonly model: string;
  /** version is model_spec.version, a whole number; empty or absent = the server's latest. */
  readonly version?: string;
  /** signatureName is model_spec.signature_name; absent = the server's default (`serving_default`). */
  readonly signatureName?: string;
}

let predict: GrpcMethod | null = null;

/** tfServingPredictMethod is the bundled Predict RPC, loaded once. */
export function tfServingPredictMethod(): GrpcMethod {
  predict ??= loadGrpcMethod({ proto: 'tfserving', call: TF_SERVING_PREDICT_CALL });
  return predict;
}

/** tfServingPredictJson is the PredictRequest in protojson form. */
export function tfServingPredictJson(spec: PayloadSpec, options: TfServingGrpcRequestOptions): Record<string, unknown> {
  if (options.model === '') throw new UsageError('--model: the model name is empty');
  const modelSpec: Record<string, unknown> = { name: options.model };
  const version = options.version ?? '';
  if (version !== '') {
    if (!/^\d+$/.test(version)) throw new UsageError(`--model-version: TF Serving versions are whole numbers, got "${version}"`);
    modelSpec.version = version;
  }
  if (options.signatureName !== undefined && options.signatureName !== '') modelSpec.signature_name = options.signatureName;
  const inputs: Record<string, unknown> = {};
  for (const t of spec.inputs) inputs[t.name] = tensorProtoJson(t);
  const request: Record<string, unknown> = { model_spec: modelSpec, inputs };
  if (spec.outputs !== undefined && spec.outputs.length > 0) request.output_filter = spec.outputs.map((o) => o.name);
  return request;
}

/** encodePredictRequest serializes spec as a PredictRequest; a model version that is not a whole number throws a UsageError. */
export function encodePredictRequest(spec: PayloadSpec, options: TfServingGrpcRequestOptions): Buffer {
  return tfServingPredictMethod().encodeRequest(tfServingPredictJson(spec, options));
}
