/**
 * TensorFlow's TensorProto (spec: inference-protocols.md 4.2) in protojson form, both ways: OIP
 * datatypes map to `DataType` enum names and to the typed `*_val` field that carries their
 * values; FP16 and BF16, whose `half_val` holds bit patterns, travel raw in `tensor_content`
 * (little-endian, as TensorFlow reads it). Used by the TF Serving gRPC request builder, its
 * response check and the reference server.
 */
import type { Datatype } from '../payloads/datatype.js';
import { bfloat16ToFloat, decodeRawTensor, encodeRawTensor, halfToFloat } from '../payloads/raw-tensor.js';
import type { TensorSpec } from '../payloads/tensor-spec.js';

/** TfValueField is a TensorProto field holding values, or `tensor_content` for raw bytes. */
export type TfValueField =
  | 'float_val'
  | 'double_val'
  | 'int_val'
  | 'int64_val'
  | 'string_val'
  | 'bool_val'
  | 'uint32_val'
  | 'uint64_val'
  | 'tensor_content';

/** TF_TENSOR_TYPES maps each OIP datatype to its DataType name and value field. */
export const TF_TENSOR_TYPES: Readonly<Record<Datatype, { readonly dtype: string; readonly field: TfValueField }>> = {
  BOOL: { dtype: 'DT_BOOL', field: 'bool_val' },
  UINT8: { dtype: 'DT_UINT8', field: 'int_val' },
  UINT16: { dtype: 'DT_UINT16', field: 'int_val' },
  UINT32: { dtype: 'DT_UINT32', field: 'uint32_val' },
  UINT64: { dtype: 'DT_UINT64', field: 'uint64_val' },
  INT8: { dtype: 'DT_INT8', field: 'int_val' },
  INT16: { dtype: 'DT_INT16', field: 'int_val' },
  INT32: { dtype: 'DT_INT32', field: 'int_val' },
  INT64: { dtype: 'DT_INT64', field: 'int64_val' },
  FP16: { dtype: 'DT_HALF', field: 'tensor_content' },
  FP32: { dtype: 'DT_FLOAT', field: 'float_val' },
  FP64: { dtype: 'DT_DOUBLE', field: 'double_val' },
  BYTES: { dtype: 'DT_STRING', field: 'string_val' },
  BF16: { dtype: 'DT_BFLOAT16', field: 'tensor_content' },
};

const DATATYPE_OF_DTYPE: ReadonlyMap<string, Datatype> = new Map(
  Object.entries(TF_TENSOR_TYPES).map(([datatype, t]) => [t.dtype, datatype as Datatype]),
);

/** datatypeOfDtype maps a DataType enum name (`DT_FLOAT`) to the OIP datatype, undefined if none. */
export function datatypeOfDtype(dtype: unknown): Datatype | undefined {
  return typeof dtype === 'string' ? DATATYPE_OF_DTYPE.get(dtype) : undefined;
}

/**
 * tensorProtoJson is a tensor as a protojson TensorProto: dtype, tensor_shape dims and the
 * values in the datatype's typed field (BYTES as base64 string_val; FP16/BF16 raw).
 */
export function tensorProtoJson(t: Pick<TensorSpec, 'datatype' | 'shape' | 'data'>): Record<string, unknown> {
  const { dtype, field } = TF_TENSOR_TYPES[t.datatype];
  const out: Record<string, unknown> = { dtype, tensor_shape: { dim: t.shape.map((size) => ({ size: String(size) })) } };
  if (field === 'tensor_content') out.tensor_content = encodeRawTensor(t.datatype, t.data).toString('base64');
  else if (field === 'string_val') out.string_val = (t.data as readonly unknown[]).map((s) => Buffer.from(String(s), 'utf8').toString('base64'));
  else if (field === 'int64_val' || field === 'uint64_val') out[field] = (t.data as readonly unknown[]).map((v) => String(v));
  else out[field] = t.data;
  return out;
}

/** TensorProtoObject is a TensorProto as protobufjs' toObject gives it (longs as numbers, arrays always). */
export interface TensorProtoObject {
  dtype?: number | string;
  tensor_shape?: { dim?: Array<{ size?: number | string }>; unknown_rank?: boolean };
  tensor_content?: Uint8Array;
  [field: string]: unknown;
}

/** TensorProtoProblem is a TensorProto that cannot be read; the message is one line. */
export class TensorProtoProblem extends Error {
  override readonly name = 'TensorProtoProblem';
}

/**
 * readTensorProto reads a decoded TensorProto (dtype as an enum name) into datatype, shape and
 * flat values: from tensor_content when it is set, else from the datatype's typed field
 * (string_val decoded as UTF-8; FP16/BF16 bit patterns from half_val). Unknown dtypes and raw bytes that do not fit throw.
 */
export function readTensorProto(t: TensorProtoObject): { datatype: Datatype; shape: number[]; data: unknown[] } {
  const datatype = datatypeOfDtype(t.dtype);
  if (datatype === undefined) throw new TensorProtoProblem(`dtype ${String(t.dtype)} is not supported`);
  const shape = (t.tensor_shape?.dim ?? []).map((d) => Number(d.size ?? 0));
  const content = t.tensor_content;
  if (content !== undefined && content.length > 0) {
    try {
      return { datatype, shape, data: [...decodeRawTensor(datatype, content)] as unknown[] };
    } catch (err) {
      throw new TensorProtoProblem(`tensor_content: ${(err as Error).message}`);
    }
  }
  const field = TF_TENSOR_TYPES[datatype].field;
  if (field === 'tensor_content') {
    const bits = (t.half_val as number[] | undefined) ?? [];
    return { datatype, shape, data: bits.map(datatype === 'FP16' ? halfToFloat : bfloat16ToFloat) };
  }
  const values = (t[field] as unknown[] | undefined) ?? [];
  if (field === 'string_val') return { datatype, shape, data: values.map((v) => Buffer.from(v as Uint8Array).toString('utf8')) };
  return { datatype, shape, data: values.map((v) => (typeof v === 'string' ? Number(v) : v)) };
}
