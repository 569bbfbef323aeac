/**
 * Raw tensor encoding: the little-endian, row-major byte form of a tensor used by the V2 binary
 * tensor extension (spec: inference-protocols.md 3.1) and by gRPC `raw_input_contents` (2.4).
 * BOOL is one byte (0/1), BYTES elements are a 4-byte little-endian length then the UTF-8 bytes,
 * FP16 and BF16 are converted from and to JavaScript numbers here.
 */
import type { Datatype } from './datatype.js';
import type { TensorValues } from './fill-rule.js';

/** ELEMENT_BYTES is the size of one element of each fixed-width datatype (bytes); BYTES is variable (0). */
export const ELEMENT_BYTES: Readonly<Record<Datatype, number>> = {
  BOOL: 1,
  UINT8: 1,
  UINT16: 2,
  UINT32: 4,
  UINT64: 8,
  INT8: 1,
  INT16: 2,
  INT32: 4,
  INT64: 8,
  FP16: 2,
  FP32: 4,
  FP64: 8,
  BYTES: 0,
  BF16: 2,
};

/** BYTES_LENGTH_PREFIX is the size of the length before each BYTES element (bytes). */
export const BYTES_LENGTH_PREFIX = 4;

/**
 * rawTensorByteLength is the encoded size of data as datatype (bytes): count x element size, or
 * for BYTES the sum of 4 + UTF-8 length of each string.
 */
export function rawTensorByteLength(datatype: Datatype, data: TensorValues): number {
  if (datatype !== 'BYTES') return data.length * ELEMENT_BYTES[datatype];
  let n = 0;
  for (let i = 0; i < data.length; i++) n += BYTES_LENGTH_PREFIX + Buffer.byteLength(String(data[i]), 'utf8');
  return n;
}

/** encodeRawTensor encodes data (already valid for datatype) into a new Buffer. */
export function encodeRawTensor(datatype: Datatype, data: TensorValues): Buffer {
  const out = Buffer.allocUnsafe(rawTensorByteLength(datatype, data));
  encodeRawTensorInto(datatype, data, out, 0);
  return out;
}

/**
 * encodeRawTensorInto writes data as datatype into out at offset and returns the offset after it;
 * out must have rawTensorByteLength bytes of room. 64-bit integers go through BigInt.
 */
export function encodeRawTensorInto(datatype: Datatype, data: TensorValues, out: Buffer, offset: number): number {
  const n = data.length;
  let o = offset;
  switch (datatype) {
    case 'BOOL':
      for (let i = 0; i < n; i++) out[o++] = data[i] ? 1 : 0;
      return o;
    case 'BYTES':
      for (let i = 0; i < n; i++) {
        const len = out.write(String(data[i]), o + BYTES_LENGTH_PREFIX, 'utf8');
        out.writeUInt32LE(len, o);
        o += BYTES_LENGTH_PREFIX + len;
      }
      return o;
    default: {
      const write = WRITERS[datatype];
      const size = ELEMENT_BYTES[datatype];
      for (let i = 0; i < n; i++, o += size) write(out, data[i] as number, o);
      return o;
    }
  }
}

/**
 * RawTensorError is raw tensor bytes that do not hold the expected elements (a wrong size, a
 * truncated BYTES element or bytes left over). It is a RangeError.
 */
export class RawTensorError extends RangeError {
  override readonly name = 'RawTensorError';
}

/**
 * decodeRawTensor decodes bytes as count elements of datatype (count undefined: as many as the
 * bytes hold). It throws a RawTensorError with a one-line message when the bytes do not hold
 * exactly that many elements (a length that is not a multiple of the element size, a BYTES length
 * prefix running past the end, or bytes left over).
 */
export function decodeRawTensor(datatype: Datatype, bytes: Uint8Array, count?: number): TensorValues {
  const buf = asBuffer(bytes);
  if (datatype === 'BYTES') return decodeBytesElements(buf, count);
  const size = ELEMENT_BYTES[datatype];
  if (buf.length % size !== 0 || (count !== undefined && buf.length !== count * size)) {
    const want = count === undefined ? `a multiple of ${size}` : `${count * size}`;
    throw new RawTensorError(`${buf.length} bytes of ${datatype} data, expected ${want}`);
  }
  return decodeFixedElements(datatype, buf, buf.length / size);
}

/**
 * decodeRawContents decodes gRPC raw contents (`raw_input_contents` / `raw_output_contents`, spec
 * 2.4) as exactly count elements of datatype. Bytes that do not hold count elements throw a
 * RawTensorError worded for raw content (`raw content has 3 bytes but 4 FP32 elements need 16`).
 * 64-bit integers beyond 2^53 lose precision (they become the nearest double).
 */
