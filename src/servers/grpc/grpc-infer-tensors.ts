/**
 * Tensor checks and conversions for the reference server's OIP gRPC ModelInfer (spec:
 * inference-protocols.md 2.2-2.4): a decoded ModelInferRequest is checked against the model's
 * metadata as the REST path checks its JSON (same BadInferRequest), reading data from the typed
 * `contents` field matching each datatype or from `raw_input_contents`; outputs go back the same
 * way the inputs came (raw in, raw out).
 */
import type { Datatype } from '../../payloads/datatype.js';
import { decodeRawContents, encodeRawTensor, RawTensorError } from '../../payloads/raw-tensor.js';
import { shapeElementCount, tensorDataProblem } from '../../payloads/tensor-data.js';
import type { TensorSpec } from '../../payloads/tensor-spec.js';
import { CONTENTS_FIELD_NAMES, CONTENTS_FIELDS, type ContentsField } from '../../grpc/tensor-contents.js';
import { BadInferRequest, type DecodedInferRequest } from '../infer-request.js';
import type { ReferenceModel, TensorMetadata } from '../models/reference-model.js';

/** TensorObject is an input or output tensor as protobufjs' toObject gives it (int64s as numbers). */
export interface TensorObject {
  name?: string;
  datatype?: string;
  shape?: number[];
  contents?: Record<string, unknown[]>;
}

/** InferRequestObject is a ModelInferRequest as protobufjs' toObject gives it. */
export interface InferRequestObject {
  model_name?: string;
  model_version?: string;
  id?: string;
  inputs?: TensorObject[];
  outputs?: Array<{ name?: string }>;
  raw_input_contents?: Uint8Array[];
}

/** GrpcDecodedInferRequest is a checked request plus whether its data came raw. */
export interface GrpcDecodedInferRequest extends DecodedInferRequest {
  readonly raw: boolean;
}

/**
 * decodeGrpcInferRequest checks request against model: every model input given once with the
 * model's datatype and a matching shape (-1 matches any size; the batch dimension agrees across
 * inputs), data in the contents field of its datatype (no other) or in raw_input_contents (one
 * entry per input, never mixed with contents), product(shape) elements in range. Problems throw a
 * BadInferRequest (answered INVALID_ARGUMENT).
 */
export function decodeGrpcInferRequest(request: InferRequestObject, model: ReferenceModel): GrpcDecodedInferRequest {
  const inputs = request.inputs ?? [];
  if (inputs.length === 0) throw new BadInferRequest('"inputs" must not be empty');
  const raw = request.raw_input_contents ?? [];
  if (raw.length > 0 && raw.length !== inputs.length) {
    throw new BadInferRequest(`raw_input_contents has ${raw.length} entries but the request has ${inputs.length} inputs`);
  }
  const given = new Map<string, number>();
  inputs.forEach((t, i) => {
    const name = t.name ?? '';
    if (given.has(name)) throw new BadInferRequest(`input "${name}" is given more than once`);
    if (!model.inputs.some((m) => m.name === name)) {
      throw new BadInferRequest(`unexpected input "${name}" for model "${model.name}"; it takes ${inputNames(model)}`);
    }
    given.set(name, i);
  });
  const tensors: TensorSpec[] = [];
  let batchSize = -1;
  for (const meta of model.inputs) {
    const index = given.get(meta.name);
    if (index === undefined) throw new BadInferRequest(`missing input "${meta.name}" for model "${model.name}"; it takes ${inputNames(model)}`);
    const tensor = decodeTensor(inputs[index], meta, raw.length > 0 ? raw[index] : undefined);
    if (meta.shape[0] === -1) {
      if (batchSize === -1) batchSize = tensor.shape[0];
      else if (tensor.shape[0] !== batchSize) {
        throw new BadInferRequest(`input "${meta.name}": batch size ${tensor.shape[0]} differs from the other inputs' ${batchSize}`);
      }
    }
    tensors.push(tensor);
  }
  if (batchSize === 0) throw new BadInferRequest('the batch size must be at least 1');
  return {
    id: request.id === undefined || request.id === '' ? undefined : request.id,
    inputs: tensors,
    batchSize: batchSize === -1 ? 1 : batchSize,
    outputs: outputNames(request.outputs, model),
    raw: raw.length > 0,
  };
}

