/**
 * checkTfServingResponse is the response check for TF Serving REST predict (spec:
 * inference-protocols.md 4.1): status 200 and a JSON object with `predictions` (row format) or
 * `outputs` (columnar), rectangular, with the expected outputs. A single output comes unwrapped
 * and unnamed; several come as objects keyed by output name (per instance in row format).
 */
import type { ExpectedOutputs } from '../../payloads/expected-outputs.js';
import { nestedShape } from '../../payloads/nested-json.js';
import { CHECK_PREFIX, matchOutputs, parseJsonObject, statusProblem, type ResponseOutput } from './output-match.js';

/**
 * checkTfServingResponse returns null for a well-formed predict response carrying the expected
 * outputs, else a short stable reason (`check: error response`, `check: no "predictions" or
 * "outputs"`, `check: "predictions" is empty`, `check: output "scores" is not a rectangular
 * array`, ...). Datatypes are not
 * checked: TF Serving's JSON does not carry them.
 */
export function checkTfServingResponse(status: number, headers: Readonly<Record<string, string>>, body: Buffer, expect: ExpectedOutputs | null): string | null {
  const bad = statusProblem(status);
  if (bad !== null) return bad;
  const response = parseJsonObject(body);
  if (typeof response === 'string') return response;
  if (response.error !== undefined) return `${CHECK_PREFIX}error response`;
  const hasRows = response.predictions !== undefined;
  const hasColumns = response.outputs !== undefined;
  if (hasRows === hasColumns) return `${CHECK_PREFIX}no "predictions" or "outputs"`;
  const outputs = hasRows ? rowOutputs(response.predictions) : columnOutputs(response.outputs);
  return typeof outputs === 'string' ? outputs : matchOutputs(outputs, expect);
}

/** isNamedObject tells a `{name: value}` map from a value; `{"b64": ...}` is a value. */
function isNamedObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !('b64' in v && Object.keys(v).length === 1);
}

function shaped(name: string | undefined, value: unknown): ResponseOutput | string {
  const shape = nestedShape(value);
  if (shape === undefined) return `${CHECK_PREFIX}output ${name === undefined ? '' : `"${name}" `}is not a rectangular array`;
  return { name, datatype: undefined, shape };
}

function columnOutputs(value: unknown): ResponseOutput[] | string {
  if (!isNamedObject(value)) {
    const one = shaped(undefined, value);
    return typeof one === 'string' ? one : [one];
  }
  const out: ResponseOutput[] = [];
  for (const [name, v] of Object.entries(value)) {
    const one = shaped(name, v);
    if (typeof one === 'string') return one;
    out.push(one);
  }
  return out;
}

function rowOutputs(predictions: unknown): ResponseOutput[] | string {
  if (!Array.isArray(predictions)) return `${CHECK_PREFIX}"predictions" is not an array`;
  if (predictions.length === 0) return `${CHECK_PREFIX}"predictions" is empty`;
  if (predictions.length === 0 || !isNamedObject(predictions[0])) {
    const one = shaped(undefined, predictions);
    return typeof one === 'string' ? one : [one];
  }
  // Named outputs: every instance is an object with the same keys; stack each key's values.
  const names = Object.keys(predictions[0]);
  const out: ResponseOutput[] = [];
  for (const name of names) {
    const column = new Array<unknown>(predictions.length);
    for (let i = 0; i < predictions.length; i++) {
      const row: unknown = predictions[i];
      if (!isNamedObject(row) || !(name in row)) return `${CHECK_PREFIX}predictions[${i}] lacks output "${name}"`;
      column[i] = row[name];
    }
    const one = shaped(name, column);
    if (typeof one === 'string') return one;
    out.push(one);
  }
  return out;
}
