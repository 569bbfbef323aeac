/**
 * checkSeldonResponse is the response check for Seldon Core v1 REST predictions (spec:
 * inference-protocols.md 5.1): status 200 and a JSON SeldonMessage that is not a FAILURE and
 * carries `data.tensor` (values matching its shape) or a rectangular `data.ndarray`.
 *
 * A SeldonMessage holds one tensor and its `names` are column names, not output names, so it
 * stands for the expected output only when exactly one is expected (its shape is then checked);
 * with several expected outputs only well-formedness is checked.
 */
import type { ExpectedOutputs } from '../../payloads/expected-outputs.js';
import { shapeElementCount } from '../../payloads/tensor-data.js';
import { nestedShape } from '../../payloads/nested-json.js';
import { CHECK_PREFIX, matchOutputs, parseJsonObject, statusProblem } from './output-match.js';

/**
 * checkSeldonResponse returns null for a well-formed SeldonMessage answer, else a short stable
 * reason (`check: status FAILURE`, `check: no data.tensor or data.ndarray`, ...). `strData`,
 * `jsonData` and `binData` answers pass only without expectations.
 */
export function checkSeldonResponse(status: number, headers: Readonly<Record<string, string>>, body: Buffer, expect: ExpectedOutputs | null): string | null {
  const bad = statusProblem(status);
  if (bad !== null) return bad;
  const message = parseJsonObject(body);
  if (typeof message === 'string') return message;
  const st = message.status as { status?: unknown } | undefined;
  if (typeof st === 'object' && st !== null && st.status === 'FAILURE') return `${CHECK_PREFIX}status FAILURE`;
  const data = message.data as Record<string, unknown> | undefined;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    const other = message.strData !== undefined || message.jsonData !== undefined || message.binData !== undefined;
    return other && expect === null ? null : `${CHECK_PREFIX}no data.tensor or data.ndarray`;
  }
  let shape: number[] | undefined;
  if (data.tensor !== undefined) {
    const t = data.tensor as { shape?: unknown; values?: unknown };
    if (typeof t !== 'object' || t === null || !Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
      return `${CHECK_PREFIX}data.tensor has a bad shape`;
    }
    if (!Array.isArray(t.values) || !t.values.every((v) => typeof v === 'number')) return `${CHECK_PREFIX}data.tensor has bad values`;
    if (t.values.length !== shapeElementCount(t.shape as number[])) {
      return `${CHECK_PREFIX}data.tensor has ${t.values.length} values, shape needs ${shapeElementCount(t.shape as number[])}`;
    }
    shape = t.shape as number[];
  } else if (data.ndarray !== undefined) {
    shape = nestedShape(data.ndarray);
    if (shape === undefined || shape.length === 0) return `${CHECK_PREFIX}data.ndarray is not a rectangular array`;
  } else {
    return `${CHECK_PREFIX}no data.tensor or data.ndarray`;
  }
  if (expect !== null && expect.outputs.length > 1) return null;
  return matchOutputs([{ name: undefined, datatype: undefined, shape }], expect);
}
