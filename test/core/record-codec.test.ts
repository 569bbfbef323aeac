/**
 * The run record's field codecs: each value written comes back equal, including what plain JSON
 * would lose (map key order, integer-like keys, bigints, typed-array bytes, mixed status keys).
 */
import assert from 'node:assert/strict';
import type { StatusCount } from '../../src/core/outcome.js';
import { test } from 'node:test';
import {
  columnFromBase64,
  columnToBase64,
  goJsonFromRecord,
  goJsonToRecord,
  statusCodesFromJson,
  statusCodesToJson,
} from '../../src/core/record-codec.js';
import type { GoJsonValue } from '../../src/core/go-json-value.js';

test('Go JSON values round-trip through the record with key order, integer-like keys and bigints kept', () => {
  const value: GoJsonValue = new Map<string, GoJsonValue>([
    ['z', 1],
    ['10', 'ten'],
    ['2', [true, null, 1.5, { b: 1, a: 2 }]],
    ['big', 9007199254740993n],
    ['nested', new Map([['9', new Map([['1', 'x']])]])],
  ]);
  const back = goJsonFromRecord(JSON.parse(JSON.stringify(goJsonToRecord(value))), 'options');
  assert.deepEqual(back, value);
  assert.deepEqual([...(back as Map<string, GoJsonValue>).keys()], ['z', '10', '2', 'big', 'nested']);
});

test('typed columns round-trip through base64, from views at an offset too', () => {
  const f = new Float64Array([0.5, 1e-9, 123456789.123, -0, Number.MAX_SAFE_INTEGER, 7]);
  const view = new Float64Array(f.buffer, 8, 4);
  assert.deepEqual(columnFromBase64(columnToBase64(view, 3), Float64Array, 3, 'c'), new Float64Array([1e-9, 123456789.123, -0]));
  const u32 = new Uint32Array([0, 1, 4294967295]);
  assert.deepEqual(columnFromBase64(columnToBase64(u32, 3), Uint32Array, 3, 'c'), u32);
  const u8 = new Uint8Array([3, 0, 255, 9]);
  assert.deepEqual(columnFromBase64(columnToBase64(u8, 2), Uint8Array, 2, 'c'), new Uint8Array([3, 0]));
  assert.throws(() => columnFromBase64(columnToBase64(u32, 2), Uint32Array, 3, 'calls.error_index'), /calls.error_index: 8 bytes for 3 values/);
});

test('status codes round-trip for HTTP, gRPC and mixed runs', () => {
  const http = (code: number, count: number) => ({ protocol: 'http', code, count }) as const;
  const grpc = (code: number, count: number) => ({ protocol: 'grpc', code, count }) as const;
  const cases: Array<[protocol: 'http' | 'grpc' | 'mixed', codes: StatusCount[], keys: string[]]> = [
    ['http', [http(0, 2), http(200, 10), http(503, 1)], ['0', '200', '503']],
    ['grpc', [grpc(0, 5), grpc(14, 2)], ['0', '14']],
    ['mixed', [http(200, 3), grpc(0, 4), grpc(14, 1), grpc(40, 1)], ['200', 'grpc:OK', 'grpc:Unavailable', 'grpc:Code(40)']],
  ];
  for (const [protocol, codes, keys] of cases) {
    const json = JSON.parse(JSON.stringify(statusCodesToJson(protocol, codes))) as Record<string, number>;
    assert.deepEqual(Object.keys(json), keys, protocol);
    assert.deepEqual(statusCodesFromJson(json, protocol), codes, protocol);
  }
  assert.throws(() => statusCodesFromJson({ 'grpc:Nope': 1 }, 'mixed'), /status_codes: "grpc:Nope" is not a status code/);
});
