/**
 * decodeInferRequest parses and checks an OIP REST inference request body against a model's
 * metadata (spec: inference-protocols.md 1.2, 1.4), the way a strict server would: the reference
 * server answers 400 with the message of the BadInferRequest it throws.
 */
import { elementProblem } from '../payloads/datatype.js';
import { flattenTensorData, shapeElementCount } from '../payloads/tensor-data.js';
import type { TensorSpec } from '../payloads/tensor-spec.js';
import type { ReferenceModel, TensorMetadata } from './models/reference-model.js';

/** BadInferRequest is a malformed inference request; its message is the 400 answer's `error`. */
export class BadInferRequest extends Error {
  override readonly name = 'BadInferRequest';
}

/** DecodedInferRequest is a request whose inputs fit the model. */
export interface DecodedInferRequest {
  /** id is the request's `id`, echoed in the response; undefined when not given. */
  id: string | undefined;
  /** inputs are in the model's input order, data flat. */
  inputs: TensorSpec[];
  batchSize: number;
  /** outputs are the requested output names; undefined means all. */
  outputs: string[] | undefined;
}

/**
 * decodeInferRequest parses body (UTF-8 JSON) for model and checks that every model input is
 * given once with the right datatype, a shape matching the metadata (-1 matches any size, the
 * batch dimension agrees across inputs), and data (flat or nested) with product(shape) elements
 * of the datatype's JSON type. Any problem throws a BadInferRequest.
 */
export function decodeInferRequest(body: Buffer, model: ReferenceModel): DecodedInferRequest {
  let request: unknown;
  try {
    request = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new BadInferRequest(`invalid JSON body: ${(err as Error).message}`);
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw new BadInferRequest('the request body must be a JSON object');
  }
  const r = request as Record<string, unknown>;
  if (r.id !== undefined && typeof r.id !== 'string') throw new BadInferRequest('"id" must be a string');
  if (!Array.isArray(r.inputs) || r.inputs.length === 0) throw new BadInferRequest('"inputs" must be a non-empty array');
  const given = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < r.inputs.length; i++) {
    const input: unknown = r.inputs[i];
    if (typeof input !== 'object' || input === null || typeof (input as { name?: unknown }).name !== 'string') {
      throw new BadInferRequest(`inputs[${i}] must be an object with a "name"`);
    }
    const t = input as Record<string, unknown>;
    const name = t.name as string;
    if (given.has(name)) throw new BadInferRequest(`input "${name}" is given more than once`);
    if (!model.inputs.some((m) => m.name === name)) {
      throw new BadInferRequest(`unexpected input "${name}" for model "${model.name}"; it takes ${inputNames(model)}`);
    }
    given.set(name, t);
  }
  const inputs: TensorSpec[] = [];
  let batchSize = -1;
  for (const meta of model.inputs) {
    const t = given.get(meta.name);
    if (t === undefined) throw new BadInferRequest(`missing input "${meta.name}" for model "${model.name}"; it takes ${inputNames(model)}`);
    const tensor = decodeTensor(t, meta);
    if (meta.shape[0] === -1) {
      if (batchSize === -1) batchSize = tensor.shape[0];
      else if (tensor.shape[0] !== batchSize) {
        throw new BadInferRequest(`input "${meta.name}": batch size ${tensor.shape[0]} differs from the other inputs' ${batchSize}`);
      }
    }
    inputs.push(tensor);
  }
  if (batchSize === 0) throw new BadInferRequest('the batch size must be at least 1');
  return { id: r.id as string | undefined, inputs, batchSize: batchSize === -1 ? 1 : batchSize, outputs: outputNames(r.outputs, model) };
}

/** decodeTensor checks one input against its metadata and flattens its data. */
function decodeTensor(t: Record<string, unknown>, meta: TensorMetadata): TensorSpec {
  const label = `input "${meta.name}"`;
  if (t.datatype !== meta.datatype) {
    throw new BadInferRequest(`${label}: datatype ${JSON.stringify(t.datatype)} does not match the model's ${meta.datatype}`);
  }
  const shape = t.shape;
  if (!Array.isArray(shape) || !shapeMatches(shape, meta.shape)) {
    throw new BadInferRequest(`${label}: shape ${JSON.stringify(shape)} does not match the model's ${JSON.stringify(meta.shape)}`);
  }
  if (!Array.isArray(t.data)) {
    const binary = typeof t.parameters === 'object' && t.parameters !== null && 'binary_data_size' in t.parameters;
    throw new BadInferRequest(binary ? `${label}: binary tensor data is not supported` : `${label}: "data" is missing or not an array`);
  }
  let data: unknown[];
  try {
    data = flattenTensorData(t.data);
  } catch (err) {
    throw new BadInferRequest(`${label}: ${(err as Error).message}`);
  }
  const want = shapeElementCount(shape);
  if (data.length !== want) {
    throw new BadInferRequest(`${label}: data has ${data.length} elements but shape ${JSON.stringify(shape)} needs ${want}`);
  }
  for (let i = 0; i < data.length; i++) {
    const problem = elementProblem(meta.datatype, data[i]);
    if (problem !== undefined) throw new BadInferRequest(`${label}: data[${i}]: ${problem}`);
  }
  return { name: meta.name, datatype: meta.datatype, shape: shape as number[], data: data as TensorSpec['data'] };
}

/** shapeMatches compares a request shape with metadata dims (-1 matches any non-negative size). */
function shapeMatches(shape: unknown[], dims: readonly number[]): boolean {
  if (shape.length !== dims.length) return false;
  for (let i = 0; i < dims.length; i++) {
    const d = shape[i];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) return false;
    if (dims[i] !== -1 && d !== dims[i]) return false;
  }
  return true;
}

/** outputNames reads the optional `outputs` field: requested names, each one the model has. */
function outputNames(outputs: unknown, model: ReferenceModel): string[] | undefined {
  if (outputs === undefined) return undefined;
  if (!Array.isArray(outputs)) throw new BadInferRequest('"outputs" must be an array');
  return outputs.map((o: unknown, i) => {
    const name = typeof o === 'object' && o !== null ? (o as { name?: unknown }).name : undefined;
    if (typeof name !== 'string') throw new BadInferRequest(`outputs[${i}] must be an object with a "name"`);
    if (!model.outputs.some((m) => m.name === name)) {
      throw new BadInferRequest(`unknown output "${name}" for model "${model.name}"; it has ${model.outputs.map((m) => m.name).join(', ')}`);
    }
    return name;
  });
}

function inputNames(model: ReferenceModel): string {
  return model.inputs.map((m) => `${m.name} ${m.datatype} ${JSON.stringify(m.shape)}`).join(', ');
}
