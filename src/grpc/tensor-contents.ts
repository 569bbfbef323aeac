/**
 * The `InferTensorContents` field that carries each datatype in OIP gRPC (spec:
 * inference-protocols.md 1.5, 2.3). FP16 and BF16 have none: they travel raw only.
 */
import type { Datatype } from '../payloads/datatype.js';

/** ContentsField names one InferTensorContents field: its proto name, number and element type. */
export interface ContentsField {
  readonly name: string;
  readonly id: number;
  readonly element: 'bool' | 'int32' | 'int64' | 'uint32' | 'uint64' | 'float' | 'double' | 'bytes';
}

const BOOL: ContentsField = { name: 'bool_contents', id: 1, element: 'bool' };
const INT: ContentsField = { name: 'int_contents', id: 2, element: 'int32' };
const INT64: ContentsField = { name: 'int64_contents', id: 3, element: 'int64' };
const UINT: ContentsField = { name: 'uint_contents', id: 4, element: 'uint32' };
const UINT64: ContentsField = { name: 'uint64_contents', id: 5, element: 'uint64' };
const FP32: ContentsField = { name: 'fp32_contents', id: 6, element: 'float' };
const FP64: ContentsField = { name: 'fp64_contents', id: 7, element: 'double' };
const BYTES: ContentsField = { name: 'bytes_contents', id: 8, element: 'bytes' };

/** CONTENTS_FIELDS maps each datatype to its contents field; null = raw only (FP16, BF16). */
export const CONTENTS_FIELDS: Readonly<Record<Datatype, ContentsField | null>> = {
  BOOL,
  UINT8: UINT,
  UINT16: UINT,
  UINT32: UINT,
  UINT64,
  INT8: INT,
  INT16: INT,
  INT32: INT,
  INT64,
  FP16: null,
  FP32,
  FP64,
  BYTES,
  BF16: null,
};

/** CONTENTS_FIELD_NAMES lists every contents field name, for finding which one a tensor set. */
export const CONTENTS_FIELD_NAMES: readonly string[] = [BOOL, INT, INT64, UINT, UINT64, FP32, FP64, BYTES].map((f) => f.name);
