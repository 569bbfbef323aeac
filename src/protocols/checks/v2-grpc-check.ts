/**
 * checkV2GrpcResponse checks a ModelInfer answer: the DATA of the call (one length-prefixed
 * message) must decode as inference.ModelInferResponse and carry the expected outputs. The
 * message type comes from the bundled Open Inference Protocol proto, loaded once per thread.
 */
import type { ExpectedOutputs } from '../../payloads/expected-outputs.js';
import { loadGrpcMethod, type GrpcMethod } from '../../grpc/grpc-method.js';
import { FRAME_HEADER_BYTES } from '../../transports/grpc/grpc-wire.js';
import { CHECK_PREFIX, matchOutputs } from './output-match.js';

let modelInfer: GrpcMethod | null = null;

/** v2ModelInferMethod is inference.GRPCInferenceService/ModelInfer from the bundled schema, loaded once. */
export function v2ModelInferMethod(): GrpcMethod {
  modelInfer ??= loadGrpcMethod({ proto: 'v2', call: 'inference.GRPCInferenceService/ModelInfer' });
  return modelInfer;
}

export function checkV2GrpcResponse(status: number, _headers: Readonly<Record<string, string>>, body: Buffer, expect: ExpectedOutputs | null): string | null {
  const message = grpcResponseMessage(status, body);
  if (typeof message === 'string') return message;
  let response: Record<string, unknown>;
  try {
    response = v2ModelInferMethod().decodeResponse(message);
  } catch {
    return `${CHECK_PREFIX}response is not a ModelInferResponse`;
  }
  const outputs = (response.outputs as Array<{ name?: string; datatype?: string; shape?: Array<number | string> }> | undefined) ?? [];
  return matchOutputs(
    outputs.map((o) => ({ name: o.name, datatype: o.datatype, shape: (o.shape ?? []).map(Number) })),
    expect,
  );
}

/**
 * grpcResponseMessage is the one uncompressed response message of an OK unary call, or the check
 * failure reason (`check: gRPC status 13`, `check: no response message`, ...).
 */
export function grpcResponseMessage(status: number, body: Buffer): Buffer | string {
  if (status !== 0) return `${CHECK_PREFIX}gRPC status ${status}`;
  if (body.length < FRAME_HEADER_BYTES) return `${CHECK_PREFIX}no response message`;
  if (body[0] !== 0) return `${CHECK_PREFIX}compressed response message (not supported)`;
  const length = body.readUInt32BE(1);
  if (body.length !== FRAME_HEADER_BYTES + length) return `${CHECK_PREFIX}expected one response message of ${length} bytes, got ${body.length - FRAME_HEADER_BYTES}`;
  return body.subarray(FRAME_HEADER_BYTES);
}
