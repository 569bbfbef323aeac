/**
 * checkSeldonGrpcResponse checks a Seldon Core v1 gRPC Predict answer (spec:
 * inference-protocols.md 5.2): the DATA of the call (one length-prefixed message) must decode as
 * seldon.protos.SeldonMessage, not be a FAILURE, and carry `data.tensor` (values matching its
 * shape) or `data.ndarray`. As over REST (seldon-check.ts), the one tensor stands for the expected
 * output only when exactly one is expected; then its shape is checked (a tensor's, or an
 * ndarray's outer length).
 */
import type { ExpectedOutputs } from '../../payloads/expected-outputs.js';
import { seldonPredictMethod } from '../../grpc/seldon-grpc-request.js';
import { shapeElementCount } from '../../payloads/tensor-data.js';
import { CHECK_PREFIX, matchOutputs } from './output-match.js';
import { grpcResponseMessage } from './v2-grpc-check.js';

export function checkSeldonGrpcResponse(status: number, _headers: Readonly<Record<string, string>>, body: Buffer, expect: ExpectedOutputs | null): string | null {
  const bytes = grpcResponseMessage(status, body);
  if (typeof bytes === 'string') return bytes;
  let message: Record<string, unknown>;
  try {
    message = seldonPredictMethod().decodeResponse(bytes);
  } catch {
    return `${CHECK_PREFIX}response is not a SeldonMessage`;
  }
  const st = message.status as { status?: unknown } | undefined;
  if (st !== undefined && st !== null && st.status === 'FAILURE') return `${CHECK_PREFIX}status FAILURE`;
  const data = message.data as { tensor?: { shape?: number[]; values?: number[] }; ndarray?: { values?: unknown[] } } | undefined;
  if (data === undefined || data === null) {
    const other = message.strData !== undefined || message.jsonData !== undefined || message.binData !== undefined;
    return other && expect === null ? null : `${CHECK_PREFIX}no data.tensor or data.ndarray`;
  }
  let shape: number[];
  if (data.tensor !== undefined && data.tensor !== null) {
    shape = (data.tensor.shape ?? []).map(Number);
    const values = data.tensor.values ?? [];
    if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0)) return `${CHECK_PREFIX}data.tensor has a bad shape`;
    if (values.length !== shapeElementCount(shape)) return `${CHECK_PREFIX}data.tensor has ${values.length} values, shape needs ${shapeElementCount(shape)}`;
  } else if (data.ndarray !== undefined && data.ndarray !== null) {
    const rows = data.ndarray.values ?? [];
    if (rows.length === 0) return `${CHECK_PREFIX}data.ndarray is empty`;
    if (expect !== null && expect.outputs.length > 1) return null;
    // Only the outer length of a ListValue is checked against the expected first dimension.
    const want = expect?.outputs[0]?.shape;
    if (want !== undefined && want.length > 0 && want[0] !== rows.length) {
      return `${CHECK_PREFIX}output "${expect?.outputs[0].name}" has ${rows.length} rows, expected ${want[0]}`;
    }
    return null;
  } else {
    return `${CHECK_PREFIX}no data.tensor or data.ndarray`;
  }
  if (expect !== null && expect.outputs.length > 1) return null;
  return matchOutputs([{ name: undefined, datatype: undefined, shape }], expect);
}
