/**
 * protojson reading: turns a parsed JSON value into a protobufjs message object with Go's
 * protojson rules (how ghz, grpcurl and k6 read call data; spec: inference-protocols.md 2.6), so
 * wrong data is refused before a single call is sent. Field names are the proto name or its
 * lowerCamelCase JSON name; unknown fields are errors; 64-bit integers may be strings; bytes are
 * base64; enums are names or numbers; well-known types take their JSON forms (Timestamp,
 * Duration, wrappers, Struct/Value/ListValue, FieldMask, Empty). `Any` is not supported.
 */
import type { Enum, Field, Type } from 'protobufjs';

/** ProtojsonError is call data that does not fit the message type; its message is one line. */
export class ProtojsonError extends Error {
  override readonly name = 'ProtojsonError';
}

/** EncodableMessage is a plain object that protobufjs' `Type.encode` accepts. */
export type EncodableMessage = Record<string, unknown>;

/**
 * protojsonToMessage converts value (parsed JSON) into an object ready for `type.encode`, checking
 * it against type. Zero-valued proto3 scalars without presence are left out, as Go's encoder
 * does. Any problem throws a ProtojsonError naming the field path and the message type.
 */
export function protojsonToMessage(type: Type, value: unknown): EncodableMessage {
  return new Converter(type).message(type, value, '');
}

/** WKT are the fully qualified names of the well-known types with a special JSON form. */
const WKT = {
  timestamp: '.google.protobuf.Timestamp',
  duration: '.google.protobuf.Duration',
  struct: '.google.protobuf.Struct',
  value: '.google.protobuf.Value',
  listValue: '.google.protobuf.ListValue',
  fieldMask: '.google.protobuf.FieldMask',
  empty: '.google.protobuf.Empty',
  any: '.google.protobuf.Any',
} as const;

/** WRAPPERS maps wrapper types to the scalar type of their `value` field. */
const WRAPPERS: Readonly<Record<string, string>> = {
  '.google.protobuf.DoubleValue': 'double',
  '.google.protobuf.FloatValue': 'float',
  '.google.protobuf.Int64Value': 'int64',
  '.google.protobuf.UInt64Value': 'uint64',
  '.google.protobuf.Int32Value': 'int32',
  '.google.protobuf.UInt32Value': 'uint32',
  '.google.protobuf.BoolValue': 'bool',
  '.google.protobuf.StringValue': 'string',
  '.google.protobuf.BytesValue': 'bytes',
};

const INT_RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
};

const FLOAT32_MAX = 3.4028234663852886e38;
const BASE64 = /^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$/;

/** fieldIndex caches each type's JSON-name lookup: proto name, lowerCamel name and json_name. */
const fieldIndex = new WeakMap<Type, Map<string, Field>>();

function fieldsByJsonName(type: Type): Map<string, Field> {
  let index = fieldIndex.get(type);
  if (index !== undefined) return index;
  index = new Map();
  for (const field of type.fieldsArray) {
    index.set(field.name, field);
    index.set(lowerCamel(field.name), field);
    const jsonName = (field.options as Record<string, unknown> | undefined)?.json_name;
    if (typeof jsonName === 'string') index.set(jsonName, field);
  }
  fieldIndex.set(type, index);
  return index;
}

/** lowerCamel is protoc's JSON name: underscores dropped, the letter after each one upper-cased. */
function lowerCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/_/g, '');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Converter walks one value; top is the outer message type, named in every error. */
class Converter {
  private readonly top: string;

  constructor(top: Type) {
    this.top = top.fullName.replace(/^\./, '');
  }

  private fail(path: string, what: string): never {
    const where = path === '' ? `message ${this.top}` : `field "${path}" of message ${this.top}`;
    throw new ProtojsonError(`${where}: ${what}`);
  }

  message(type: Type, value: unknown, path: string): EncodableMessage {
    const special = this.wellKnown(type, value, path);
    if (special !== undefined) return special;
    if (!isObject(value)) this.fail(path, `want a JSON object for ${type.fullName.slice(1)}, got ${show(value)}`);
    const index = fieldsByJsonName(type);
    const out: EncodableMessage = {};
    const oneofsSet = new Map<string, string>();
    for (const key of Object.keys(value)) {
      const field = index.get(key);
      if (field === undefined) {
        const at = path === '' ? '' : ` (at "${path}")`;
        throw new ProtojsonError(`unknown field "${key}" in message ${type.fullName.slice(1)}${at}`);
      }
      const v = value[key];
      const fieldPath = path === '' ? field.name : `${path}.${field.name}`;
      if (Object.hasOwn(out, field.name)) this.fail(fieldPath, 'given twice (by its proto name and its JSON name)');
      if (v === null && !isValueType(field)) continue;
      if (field.partOf !== null) {
        const other = oneofsSet.get(field.partOf.name);
        if (other !== undefined) this.fail(fieldPath, `oneof "${field.partOf.name}" is already set by "${other}"`);
        oneofsSet.set(field.partOf.name, field.name);
      }
      const converted = this.field(field, v, fieldPath);
      if (converted !== undefined) out[field.name] = converted;
    }
    return out;
  }

