/**
 * planJson renders a plan (or any plain value) as readable, stable JSON for --dry-run: object
 * keys sorted, bytes (Buffers, typed arrays) as their length and the base64 of their first 64
 * bytes, bigints and non-finite numbers as strings, Maps as objects, undefined fields left out.
 */

/** PREVIEW_BYTES is how many bytes of a body or frame the JSON shows. */
export const PREVIEW_BYTES = 64;

export function planJson(value: unknown): string {
  return `${JSON.stringify(printable(value), null, 2)}\n`;
}

/** printable maps a value to what JSON shows of it (see the file comment). */
export function printable(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) return bytesOf(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : printable(v)));
  const entries = value instanceof Map ? [...value].map(([k, v]) => [String(k), v] as const) : Object.entries(value);
  const out: Record<string, unknown> = {};
  for (const [k, v] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (v !== undefined && typeof v !== 'function') out[k] = printable(v);
  }
  return out;
}

function bytesOf(bytes: Uint8Array): { bytes: number; base64: string } {
  const head = Buffer.from(bytes.subarray(0, PREVIEW_BYTES)).toString('base64');
  return { bytes: bytes.length, base64: bytes.length > PREVIEW_BYTES ? `${head}…` : head };
}