export function decodeRawContents(datatype: Datatype, bytes: Uint8Array, count: number): TensorValues {
  const buf = asBuffer(bytes);
  if (datatype === 'BYTES') {
    const scan = scanBytesElements(buf, Infinity);
    if (scan.truncated === 'prefix') throw new RawTensorError('raw BYTES content ends inside an element length');
    if (scan.truncated === 'element') throw new RawTensorError('raw BYTES content ends inside an element');
    if (scan.values.length !== count) {
      throw new RawTensorError(`raw BYTES content has ${scan.values.length} elements but the shape needs ${count}`);
    }
    return scan.values;
  }
  const size = ELEMENT_BYTES[datatype];
  if (buf.length !== count * size) {
    throw new RawTensorError(`raw content has ${buf.length} bytes but ${count} ${datatype} elements need ${count * size}`);
  }
  return decodeFixedElements(datatype, buf, count);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** decodeFixedElements reads n elements of a fixed-size datatype; buf holds exactly n of them. */
function decodeFixedElements(datatype: Exclude<Datatype, 'BYTES'>, buf: Buffer, n: number): TensorValues {
  if (datatype === 'BOOL') {
    const out = new Array<boolean>(n);
    for (let i = 0; i < n; i++) out[i] = buf[i] !== 0;
    return out;
  }
  const read = READERS[datatype];
  const size = ELEMENT_BYTES[datatype];
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = read(buf, i * size);
  return out;
}

function decodeBytesElements(bytes: Buffer, count: number | undefined): string[] {
  const scan = scanBytesElements(bytes, count ?? Infinity);
  const n = scan.values.length;
  if (scan.truncated === 'prefix') throw new RawTensorError(`BYTES element ${n}: truncated length prefix`);
  if (scan.truncated === 'element') throw new RawTensorError(`BYTES element ${n}: length ${scan.length} runs past the end of the data`);
  if (count !== undefined && n !== count) throw new RawTensorError(`BYTES data holds ${n} elements, expected ${count}`);
  if (scan.end !== bytes.length) throw new RawTensorError(`${bytes.length - scan.end} bytes left over after ${n} BYTES elements`);
  return scan.values;
}

/**
 * BytesScan is the BYTES elements read from the start of some bytes: where reading stopped, and
 * whether it stopped at a length prefix (`prefix`) or an element (`element`, of `length` bytes)
 * running past the end.
 */
interface BytesScan {
  values: string[];
  end: number;
  truncated?: 'prefix' | 'element';
  length?: number;
}

/** scanBytesElements reads BYTES elements until the end of bytes, limit elements or a truncated one. */
function scanBytesElements(bytes: Buffer, limit: number): BytesScan {
  const values: string[] = [];
  let o = 0;
  while (o < bytes.length && values.length < limit) {
    if (o + BYTES_LENGTH_PREFIX > bytes.length) return { values, end: o, truncated: 'prefix' };
    const len = bytes.readUInt32LE(o);
    if (o + BYTES_LENGTH_PREFIX + len > bytes.length) return { values, end: o, truncated: 'element', length: len };
    values.push(bytes.toString('utf8', o + BYTES_LENGTH_PREFIX, o + BYTES_LENGTH_PREFIX + len));
    o += BYTES_LENGTH_PREFIX + len;
  }
  return { values, end: o };
}

type Writer = (out: Buffer, v: number, o: number) => void;
type Reader = (b: Buffer, o: number) => number;
type FixedNumeric = Exclude<Datatype, 'BOOL' | 'BYTES'>;

const WRITERS: Record<FixedNumeric, Writer> = {
  UINT8: (b, v, o) => void b.writeUInt8(v, o),
  UINT16: (b, v, o) => void b.writeUInt16LE(v, o),
  UINT32: (b, v, o) => void b.writeUInt32LE(v, o),
  UINT64: (b, v, o) => void b.writeBigUInt64LE(BigInt(v), o),
  INT8: (b, v, o) => void b.writeInt8(v, o),
  INT16: (b, v, o) => void b.writeInt16LE(v, o),
  INT32: (b, v, o) => void b.writeInt32LE(v, o),
  INT64: (b, v, o) => void b.writeBigInt64LE(BigInt(v), o),
  FP16: (b, v, o) => void b.writeUInt16LE(floatToHalf(v), o),
  FP32: (b, v, o) => void b.writeFloatLE(v, o),
  FP64: (b, v, o) => void b.writeDoubleLE(v, o),
  BF16: (b, v, o) => void b.writeUInt16LE(floatToBfloat16(v), o),
};

const READERS: Record<FixedNumeric, Reader> = {
  UINT8: (b, o) => b.readUInt8(o),
  UINT16: (b, o) => b.readUInt16LE(o),
  UINT32: (b, o) => b.readUInt32LE(o),
  UINT64: (b, o) => Number(b.readBigUInt64LE(o)),
  INT8: (b, o) => b.readInt8(o),
  INT16: (b, o) => b.readInt16LE(o),
  INT32: (b, o) => b.readInt32LE(o),
  INT64: (b, o) => Number(b.readBigInt64LE(o)),
  FP16: (b, o) => halfToFloat(b.readUInt16LE(o)),
  FP32: (b, o) => b.readFloatLE(o),
  FP64: (b, o) => b.readDoubleLE(o),
  BF16: (b, o) => bfloat16ToFloat(b.readUInt16LE(o)),
};

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** floatToHalf converts a number to IEEE 754 binary16 bits, rounding to nearest even. */
export function floatToHalf(value: number): number {
  F32[0] = value;
  const x = U32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  const e = exp - 112; // rebias 127 -> 15
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    return sign | (half + (rem > mid || (rem === mid && (half & 1) !== 0) ? 1 : 0));
  }
  const half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  return sign | (half + (rem > 0x1000 || (rem === 0x1000 && (half & 1) !== 0) ? 1 : 0));
}

/** halfToFloat converts IEEE 754 binary16 bits to a number. */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >>> 10) & 0x1f;
  const m = bits & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 0x1f) return m !== 0 ? NaN : sign * Infinity;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

/** floatToBfloat16 converts a number to bfloat16 bits (the top half of float32), rounding to nearest even. */
export function floatToBfloat16(value: number): number {
  F32[0] = value;
  const x = U32[0];
  if (Number.isNaN(value)) return 0x7fc0;
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
}

/** bfloat16ToFloat converts bfloat16 bits to a number. */
export function bfloat16ToFloat(bits: number): number {
  U32[0] = (bits & 0xffff) << 16;
  return F32[0];
}
