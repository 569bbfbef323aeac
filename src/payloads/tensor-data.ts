/**
 * Tensor data helpers shared by the payload validator and the reference server: flattening the
 * nested JSON form (spec: inference-protocols.md 1.4) and checking data against shape and datatype.
 */
import { elementProblem, type Datatype } from './datatype.js';

/** MAX_NESTING bounds recursion on hostile nested data; real tensors have far fewer dimensions. */
const MAX_NESTING = 64;

/**
 * flattenTensorData turns tensor data given flat (`[1,2,3,4]`) or nested to match the shape
 * (`[[1,2],[3,4]]`) into a flat row-major array. A flat array is returned as is, without a copy.
 */
export function flattenTensorData(data: readonly unknown[]): unknown[] {
  for (let i = 0; i < data.length; i++) {
    if (Array.isArray(data[i])) {
      const out: unknown[] = [];
      flattenInto(data, out, 0);
      return out;
    }
  }
  return data as unknown[];
}

function flattenInto(data: readonly unknown[], out: unknown[], depth: number): void {
  if (depth > MAX_NESTING) throw new RangeError(`data is nested more than ${MAX_NESTING} levels deep`);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (Array.isArray(v)) flattenInto(v, out, depth + 1);
    else out.push(v);
  }
}

/** shapeElementCount is the number of elements a shape holds: the product of its dimensions. */
export function shapeElementCount(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/**
 * shapeProblem says why shape is not a valid concrete tensor shape (an array of non-negative
 * integers), or returns undefined.
 */
export function shapeProblem(shape: unknown): string | undefined {
  if (!Array.isArray(shape)) return 'shape is not an array';
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      return `shape ${JSON.stringify(shape)} has an invalid dimension (want non-negative integers)`;
    }
  }
  return undefined;
}

/**
 * tensorDataProblem says why flat data does not fit (datatype, shape): a length other than the
 * product of the shape, or an element of the wrong JSON type or range. Undefined when it fits.
 */
export function tensorDataProblem(datatype: Datatype, shape: readonly number[], flat: readonly unknown[]): string | undefined {
  const want = shapeElementCount(shape);
  if (flat.length !== want) {
    return `data has ${flat.length} elements but shape ${JSON.stringify(shape)} needs ${want}`;
  }
  for (let i = 0; i < flat.length; i++) {
    const problem = elementProblem(datatype, flat[i]);
    if (problem !== undefined) return `data[${i}]: ${problem} (datatype ${datatype})`;
  }
  return undefined;
}
