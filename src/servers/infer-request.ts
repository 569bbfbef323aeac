/**
 * decodeInferRequest parses and checks an OIP REST inference request body, JSON or with binary
 * tensor data, against a model's metadata (spec: inference-protocols.md 1.2, 1.4, 3.1), the way a
 * strict server would: the reference server answers 400 with the message of the BadInferRequest
 * it throws.
 */
import { elementProblem } from '../payloads/datatype.js';
import { decodeRawTensor } from '../payloads/raw-tensor.js';
import { flattenTensorData, shapeElementCount } from '../payloads/tensor-data.js';
import type { TensorSpec } from '../payloads/tensor-spec.js';
import type { ReferenceModel, TensorMetadata } from './models/reference-model.js';

/** BadInferRequest is a malformed inference request; its message is the 400 answer's `error`. */
export class BadInferRequest extends Error {
  override readonly name = 'BadInferRequest';
}

/** parseJsonBody parses a request body's JSON text; bad JSON throws a BadInferRequest. */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BadInferRequest(`invalid JSON body: ${(err as Error).message}`);
  }
}

/** parseJsonObjectBody is parseJsonBody for bodies that must be a JSON object. */
export function parseJsonObjectBody(text: string): Record<string, unknown> {
  const value = parseJsonBody(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadInferRequest('the request body must be a JSON object');
  return value as Record<string, unknown>;
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
  /** parameters are the request-level parameters; undefined when not given. */
  parameters?: Record<string, unknown>;
  /**
   * binaryOutputs are the outputs to answer as binary tensor data: every output with request
   * parameter `binary_data_output: true`, unless a requested output says `binary_data: false`.
   */
  binaryOutputs?: string[];
}

/**
 * decodeInferRequest parses body for model and checks it with checkInferRequest. jsonLength (the
 * `Inference-Header-Content-Length`, binary tensor extension, spec 3.1) is the length of the JSON
 * part; the rest of the body is the raw data of the inputs with `parameters.binary_data_size`,
 * in input order, which must add up exactly. Any problem throws a BadInferRequest.
 */
export function decodeInferRequest(body: Buffer, model: ReferenceModel, jsonLength?: number): DecodedInferRequest {
  const header = jsonLength ?? body.length;
  if (!(Number.isSafeInteger(header) && header >= 0 && header <= body.length)) {
    throw new BadInferRequest(`Inference-Header-Content-Length ${header} does not fit the ${body.length}-byte body`);
  }
  const r = parseJsonObjectBody(body.toString('utf8', 0, header));
  return checkInferRequest(r, model, splitBinaryData(r, body, header, jsonLength !== undefined));
}

/**
 * splitBinaryData maps each input with `parameters.binary_data_size` to its slice of the bytes
 * after the JSON part, in input order.
 */
function splitBinaryData(r: Record<string, unknown>, body: Buffer, header: number, binary: boolean): Map<string, Buffer> | undefined {
  if (!Array.isArray(r.inputs)) return undefined;
  let offset = header;
  let slices: Map<string, Buffer> | undefined;
  for (const input of r.inputs as unknown[]) {
    const t = input as { name?: unknown; parameters?: { binary_data_size?: unknown } } | null;
    const size = t?.parameters?.binary_data_size;
    if (typeof t !== 'object' || t === null || size === undefined) continue;
    const label = `input ${JSON.stringify(t.name)}`;
    if (!binary) throw new BadInferRequest(`${label} has binary_data_size but the request has no Inference-Header-Content-Length`);
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw new BadInferRequest(`${label}: binary_data_size must be a non-negative integer`);
    if (offset + size > body.length) throw new BadInferRequest(`${label}: binary_data_size ${size} runs past the end of the body`);
    slices ??= new Map();
    slices.set(String(t.name), body.subarray(offset, offset + size));
    offset += size;
  }
  if (offset !== body.length) throw new BadInferRequest(`${body.length - offset} bytes after the JSON header belong to no input`);
  return slices;
}

/**
 * checkInferRequest checks a parsed V2 request object (also what the TF Serving and Seldon
 * decoders build) against model: every model input given once with the right datatype, a shape
 * matching the metadata (-1 matches any size, the batch dimension agrees across inputs), and data
 * (flat or nested JSON, or the input's binary slice) with product(shape) elements of the datatype.
 * Any problem throws a BadInferRequest.
 */
export function checkInferRequest(r: Record<string, unknown>, model: ReferenceModel, binary?: ReadonlyMap<string, Buffer>): DecodedInferRequest {
  if (r.id !== undefined && typeof r.id !== 'string') throw new BadInferRequest('"id" must be a string');
  if (!Array.isArray(r.inputs) || r.inputs.length === 0) throw new BadInferRequest('"inputs" must be a non-empty array');
  const params = r.parameters;
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
    throw new BadInferRequest('"parameters" must be an object');
  }
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
    const tensor = decodeTensor(t, meta, binary?.get(meta.name));
    if (meta.shape[0] === -1) {
      if (batchSize === -1) batchSize = tensor.shape[0];
      else if (tensor.shape[0] !== batchSize) {
        throw new BadInferRequest(`input "${meta.name}": batch size ${tensor.shape[0]} differs from the other inputs' ${batchSize}`);
      }
    }
    inputs.push(tensor);
  }
  if (batchSize === 0) throw new BadInferRequest('the batch size must be at least 1');
  const parameters = params as Record<string, unknown> | undefined;
  const outputs = outputNames(r.outputs, model);
  return {
    id: r.id as string | undefined,
    inputs,
    batchSize: batchSize === -1 ? 1 : batchSize,
    outputs,
    parameters,
    binaryOutputs: binaryOutputNames(parameters, r.outputs, outputs, model),
  };
}

