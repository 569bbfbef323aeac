import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadGrpcMethod } from '../../src/grpc/grpc-method.js';
import { ProtojsonError, protojsonToMessage } from '../../src/grpc/protojson.js';

const PROTO = `syntax = "proto3";
package t;
import "google/protobuf/struct.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/timestamp.proto";
import "google/protobuf/wrappers.proto";
import "google/protobuf/field_mask.proto";
import "google/protobuf/empty.proto";
import "google/protobuf/any.proto";
message All {
  google.protobuf.Struct s = 1;
  google.protobuf.Value v = 2;
  google.protobuf.ListValue l = 3;
  google.protobuf.Duration d = 4;
  google.protobuf.Timestamp ts = 5;
  google.protobuf.Int64Value i64 = 6;
  google.protobuf.StringValue str = 7;
  google.protobuf.FieldMask mask = 8;
  google.protobuf.Empty e = 9;
  google.protobuf.Any any = 10;
  map<int32, string> by_int = 11;
  map<bool, string> by_bool = 12;
  optional int32 maybe = 13;
  float f = 14;
  double dbl = 15;
  uint64 big = 16;
  sint32 s32 = 17;
  fixed64 f64 = 18;
  string renamed = 19 [json_name = "otherName"];
  repeated google.protobuf.Value values = 20;
}
service S { rpc M(All) returns (All); }
`;

const dir = mkdtempSync(join(tmpdir(), 'loadgen-protojson-'));
writeFileSync(join(dir, 'all.proto'), PROTO);
const type = loadGrpcMethod({ proto: join(dir, 'all.proto'), call: 't.S/M' }).requestMessage;

/** roundTrip converts, encodes and decodes back to a plain object. */
function roundTrip(value: unknown): Record<string, unknown> {
  const bytes = type.encode(protojsonToMessage(type, value)).finish();
  return type.toObject(type.decode(bytes), { longs: String, defaults: false });
}

function rejects(value: unknown, pattern: RegExp): void {
  assert.throws(() => protojsonToMessage(type, value), (err: unknown) => err instanceof ProtojsonError && pattern.test(err.message));
}

describe('protojsonToMessage: well-known types', () => {
  it('reads Struct, Value and ListValue from any JSON', () => {
    const out = roundTrip({ s: { a: 1, b: [true, null, 'x'], c: { d: 'e' } }, v: 'text', l: [1, 'two'], values: [null, 3] });
    assert.deepEqual(out.s, {
      fields: {
        a: { numberValue: 1 },
        b: { listValue: { values: [{ boolValue: true }, { nullValue: 0 }, { stringValue: 'x' }] } },
        c: { structValue: { fields: { d: { stringValue: 'e' } } } },
      },
    });
    assert.deepEqual(out.v, { stringValue: 'text' });
    assert.deepEqual(out.l, { values: [{ numberValue: 1 }, { stringValue: 'two' }] });
    assert.deepEqual(out.values, [{ nullValue: 0 }, { numberValue: 3 }]);
  });

  it('reads Duration, Timestamp, wrappers, FieldMask and Empty from their JSON forms', () => {
    const out = roundTrip({ d: '-1.5s', ts: '1970-01-01T00:01:00.25+00:01', i64: '-7', str: 'w', mask: 'a.bC,d', e: {} });
    assert.deepEqual(out.d, { seconds: '-1', nanos: -500_000_000 });
    assert.deepEqual(out.ts, { nanos: 250_000_000 });
    assert.deepEqual(out.i64, { value: '-7' });
    assert.deepEqual(out.str, { value: 'w' });
    assert.deepEqual(out.mask, { paths: ['a.b_c', 'd'] });
    assert.deepEqual(out.e, {});
  });

  it('rejects malformed well-known values and Any', () => {
    rejects({ d: '5m' }, /field "d" .*want a duration such as "1\.5s"/);
    rejects({ ts: '2026-13-01' }, /field "ts" .*want an RFC 3339 time/);
    rejects({ s: [1] }, /want a JSON object for google\.protobuf\.Struct/);
    rejects({ any: { '@type': 'x' } }, /google\.protobuf\.Any is not supported/);
    rejects({ e: { x: 1 } }, /want \{\} for google\.protobuf\.Empty/);
  });
});

describe('protojsonToMessage: scalars, maps and names', () => {
  it('accepts integer map keys as strings, json_name, special floats and 64-bit extremes', () => {
    const out = roundTrip({ by_int: { '-3': 'neg', '7': 'seven' }, otherName: 'r', f: 'Infinity', dbl: 'NaN', big: '18446744073709551615', s32: -5, f64: '1' });
    assert.deepEqual(out.by_int, { '-3': 'neg', '7': 'seven' });
    assert.equal(out.renamed, 'r');
    assert.equal(out.f, Infinity);
    assert.ok(Number.isNaN(out.dbl as number));
    assert.equal(out.big, '18446744073709551615');
    assert.equal(out.s32, -5);
    assert.equal(out.f64, '1');
  });

  it('keeps a zero with explicit presence (proto3 optional) but drops implicit zeros', () => {
    assert.deepEqual(roundTrip({ maybe: 0, f: 0 }), { maybe: 0 });
    assert.deepEqual(Object.keys(protojsonToMessage(type, { dbl: -0 })), ['dbl']);
  });

  it('rejects bad keys, ranges and bool-keyed maps', () => {
    rejects({ by_int: { x: 'a' } }, /field "by_int\["x"\]" .*want an integer \(int32\)/);
    rejects({ big: '-1' }, /-1 is out of uint64 range/);
    rejects({ big: '18446744073709551616' }, /out of uint64 range/);
    rejects({ by_bool: { true: 'a' } }, /maps with bool keys are not supported/);
    rejects({ f: 'fast' }, /want a number \(float\)/);
  });
});
