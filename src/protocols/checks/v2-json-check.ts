/**
 * checkV2JsonResponse is the response check for OIP (V2) REST inference with JSON bodies (spec:
 * inference-protocols.md 1.3): status 200, a JSON object with an `outputs` array whose entries have
 * a name, a known datatype, a shape, and data (flat or nested) with as many elements as the shape
 * holds, and the expected outputs.
 */
import { isDatatype } from '../../payloads/datatype.js';
import type { ExpectedOutputs } from '../../payloads/expected-outputs.js';
import { flattenTensorData, shapeElementCount } from '../../payloads/tensor-data.js';
import { CHECK_PREFIX, matchOutputs, parseJsonObject, statusProblem, type ResponseOutput } from './output-match.js';

/**
 * checkV2JsonResponse returns null for a well-formed V2 inference response carrying the expected
 * outputs, else a short stable reason (`check: status 500`, `check: body is not JSON`,
 * `check: missing output "OUTPUT1"`, ...).
 */
export function checkV2JsonResponse(status: number, headers: Readonly<Record<string, string>>, body: Buffer, expect: ExpectedOutputs | null): string | null {
  const bad = statusProblem(status);
  if (bad !== null) return bad;
  const response = parseJsonObject(body);
  if (typeof response === 'string') return response;
  return v2ResponseProblem(response, expect);
}

/**
 * v2ResponseProblem checks a parsed V2 response object (binary outputs already decoded into
 * `data`), shared with the binary check.
 */
export function v2ResponseProblem(response: Record<string, unknown>, expect: ExpectedOutputs | null): string | null {
  if (!Array.isArray(response.outputs)) return `${CHECK_PREFIX}no "outputs" array`;
  const outputs: ResponseOutput[] = [];
  for (let i = 0; i < response.outputs.length; i++) {
    const o: unknown = response.outputs[i];
    if (typeof o !== 'object' || o === null || typeof (o as { name?: unknown }).name !== 'string') {
      return `${CHECK_PREFIX}outputs[${i}] has no name`;
    }
    const t = o as Record<string, unknown>;
    const label = `${CHECK_PREFIX}output "${t.name as string}"`;
    if (!isDatatype(t.datatype)) return `${label} has a bad datatype`;
    const shape = t.shape;
    if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) return `${label} has a bad shape`;
    if (!Array.isArray(t.data)) return `${label} has no data`;
    let count: number;
    try {
      count = flattenTensorData(t.data).length;
    } catch {
      return `${label} has a bad shape`;
    }
    const want = shapeElementCount(shape as number[]);
    if (count !== want) return `${label} has ${count} values, shape needs ${want}`;
    outputs.push({ name: t.name as string, datatype: t.datatype, shape: shape as number[] });
  }
  return matchOutputs(outputs, expect);
}