/** binaryOutputNames applies `binary_data_output` (request) and `binary_data` (per output). */
function binaryOutputNames(params: Record<string, unknown> | undefined, requested: unknown, names: string[] | undefined, model: ReferenceModel): string[] {
  const all = params?.binary_data_output === true;
  const perOutput = new Map<string, boolean>();
  if (Array.isArray(requested)) {
    for (const o of requested as Array<{ name: string; parameters?: { binary_data?: unknown } }>) {
      const flag = o.parameters?.binary_data;
      if (typeof flag === 'boolean') perOutput.set(o.name, flag);
    }
  }
  const candidates = names ?? model.outputs.map((m) => m.name);
  return candidates.filter((n) => perOutput.get(n) ?? all);
}

/** decodeTensor checks one input against its metadata and flattens its data. */
function decodeTensor(t: Record<string, unknown>, meta: TensorMetadata, raw: Buffer | undefined): TensorSpec {
  const label = `input "${meta.name}"`;
  if (t.datatype !== meta.datatype) {
    throw new BadInferRequest(`${label}: datatype ${JSON.stringify(t.datatype)} does not match the model's ${meta.datatype}`);
  }
  const shape = t.shape;
  if (!Array.isArray(shape) || !shapeMatches(shape, meta.shape)) {
    throw new BadInferRequest(`${label}: shape ${JSON.stringify(shape)} does not match the model's ${JSON.stringify(meta.shape)}`);
  }
  let data: unknown[];
  if (raw !== undefined) {
    if (t.data !== undefined) throw new BadInferRequest(`${label}: give "data" or binary_data_size, not both`);
    try {
      data = decodeRawTensor(meta.datatype, raw, shapeElementCount(shape as number[]));
    } catch (err) {
      throw new BadInferRequest(`${label}: binary data: ${(err as Error).message}`);
    }
  } else {
    if (!Array.isArray(t.data)) throw new BadInferRequest(`${label}: "data" is missing or not an array`);
    try {
      data = flattenTensorData(t.data);
    } catch (err) {
      throw new BadInferRequest(`${label}: ${(err as Error).message}`);
    }
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
