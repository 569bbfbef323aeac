/**
 * The Open Inference Protocol gRPC request (`inference.ModelInferRequest`, spec:
 * inference-protocols.md 2.2-2.4) built from a protocol-neutral PayloadSpec, serialized once per
 * payload: tensor data goes either in each input's typed `contents` field (the one matching its
 * datatype) or, raw, in `raw_input_contents` (one entry per input, little-endian).
 */
import protobuf from 'protobufjs';
import type { Writer } from 'protobufjs';
import type { Parameters, PayloadSpec, TensorSpec } from '../payloads/tensor-spec.js';
import { encodeRawTensor } from '../payloads/raw-tensor.js';
import { CONTENTS_FIELDS, type ContentsField } from './tensor-contents.js';

/** V2_INFER_PATH is the HTTP/2 path of the V2 ModelInfer RPC. */
export const V2_INFER_PATH = '/inference.GRPCInferenceService/ModelInfer';

/** V2GrpcRequestOptions say which model the request is for and how tensor data travels. */
export interface V2GrpcRequestOptions {
  /** model is `model_name`. */
  readonly model: string;
  /** version is `model_version`; empty or absent = the server's choice. */
  readonly version?: string;
  /** id is the request `id` (echoed in the response); absent = none. */
  readonly id?: string;
  /**
   * contents is `typed` (default: each input's `contents` field) or `raw` (`raw_input_contents`).
   * A payload with an FP16 or BF16 input is always sent raw, since those have no typed field and
   * a request may not mix the two forms.
   */
  readonly contents?: 'typed' | 'raw';
}

/** Wire types of the protobuf encoding. */
const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;

function tag(field: number, wire: number): number {
  return ((field << 3) | wire) >>> 0;
}

/**
 * encodeModelInferRequest serializes spec as a ModelInferRequest: model_name=1, model_version=2,
 * id=3, parameters=4, inputs=5 (name, datatype, shape, parameters, contents), outputs=6 and, in
 * raw form, raw_input_contents=7. The payload is expected to be valid (validatePayload).
 */
export function encodeModelInferRequest(spec: PayloadSpec, options: V2GrpcRequestOptions): Buffer {
  const raw = options.contents === 'raw' || spec.inputs.some((t) => CONTENTS_FIELDS[t.datatype] === null);
  const w = protobuf.Writer.create();
  if (options.model !== '') w.uint32(tag(1, LEN)).string(options.model);
  if (options.version !== undefined && options.version !== '') w.uint32(tag(2, LEN)).string(options.version);
  if (options.id !== undefined && options.id !== '') w.uint32(tag(3, LEN)).string(options.id);
  if (spec.parameters !== undefined) writeParameters(w, 4, spec.parameters);
  for (const input of spec.inputs) {
    w.uint32(tag(5, LEN)).fork();
    writeInput(w, input, raw);
    w.ldelim();
  }
  for (const output of spec.outputs ?? []) {
    w.uint32(tag(6, LEN)).fork();
    w.uint32(tag(1, LEN)).string(output.name);
    if (output.parameters !== undefined) writeParameters(w, 2, output.parameters);
    w.ldelim();
  }
  if (raw) {
    for (const input of spec.inputs) w.uint32(tag(7, LEN)).bytes(encodeRawTensor(input.datatype, input.data));
  }
  const bytes = w.finish();
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

function writeInput(w: Writer, t: TensorSpec, raw: boolean): void {
  w.uint32(tag(1, LEN)).string(t.name);
  w.uint32(tag(2, LEN)).string(t.datatype);
  if (t.shape.length > 0) {
    w.uint32(tag(3, LEN)).fork();
    for (const d of t.shape) w.int64(d);
    w.ldelim();
  }
  if (t.parameters !== undefined) writeParameters(w, 4, t.parameters);
  if (raw) return;
  w.uint32(tag(5, LEN)).fork();
  writeContents(w, CONTENTS_FIELDS[t.datatype] as ContentsField, t.data);
  w.ldelim();
}

/** writeContents writes the data into its contents field: packed for numbers and bools, repeated bytes for BYTES. */
function writeContents(w: Writer, field: ContentsField, data: TensorSpec['data']): void {
  if (data.length === 0) return;
  if (field.element === 'bytes') {
    for (const s of data as string[]) w.uint32(tag(field.id, LEN)).bytes(Buffer.from(s, 'utf8'));
    return;
  }
  w.uint32(tag(field.id, LEN)).fork();
  switch (field.element) {
    case 'bool':
      for (const v of data as boolean[]) w.bool(v);
      break;
    case 'int32':
      for (const v of data as number[]) w.int32(v);
      break;
    case 'uint32':
      for (const v of data as number[]) w.uint32(v);
      break;
    case 'int64':
      for (const v of data as number[]) w.int64(v);
      break;
    case 'uint64':
      for (const v of data as number[]) w.uint64(v);
      break;
    case 'float':
      for (const v of data as number[]) w.float(v);
      break;
    case 'double':
      for (const v of data as number[]) w.double(v);
      break;
  }
  w.ldelim();
}

/**
 * writeParameters writes an OIP parameters map as map<string, InferParameter>: booleans as
 * bool_param=1, safe integers as int64_param=2, strings as string_param=3, other numbers as
 * double_param=4.
 */
function writeParameters(w: Writer, field: number, params: Parameters): void {
  for (const [key, value] of Object.entries(params)) {
    w.uint32(tag(field, LEN)).fork();
    w.uint32(tag(1, LEN)).string(key);
    w.uint32(tag(2, LEN)).fork();
    if (typeof value === 'boolean') w.uint32(tag(1, VARINT)).bool(value);
    else if (typeof value === 'string') w.uint32(tag(3, LEN)).string(value);
    else if (Number.isSafeInteger(value)) w.uint32(tag(2, VARINT)).int64(value);
    else w.uint32(tag(4, FIXED64)).double(value);
    w.ldelim();
    w.ldelim();
  }
}