  private field(field: Field, v: unknown, path: string): unknown {
    field.resolve();
    if (field.map) return this.map(field, v, path);
    if (field.repeated) {
      if (!Array.isArray(v)) this.fail(path, `want a JSON array, got ${show(v)}`);
      return v.map((item, i) => {
        if (item === null && !isValueType(field)) this.fail(`${path}[${i}]`, 'null is not allowed in a repeated field');
        return this.single(field, item, `${path}[${i}]`);
      });
    }
    const single = this.single(field, v, path);
    if (!field.hasPresence && isZero(single, field)) return undefined;
    return single;
  }

  private map(field: Field, v: unknown, path: string): unknown {
    if (!isObject(v)) this.fail(path, `want a JSON object for a map, got ${show(v)}`);
    const keyType = (field as Field & { keyType: string }).keyType;
    if (keyType === 'bool') this.fail(path, 'maps with bool keys are not supported');
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(v)) {
      const itemPath = `${path}["${key}"]`;
      if (keyType !== 'string') this.integer(keyType, key, itemPath);
      out[key] = this.single(field, item, itemPath);
    }
    return out;
  }

  /** single converts one non-repeated value of field's type. */
  private single(field: Field, v: unknown, path: string): unknown {
    const rt = field.resolvedType;
    if (rt === null) return this.scalar(field.type, v, path);
    if ('values' in rt && !('fieldsArray' in rt)) return this.enumValue(rt as Enum, v, path);
    return this.message(rt as Type, v, path);
  }

  scalar(type: string, v: unknown, path: string): unknown {
    switch (type) {
      case 'string':
        if (typeof v !== 'string') this.fail(path, `want a string, got ${show(v)}`);
        return v;
      case 'bool':
        if (typeof v !== 'boolean') this.fail(path, `want true or false, got ${show(v)}`);
        return v;
      case 'bytes':
        if (typeof v !== 'string' || !BASE64.test(v)) this.fail(path, `want base64 bytes, got ${show(v)}`);
        return Buffer.from(v, 'base64');
      case 'double':
      case 'float':
        return this.float(type, v, path);
      default: {
        if (INT_RANGES[type] === undefined) this.fail(path, `unsupported field type ${type}`);
        const n = this.integer(type, v, path);
        return type.endsWith('64') ? n.toString() : Number(n);
      }
    }
  }

  private integer(type: string, v: unknown, path: string): bigint {
    let n: bigint | undefined;
    if (typeof v === 'number' && Number.isInteger(v)) n = BigInt(v);
    else if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) n = BigInt(v.trim());
    else if (typeof v === 'string' && v.trim() !== '' && Number.isInteger(Number(v))) n = BigInt(Number(v));
    if (n === undefined) this.fail(path, `want an integer (${type}), got ${show(v)}`);
    const [min, max] = INT_RANGES[type];
    if (n < min || n > max) this.fail(path, `${n} is out of ${type} range`);
    return n;
  }

  private float(type: string, v: unknown, path: string): number {
    let n: number | undefined;
    if (typeof v === 'number') n = v;
    else if (v === 'NaN') n = NaN;
    else if (v === 'Infinity') n = Infinity;
    else if (v === '-Infinity') n = -Infinity;
    else if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) n = Number(v);
    if (n === undefined) this.fail(path, `want a number (${type}), got ${show(v)}`);
    if (type === 'float' && Number.isFinite(n) && Math.abs(n) > FLOAT32_MAX) this.fail(path, `${n} is out of float range`);
    return n;
  }

  private enumValue(e: Enum, v: unknown, path: string): number {
    if (typeof v === 'string') {
      const n = e.values[v];
      if (n === undefined) this.fail(path, `unknown ${e.fullName.slice(1)} value ${show(v)}; values: ${Object.keys(e.values).slice(0, 8).join(', ')}`);
      return n;
    }
    if (typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31) return v;
    return this.fail(path, `want an enum name or number for ${e.fullName.slice(1)}, got ${show(v)}`);
  }

  /** wellKnown converts the JSON forms of the well-known types; undefined for other types. */
  private wellKnown(type: Type, v: unknown, path: string): EncodableMessage | undefined {
    const name = type.fullName;
    if (!name.startsWith('.google.protobuf.')) return undefined;
    const wrapped = WRAPPERS[name];
    if (wrapped !== undefined) return setNonZero(type, 1, this.scalar(wrapped, v, path));
    switch (name) {
      case WKT.timestamp:
        return this.timestamp(type, v, path);
      case WKT.duration:
        return this.duration(type, v, path);
      case WKT.struct:
        if (!isObject(v)) this.fail(path, `want a JSON object for google.protobuf.Struct, got ${show(v)}`);
        return this.struct(type, v, path);
      case WKT.listValue:
        if (!Array.isArray(v)) this.fail(path, `want a JSON array for google.protobuf.ListValue, got ${show(v)}`);
        return this.listValue(type, v, path);
      case WKT.value:
        return this.value(type, v, path);
      case WKT.fieldMask:
        if (typeof v !== 'string') this.fail(path, `want a string for google.protobuf.FieldMask, got ${show(v)}`);
        return setById(type, 1, v === '' ? [] : v.split(',').map((p) => p.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)));
      case WKT.empty:
        if (!isObject(v) || Object.keys(v).length > 0) this.fail(path, 'want {} for google.protobuf.Empty');
        return {};
      case WKT.any:
        return this.fail(path, 'google.protobuf.Any is not supported in call data');
      default:
        return undefined;
    }
  }

  private timestamp(type: Type, v: unknown, path: string): EncodableMessage {
    const m = typeof v === 'string' ? /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/.exec(v) : null;
    const ms = m === null ? NaN : Date.parse(`${m[1]}T${m[2]}${m[4] === 'z' ? 'Z' : m[4]}`);
    if (m === null || Number.isNaN(ms)) this.fail(path, `want an RFC 3339 time for google.protobuf.Timestamp, got ${show(v)}`);
    const nanos = Number((m[3] ?? '').padEnd(9, '0') || '0');
    return setNonZero(type, 2, nanos, setNonZero(type, 1, String(ms / 1000)));
  }

  private duration(type: Type, v: unknown, path: string): EncodableMessage {
    const m = typeof v === 'string' ? /^(-)?(\d+)(?:\.(\d{1,9}))?s$/.exec(v) : null;
    if (m === null) this.fail(path, `want a duration such as "1.5s" for google.protobuf.Duration, got ${show(v)}`);
    const sign = m[1] === '-' ? -1 : 1;
    const nanos = sign * Number((m[3] ?? '').padEnd(9, '0') || '0');
    const seconds = BigInt(m[2]) * BigInt(sign);
    if (seconds > 315_576_000_000n || seconds < -315_576_000_000n) this.fail(path, `duration ${v} is out of range`);
    return setNonZero(type, 2, nanos, setNonZero(type, 1, seconds.toString()));
  }

  private struct(type: Type, v: Record<string, unknown>, path: string): EncodableMessage {
    const valueType = fieldById(type, 1).resolvedType as Type;
    const fields: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) fields[k] = this.value(valueType, item, `${path}.${k}`);
    return setById(type, 1, fields);
  }

  private listValue(type: Type, v: unknown[], path: string): EncodableMessage {
    const valueType = fieldById(type, 1).resolvedType as Type;
    return setById(type, 1, v.map((item, i) => this.value(valueType, item, `${path}[${i}]`)));
  }

  /** value converts any JSON into google.protobuf.Value (fields 1..6: null, number, string, bool, struct, list). */
  private value(type: Type, v: unknown, path: string): EncodableMessage {
    if (v === null) return setById(type, 1, 0);
    if (typeof v === 'number') return setById(type, 2, v);
    if (typeof v === 'string') return setById(type, 3, v);
    if (typeof v === 'boolean') return setById(type, 4, v);
    if (Array.isArray(v)) return setById(type, 6, this.listValue(fieldById(type, 6).resolvedType as Type, v, path));
    if (isObject(v)) return setById(type, 5, this.struct(fieldById(type, 5).resolvedType as Type, v, path));
    return this.fail(path, `unsupported JSON value ${show(v)}`);
  }
}

