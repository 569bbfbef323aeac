/**
 * checkV2GrpcResponse checks a ModelInfer answer: the DATA of the call (one length-prefixed
 * message) must decode as inference.ModelInferResponse and carry the expected outputs. The
 * message type comes from the bundled Open Inference Protocol proto, loaded once per thread.
 */
import type { ExpectedOutputs } from '../../payloads/expected-outputs.js';
import { loadGrpcMethod, type GrpcMethod } from '../../grpc/grpc-method.js';
import { FRAME_HEADER_BYTES } from '../../grpc/grpc-wire.js';
import { CHECK_PREFIX, matchOutputs } from './output-match.js';

let modelInfer: GrpcMethod | null = null;

export function checkV2GrpcResponse(status: number, _headers: Readonly<Record<string, string>>, body: Buffer, expect: ExpectedOutputs | null): string | null {
  if (status !== 0) return `${CHECK_PREFIX}gRPC status ${status}`;
  if (body.length < FRAME_HEADER_BYTES) return `${CHECK_PREFIX}no response message`;
  if (body[0] !== 0) return `${CHECK_PREFIX}compressed response message (not supported)`;
  const length = body.readUInt32BE(1);
  if (body.length !== FRAME_HEADER_BYTES + length) return `${CHECK_PREFIX}expected one response message of ${length} bytes, got ${body.length - FRAME_HEADER_BYTES}`;
  modelInfer ??= loadGrpcMethod({ proto: 'v2', call: 'inference.GRPCInferenceService/ModelInfer' });
  let response: Record<string, unknown>;
  try {
    response = modelInfer.decodeResponse(body.subarray(FRAME_HEADER_BYTES));
  } catch {
    return `${CHECK_PREFIX}response is not a ModelInferResponse`;
  }
  const outputs = (response.outputs as Array<{ name?: string; datatype?: string; shape?: Array<number | string> }> | undefined) ?? [];
  return matchOutputs(
    outputs.map((o) => ({ name: o.name, datatype: o.datatype, shape: (o.shape ?? []).map(Number) })),
    expect,
  );
}
