/**
 * Raw tensor bytes (spec: inference-protocols.md 2.4, 3.1): little-endian, row-major, BOOL as
 * one byte 0/1, FP16 and BF16 as 2-byte halves, BYTES as a 4-byte little-endian length before
 * each element. Used by the V2 gRPC request builder (`raw_input_contents`) and by the reference
 * server (raw inputs in, raw outputs out).
 */
import type { Datatype } from '../payloads/datatype.js';

/** TensorValues are flat tensor data: numbers, strings (BYTES) or booleans (BOOL). */
export type TensorValues = number[] | string[] | boolean[];

/** FIXED_SIZES is the element size in bytes of each fixed-size datatype (BYTES is variable). */
export const FIXED_SIZES: Readonly<Record<Exclude<Datatype, 'BYTES'>, number>> = {
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
  BF16: 2,
};

/** RawTensorError is raw content that does not fit the tensor (wrong size or truncated BYTES). */
export class RawTensorError extends Error {
  override readonly name = 'RawTensorError';
}

/** encodeRawTensor writes flat data of datatype as raw little-endian bytes. */
export function encodeRawTensor(datatype: Datatype, data: TensorValues): Buffer {
  if (datatype === 'BYTES') return encodeRawBytes(data as string[]);
  const n = data.length;
  const out = Buffer.allocUnsafe(n * FIXED_SIZES[datatype]);
  for (let i = 0; i < n; i++) writeElement(out, datatype, i, data[i]);
  return out;
}

function encodeRawBytes(data: readonly string[]): Buffer {
  const parts = data.map((s) => Buffer.from(s, 'utf8'));
  const out = Buffer.allocUnsafe(parts.reduce((sum, p) => sum + 4 + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.writeUInt32LE(p.length, pos);
    p.copy(out, pos + 4);
    pos += 4 + p.length;
  }
  return out;
}

function writeElement(out: Buffer, datatype: Exclude<Datatype, 'BYTES'>, i: number, v: number | string | boolean): void {
  const x = Number(v);
  switch (datatype) {
    case 'BOOL':
      out[i] = v === true || x === 1 ? 1 : 0;
      return;
    case 'UINT8':
      out.writeUInt8(x, i);
      return;
    case 'INT8':
      out.writeInt8(x, i);
      return;
    case 'UINT16':
      out.writeUInt16LE(x, i * 2);
      return;
    case 'INT16':
      out.writeInt16LE(x, i * 2);
      return;
    case 'UINT32':
      out.writeUInt32LE(x, i * 4);
      return;
    case 'INT32':
      out.writeInt32LE(x, i * 4);
      return;
    case 'UINT64':
      out.writeBigUInt64LE(BigInt(x), i * 8);
      return;
    case 'INT64':
      out.writeBigInt64LE(BigInt(x), i * 8);
      return;
    case 'FP16':
      out.writeUInt16LE(float16Bits(x), i * 2);
      return;
    case 'BF16':
      out.writeUInt16LE(bfloat16Bits(x), i * 2);
      return;
    case 'FP32':
      out.writeFloatLE(x, i * 4);
      return;
    case 'FP64':
      out.writeDoubleLE(x, i * 8);
      return;
  }
}

/**
 * decodeRawTensor reads count elements of datatype from raw bytes. A byte length that does not
 * match (or truncated BYTES elements) throws a RawTensorError. 64-bit integers beyond 2^53 lose
 * precision (they become the nearest double).
 */
export function decodeRawTensor(datatype: Datatype, bytes: Uint8Array, count: number): TensorValues {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (datatype === 'BYTES') return decodeRawBytes(buf, count);
  const size = FIXED_SIZES[datatype];
  if (buf.length !== count * size) {
    throw new RawTensorError(`raw content has ${buf.length} bytes but ${count} ${datatype} elements need ${count * size}`);
  }
  if (datatype === 'BOOL') {
    const out = new Array<boolean>(count);
    for (let i = 0; i < count; i++) out[i] = buf[i] !== 0;
    return out;
  }
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = readElement(buf, datatype, i);
  return out;
}

function decodeRawBytes(buf: Buffer, count: number): string[] {
  const out: string[] = [];
  let pos = 0;
  while (pos < buf.length) {
    if (pos + 4 > buf.length) throw new RawTensorError('raw BYTES content ends inside an element length');
    const length = buf.readUInt32LE(pos);
    if (pos + 4 + length > buf.length) throw new RawTensorError('raw BYTES content ends inside an element');
    out.push(buf.toString('utf8', pos + 4, pos + 4 + length));
    pos += 4 + length;
  }
  if (out.length !== count) throw new RawTensorError(`raw BYTES content has ${out.length} elements but the shape needs ${count}`);
  return out;
}

function readElement(buf: Buffer, datatype: Exclude<Datatype, 'BYTES' | 'BOOL'>, i: number): number {
  switch (datatype) {
    case 'UINT8':
      return buf.readUInt8(i);
    case 'INT8':
      return buf.readInt8(i);
    case 'UINT16':
      return buf.readUInt16LE(i * 2);
    case 'INT16':
      return buf.readInt16LE(i * 2);
    case 'UINT32':
      return buf.readUInt32LE(i * 4);
    case 'INT32':
      return buf.readInt32LE(i * 4);
    case 'UINT64':
      return Number(buf.readBigUInt64LE(i * 8));
    case 'INT64':
      return Number(buf.readBigInt64LE(i * 8));
    case 'FP16':
      return float16Value(buf.readUInt16LE(i * 2));
    case 'BF16':
      return bfloat16Value(buf.readUInt16LE(i * 2));
    case 'FP32':
      return buf.readFloatLE(i * 4);
    case 'FP64':
      return buf.readDoubleLE(i * 8);
  }
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float16Bits converts x to IEEE 754 half-precision bits, rounding to nearest even. */
export function float16Bits(x: number): number {
  f32[0] = x;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  let mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    return sign | (rest > mid || (rest === mid && (half & 1) === 1) ? half + 1 : half);
  }
  const half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  return sign | (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1) ? half + 1 : half);
}

/** float16Value converts IEEE 754 half-precision bits to a number. */
export function float16Value(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant === 0 ? sign * Infinity : NaN;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** bfloat16Bits converts x to bfloat16 bits (the top half of its float32), rounding to nearest even. */
export function bfloat16Bits(x: number): number {
  f32[0] = x;
  const bits = u32[0];
  if (Number.isNaN(x)) return ((bits >>> 16) | 0x40) & 0xffff;
  const rounded = bits + 0x7fff + ((bits >>> 16) & 1);
  return (rounded >>> 16) & 0xffff;
}

/** bfloat16Value converts bfloat16 bits to a number. */
export function bfloat16Value(b: number): number {
  u32[0] = (b & 0xffff) << 16;
  return f32[0];
}