/** isValueType: null is a real value (NullValue) only for google.protobuf.Value fields. */
function isValueType(field: Field): boolean {
  field.resolve();
  return field.resolvedType !== null && field.resolvedType.fullName === WKT.value;
}

/**
 * isZero tells whether a converted scalar is its type's default, which Go leaves off the wire for
 * fields without presence (-0.0 is not a default: its bits are not zero). 64-bit integers are
 * strings here, so only those compare with "0"; string fields never carry a number.
 */
function isZero(v: unknown, field: Field): boolean {
  if (typeof v === 'string') return v === '' || (v === '0' && field.type !== 'string');
  return Object.is(v, 0) || v === false || (Buffer.isBuffer(v) && v.length === 0);
}

function fieldById(type: Type, id: number): Field {
  const field = type.fieldsById[id];
  field.resolve();
  return field;
}

/** setById sets the field numbered id of a well-known type, whatever its name's casing. */
function setById(type: Type, id: number, value: unknown, into: EncodableMessage = {}): EncodableMessage {
  into[fieldById(type, id).name] = value;
  return into;
}

/** setNonZero is setById for implicit-presence scalars: a zero value stays off the wire, as in Go. */
function setNonZero(type: Type, id: number, value: unknown, into: EncodableMessage = {}): EncodableMessage {
  return isZero(value, fieldById(type, id)) ? into : setById(type, id, value, into);
}
