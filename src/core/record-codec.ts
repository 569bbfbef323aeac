/**
 * The run record's field codecs, each a pair: how a RunResult value is written into the record
 * (the `json` report) and how it is read back (results/run-record.ts), side by side so the two
 * cannot drift. One pair per field whose shape is not plain JSON: status codes, errors, typed
 * columns, Go JSON values (ghz's options).
 */
import type { ErrorCount, RunMeta, RunResult } from './run-result.js';
import { compareStatus, statusKey, type ErrorKind, type StatusCount } from './outcome.js';
import { GRPC_STATUS_CODES, type GrpcStatusName } from './grpc-status.js';
import type { GoJsonValue } from './go-json-value.js';

/** RecordFieldError is a record field that does not have the shape the codec reads. */
export class RecordFieldError extends Error {
  override readonly name = 'RecordFieldError';
}

/**
 * statusCodesToJson writes status counts keyed by code (`"200"`); in a mixed run gRPC codes are
 * `"grpc:OK"`-style keys, so the object never mixes the two numberings.
 */
export function statusCodesToJson(protocol: RunMeta['protocol'], codes: RunResult['statusCodes']): Record<string, number> {
  return Object.fromEntries(codes.map((s) => [statusKey(protocol, s), s.count]));
}

/** statusCodesFromJson reads statusCodesToJson's object back: a bare code is the run's own protocol's. */
export function statusCodesFromJson(value: unknown, protocol: RunMeta['protocol']): StatusCount[] {
  const entries = Object.entries(objectOf(value, 'status_codes'));
  const codes = entries.map(([key, n]) => ({ ...statusOfKey(key, protocol), count: countOf(n, `status_codes.${key}`) }));
  return codes.sort(compareStatus);
}

function statusOfKey(key: string, protocol: RunMeta['protocol']): Pick<StatusCount, 'protocol' | 'code'> {
  if (/^\d+$/.test(key)) return { protocol: protocol === 'grpc' ? 'grpc' : 'http', code: Number(key) };
  const grpc = /^grpc:(?:Code\((\d+)\)|(\w+))$/.exec(key);
  const code = grpc === null ? undefined : grpc[1] !== undefined ? Number(grpc[1]) : GRPC_STATUS_CODES[grpc[2] as GrpcStatusName];
  if (code === undefined) throw new RecordFieldError(`status_codes: "${key}" is not a status code`);
  return { protocol: 'grpc', code };
}

/** errorsToJson writes the distinct errors in first-seen order (their kinds go in error_kinds). */
export function errorsToJson(errors: readonly ErrorCount[]): Array<{ text: string; count: number }> {
  return errors.map((e) => ({ text: e.text, count: e.count }));
}

/** errorsFromJson reads errorsToJson's list back; kindOf recovers each error's kind from its text. */
export function errorsFromJson(value: unknown, kindOf: (text: string) => ErrorKind): ErrorCount[] {
  if (!Array.isArray(value)) throw new RecordFieldError('errors: not a list');
  return value.map((e: unknown, i) => {
    const o = objectOf(e, `errors[${i}]`);
    if (typeof o.text !== 'string') throw new RecordFieldError(`errors[${i}].text: not a string`);
    return { text: o.text, kind: kindOf(o.text), count: countOf(o.count, `errors[${i}].count`) };
  });
}

/** TypedColumn is a typed-array column of the per-call log. */
type TypedColumn = Float64Array | Uint8Array | Uint32Array;

/** columnToBase64 writes a typed array's bytes (little-endian, as every platform Node runs on) as base64. */
export function columnToBase64(column: TypedColumn, length: number): string {
  return Buffer.from(column.buffer, column.byteOffset, length * column.BYTES_PER_ELEMENT).toString('base64');
}

/** columnFromBase64 reads columnToBase64's text into a fresh (aligned) typed array of `length` values. */
export function columnFromBase64<T extends TypedColumn>(text: unknown, make: new (n: number) => T, length: number, field: string): T {
  if (typeof text !== 'string') throw new RecordFieldError(`${field}: not a base64 string`);
  const bytes = Buffer.from(text, 'base64');
  const column = new make(length);
  if (bytes.length !== column.byteLength) throw new RecordFieldError(`${field}: ${bytes.length} bytes for ${length} values`);
  new Uint8Array(column.buffer).set(bytes);
  return column;
}

/**
 * goJsonToRecord writes a GoJsonValue as plain JSON that keeps what JSON would lose: key order of
 * maps and objects (as `{"map": [[k, v], ...]}` / `{"object": [...]}`) and bigints (`{"bigint": "n"}`).
 */
export function goJsonToRecord(v: GoJsonValue): unknown {
  if (typeof v === 'bigint') return { bigint: v.toString() };
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(goJsonToRecord);
  if (v instanceof Map) return { map: [...v].map(([k, x]) => [k, goJsonToRecord(x)]) };
  return { object: Object.entries(v).map(([k, x]) => [k, goJsonToRecord(x as GoJsonValue)]) };
}

/** goJsonFromRecord reads goJsonToRecord's form back. */
export function goJsonFromRecord(v: unknown, field: string): GoJsonValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map((x, i) => goJsonFromRecord(x, `${field}[${i}]`));
  const o = objectOf(v, field);
  if (typeof o.bigint === 'string') return BigInt(o.bigint);
  const pairs = o.map ?? o.object;
  if (!Array.isArray(pairs)) throw new RecordFieldError(`${field}: not an encoded Go JSON value`);
  const entries = pairs.map((p: unknown) => {
    if (!Array.isArray(p) || typeof p[0] !== 'string') throw new RecordFieldError(`${field}: not a [key, value] pair`);
    return [p[0], goJsonFromRecord(p[1], `${field}.${p[0]}`)] as const;
  });
  return o.map !== undefined ? new Map(entries) : Object.fromEntries(entries);
}

/** objectOf checks that a field is a JSON object. */
export function objectOf(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new RecordFieldError(`${field}: not an object`);
  return v as Record<string, unknown>;
}

/** countOf checks that a field is a whole number >= 0. */
export function countOf(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new RecordFieldError(`${field}: not a count`);
  return v;
}
