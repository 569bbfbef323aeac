/**
 * checkV2BinaryResponse is the response check for OIP REST inference using the binary tensor
 * extension (spec: inference-protocols.md 3.1): binary outputs are decoded (their byte counts must
 * match the JSON header and the shapes), JSON outputs checked as in checkV2JsonResponse.
 */
import type { ExpectedOutputs } from '../../payloads/expected-outputs.js';
import { decodeV2BinaryResponse, V2ResponseError } from '../v2-binary.js';
import { CHECK_PREFIX, statusProblem } from './output-match.js';
import { v2ResponseProblem } from './v2-json-check.js';

/**
 * checkV2BinaryResponse returns null for a well-formed V2 response (binary or JSON outputs)
 * carrying the expected outputs, else a short stable reason, e.g.
 * `check: bad Inference-Header-Content-Length` or `check: binary data left over after the outputs`.
 * headers are the response headers with lower-case names.
 */
export function checkV2BinaryResponse(status: number, headers: Readonly<Record<string, string>>, body: Buffer, expect: ExpectedOutputs | null): string | null {
  const bad = statusProblem(status);
  if (bad !== null) return bad;
  let response;
  try {
    response = decodeV2BinaryResponse(headers, body);
  } catch (err) {
    if (err instanceof V2ResponseError) return CHECK_PREFIX + err.message;
    throw err;
  }
  return v2ResponseProblem(response as unknown as Record<string, unknown>, expect);
}