function decodeTensor(t: TensorObject, meta: TensorMetadata, raw: Uint8Array | undefined): TensorSpec {
  const label = `input "${meta.name}"`;
  if (t.datatype !== meta.datatype) {
    throw new BadInferRequest(`${label}: datatype ${JSON.stringify(t.datatype ?? '')} does not match the model's ${meta.datatype}`);
  }
  const shape = t.shape ?? [];
  if (!shapeMatches(shape, meta.shape)) {
    throw new BadInferRequest(`${label}: shape ${JSON.stringify(shape)} does not match the model's ${JSON.stringify(meta.shape)}`);
  }
  const count = shapeElementCount(shape);
  const data = raw !== undefined ? rawData(t, meta.datatype, raw, count, label) : contentsData(t, meta.datatype, label);
  const problem = tensorDataProblem(meta.datatype, shape, data);
  if (problem !== undefined) throw new BadInferRequest(`${label}: ${problem}`);
  return { name: meta.name, datatype: meta.datatype, shape, data };
}

function rawData(t: TensorObject, datatype: Datatype, raw: Uint8Array, count: number, label: string): TensorSpec['data'] {
  if (setContentsFields(t).length > 0) throw new BadInferRequest(`${label}: contents must be empty when raw_input_contents is used`);
  try {
    return decodeRawContents(datatype, raw, count);
  } catch (err) {
    if (err instanceof RawTensorError) throw new BadInferRequest(`${label}: ${err.message}`);
    throw err;
  }
}

function contentsData(t: TensorObject, datatype: Datatype, label: string): TensorSpec['data'] {
  const field = CONTENTS_FIELDS[datatype];
  if (field === null) throw new BadInferRequest(`${label}: ${datatype} data must be sent in raw_input_contents`);
  const set = setContentsFields(t);
  const wrong = set.find((name) => name !== field.name);
  if (wrong !== undefined) throw new BadInferRequest(`${label}: datatype ${datatype} needs ${field.name}, got ${wrong}`);
  const values = t.contents?.[field.name] ?? [];
  if (field.element === 'bytes') return values.map((b) => Buffer.from(b as Uint8Array).toString('utf8'));
  return values as number[] | boolean[];
}

/** setContentsFields lists the contents fields holding at least one element. */
function setContentsFields(t: TensorObject): string[] {
  const contents = t.contents;
  if (contents === undefined) return [];
  return CONTENTS_FIELD_NAMES.filter((name) => (contents[name]?.length ?? 0) > 0);
}

function shapeMatches(shape: readonly number[], dims: readonly number[]): boolean {
  if (shape.length !== dims.length) return false;
  for (let i = 0; i < dims.length; i++) {
    const d = shape[i];
    if (!Number.isSafeInteger(d) || d < 0) return false;
    if (dims[i] !== -1 && d !== dims[i]) return false;
  }
  return true;
}

function outputNames(outputs: InferRequestObject['outputs'], model: ReferenceModel): string[] | undefined {
  if (outputs === undefined || outputs.length === 0) return undefined;
  return outputs.map((o) => {
    const name = o.name ?? '';
    if (!model.outputs.some((m) => m.name === name)) {
      throw new BadInferRequest(`unknown output "${name}" for model "${model.name}"; it has ${model.outputs.map((m) => m.name).join(', ')}`);
    }
    return name;
  });
}

function inputNames(model: ReferenceModel): string {
  return model.inputs.map((m) => `${m.name} ${m.datatype} ${JSON.stringify(m.shape)}`).join(', ');
}

/** InferResponseTensors are ModelInferResponse outputs (and raw contents) ready for protobufjs' encode. */
export interface InferResponseTensors {
  outputs: Array<{ name: string; datatype: string; shape: number[]; contents?: Record<string, unknown[]> }>;
  raw_output_contents?: Buffer[];
}

/**
 * encodeGrpcOutputs turns computed outputs into response tensors: typed contents, or (raw true,
 * or a datatype without a contents field) raw_output_contents, one entry per output in order.
 */
export function encodeGrpcOutputs(outputs: readonly TensorSpec[], raw: boolean): InferResponseTensors {
  const allRaw = raw || outputs.some((o) => CONTENTS_FIELDS[o.datatype] === null);
  const result: InferResponseTensors = { outputs: [] };
  if (allRaw) result.raw_output_contents = [];
  for (const o of outputs) {
    const tensor: InferResponseTensors['outputs'][number] = { name: o.name, datatype: o.datatype, shape: o.shape };
    if (allRaw) (result.raw_output_contents as Buffer[]).push(encodeRawTensor(o.datatype, o.data));
    else tensor.contents = { [(CONTENTS_FIELDS[o.datatype] as ContentsField).name]: contentsValues(o) };
    result.outputs.push(tensor);
  }
  return result;
}

function contentsValues(o: TensorSpec): unknown[] {
  return o.datatype === 'BYTES' ? (o.data as string[]).map((s) => Buffer.from(s, 'utf8')) : o.data;
}
