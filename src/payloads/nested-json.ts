/**
 * Nested JSON arrays: TF Serving and Seldon v1 carry tensors as arrays nested to match the shape
 * (`[[1,2],[3,4]]` for [2,2]), where the OIP carries them flat. nestValues builds that form once
 * per run; nestedShape reads the shape back from a response or request.
 */

/**
 * nestValues nests flat row-major values to match shape: [] gives the single value, [n] a flat
 * array, [2,3] two arrays of three. map (optional) converts each leaf (e.g. BYTES to `{"b64"}`).
 * The caller guarantees flat.length is the product of shape.
 */
export function nestValues<T>(flat: readonly T[], shape: readonly number[], map?: (v: T) => unknown): unknown {
  if (shape.length === 0) return map === undefined ? flat[0] : map(flat[0]);
  return nestFrom(flat, shape, 0, 0, map);
}

function nestFrom<T>(flat: readonly T[], shape: readonly number[], depth: number, offset: number, map: ((v: T) => unknown) | undefined): unknown[] {
  const n = shape[depth];
  const out = new Array<unknown>(n);
  if (depth === shape.length - 1) {
    for (let i = 0; i < n; i++) out[i] = map === undefined ? flat[offset + i] : map(flat[offset + i]);
    return out;
  }
  let stride = 1;
  for (let d = depth + 1; d < shape.length; d++) stride *= shape[d];
  for (let i = 0; i < n; i++) out[i] = nestFrom(flat, shape, depth + 1, offset + i * stride, map);
  return out;
}

/** MAX_RANK bounds the nesting nestedShape follows; hostile input cannot recurse deeper. */
const MAX_RANK = 32;

/**
 * nestedShape is the shape of a value nested as a tensor (a non-array is a scalar, shape []), or
 * undefined when the arrays are ragged (rows of different lengths, or arrays mixed with leaves)
 * or deeper than MAX_RANK. Every non-array is one element, so TF Serving's `{"b64": ...}` is too.
 */
export function nestedShape(value: unknown): number[] | undefined {
  const shape: number[] = [];
  let v = value;
  while (Array.isArray(v)) {
    if (shape.length >= MAX_RANK) return undefined;
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0];
  }
  return isRectangular(value, shape, 0) ? shape : undefined;
}

function isRectangular(v: unknown, shape: readonly number[], depth: number): boolean {
  if (depth === shape.length) return !Array.isArray(v);
  if (!Array.isArray(v) || v.length !== shape[depth]) return false;
  for (let i = 0; i < v.length; i++) if (!isRectangular(v[i], shape, depth + 1)) return false;
  return true;
}
