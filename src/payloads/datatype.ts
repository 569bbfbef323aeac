/**
 * Datatype is an Open Inference Protocol tensor datatype (spec: inference-protocols.md 1.5), and
 * this file says which JSON values each one accepts, so the payload validator and the reference
 * server reject the same things.
 */

/** DATATYPES lists the OIP datatypes, BF16 included (Triton accepts it; it is raw-only). */
export const DATATYPES = [
  'BOOL',
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'FP16',
  'FP32',
  'FP64',
  'BYTES',
  'BF16',
] as const;

/** Datatype is one OIP datatype name, e.g. `FP32`. */
export type Datatype = (typeof DATATYPES)[number];

const DATATYPE_SET: ReadonlySet<string> = new Set(DATATYPES);

/** isDatatype tells whether text names an OIP datatype (case-sensitive, as servers compare it). */
export function isDatatype(text: unknown): text is Datatype {
  return typeof text === 'string' && DATATYPE_SET.has(text);
}

/** ElementKind is the JSON type a datatype's elements take: `integer` also bounds the value. */
type ElementKind = 'bool' | 'integer' | 'float' | 'string';

interface ElementRule {
  readonly kind: ElementKind;
  readonly min: number;
  readonly max: number;
}

const FP32_MAX = 3.4028234663852886e38;
const FP16_MAX = 65504;

function int(min: number, max: number): ElementRule {
  return { kind: 'integer', min, max };
}
function float(max: number): ElementRule {
  return { kind: 'float', min: -max, max };
}

/**
 * ELEMENT_RULES maps each datatype to its JSON element type and range. 64-bit integers stop at
 * 2^53 because JSON numbers in JavaScript do (inference-protocols.md 7.6: BigInt is future work).
 */
const ELEMENT_RULES: Record<Datatype, ElementRule> = {
  BOOL: { kind: 'bool', min: 0, max: 0 },
  UINT8: int(0, 255),
  UINT16: int(0, 65535),
  UINT32: int(0, 4294967295),
  UINT64: int(0, Number.MAX_SAFE_INTEGER),
  INT8: int(-128, 127),
  INT16: int(-32768, 32767),
  INT32: int(-2147483648, 2147483647),
  INT64: int(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  FP16: float(FP16_MAX),
  FP32: float(FP32_MAX),
  FP64: float(Number.MAX_VALUE),
  BYTES: { kind: 'string', min: 0, max: 0 },
  BF16: float(FP32_MAX),
};

/**
 * elementProblem says why value is not a valid element of datatype (e.g. `"x" is not a number`),
 * or returns undefined when it is valid. BYTES elements are JSON strings, BOOL elements booleans.
 */
export function elementProblem(datatype: Datatype, value: unknown): string | undefined {
  const rule = ELEMENT_RULES[datatype];
  switch (rule.kind) {
    case 'bool':
      return typeof value === 'boolean' ? undefined : `${show(value)} is not a boolean`;
    case 'string':
      return typeof value === 'string' ? undefined : `${show(value)} is not a string`;
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${show(value)} is not a number`;
      return value >= rule.min && value <= rule.max ? undefined : `${value} is out of ${datatype} range`;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return `${show(value)} is not an integer`;
      return value >= rule.min && value <= rule.max
        ? undefined
        : `${value} is out of ${datatype} range ${rule.min}..${rule.max}`;
  }
}

/** show renders a bad element briefly for an error message. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
