/**
 * checkTfServingGrpcResponse checks a TF Serving gRPC Predict answer (spec:
 * inference-protocols.md 4.2): the DATA of the call (one length-prefixed message) must decode as
 * tensorflow.serving.PredictResponse and its `outputs` map carry the expected outputs (names,
 * datatypes from the DataType enum, tensor_shape dims).
 */
import type { ExpectedOutputs } from '../../payloads/expected-outputs.js';
import { tfServingPredictMethod } from '../../grpc/tfserving-grpc-request.js';
import { datatypeOfDtype } from '../../grpc/tf-tensor.js';
import { CHECK_PREFIX, matchOutputs } from './output-match.js';
import { grpcResponseMessage } from './v2-grpc-check.js';

interface TensorObject {
  dtype?: string;
  tensor_shape?: { dim?: Array<{ size?: number | string }> };
}

export function checkTfServingGrpcResponse(status: number, _headers: Readonly<Record<string, string>>, body: Buffer, expect: ExpectedOutputs | null): string | null {
  const message = grpcResponseMessage(status, body);
  if (typeof message === 'string') return message;
  let response: Record<string, unknown>;
  try {
    response = tfServingPredictMethod().decodeResponse(message);
  } catch {
    return `${CHECK_PREFIX}response is not a PredictResponse`;
  }
  const outputs = (response.outputs as Record<string, TensorObject> | undefined) ?? {};
  return matchOutputs(
    Object.entries(outputs).map(([name, t]) => ({
      name,
      datatype: datatypeOfDtype(t.dtype),
      shape: (t.tensor_shape?.dim ?? []).map((d) => Number(d.size ?? 0)),
    })),
    expect,
  );
}
