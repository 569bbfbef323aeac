/**
 * The reference server's `tensorflow.serving.PredictionService` (spec: inference-protocols.md
 * 4.2): Predict decodes each input TensorProto (typed `*_val` field or `tensor_content`), checks
 * the request against the model as the REST API does (names, datatypes from the DataType enum,
 * shapes), computes, and answers a PredictResponse with one TensorProto per output.
 */
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Root } from 'protobufjs';
import { encodeMessage } from '../../grpc/grpc-method.js';
import { readTensorProto, tensorProtoJson, TensorProtoProblem, type TensorProtoObject } from '../../grpc/tf-tensor.js';
import { BadInferRequest, checkInferRequest } from '../infer-request.js';
import { predictHandler, type PredictContext } from './predict-call.js';

/** TF_SERVING_SERVICE_NAME is the fully qualified TF Serving prediction service name. */
export const TF_SERVING_SERVICE_NAME = 'tensorflow.serving.PredictionService';

const TO_OBJECT = { longs: Number, enums: String, arrays: true } as const;

interface PredictRequestObject {
  model_spec?: { name?: string; version?: { value?: number }; version_label?: string; signature_name?: string };
  inputs?: Record<string, TensorProtoObject>;
  output_filter?: string[];
}

/** tfServingGrpcImplementation builds the Predict handler. */
export function tfServingGrpcImplementation(ctx: PredictContext & { readonly root: Root }): UntypedServiceImplementation {
  const requestType = ctx.root.lookupType('tensorflow.serving.PredictRequest');
  const responseType = ctx.root.lookupType('tensorflow.serving.PredictResponse');
  return {
    Predict: predictHandler<PredictRequestObject>(ctx, {
      protocol: 'tfserving-grpc',
      path: `/${TF_SERVING_SERVICE_NAME}/Predict`,
      parse: (bytes) => requestType.toObject(requestType.decode(bytes), TO_OBJECT) as PredictRequestObject,
      target: (r) => {
        const v = r.model_spec?.version?.value;
        return { model: r.model_spec?.name ?? '', version: v === undefined ? '' : String(v) };
      },
      decode: (r, model) => {
        const inputs = Object.entries(r.inputs ?? {}).map(([name, t]) => {
          try {
            return { name, ...readTensorProto(t) };
          } catch (err) {
            if (err instanceof TensorProtoProblem) throw new BadInferRequest(`input "${name}": ${err.message}`);
            throw err;
          }
        });
        const v2: Record<string, unknown> = { inputs };
        const signature = r.model_spec?.signature_name ?? '';
        if (signature !== '') v2.parameters = { signature_name: signature };
        const filter = r.output_filter ?? [];
        if (filter.length > 0) v2.outputs = filter.map((name) => ({ name }));
        return checkInferRequest(v2, model);
      },
      answer: (r, model, version, outputs) => {
        const tensors: Record<string, unknown> = {};
        for (const o of outputs) tensors[o.name] = tensorProtoJson(o);
        const modelSpec: Record<string, unknown> = { name: model.name, signature_name: r.model_spec?.signature_name || 'serving_default' };
        if (/^\d+$/.test(version)) modelSpec.version = { value: Number(version) };
        const message = responseType.fromObject({ model_spec: modelSpec, outputs: tensors });
        return encodeMessage(responseType, message as unknown as Record<string, unknown>);
      },
    }),
  };
}
