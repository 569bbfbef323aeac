import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import protobuf from 'protobufjs';
import { buildCallData, readCallDataInput, splitTopLevelArray, type CallDataInput } from '../../src/grpc/call-data.js';
import { loadGrpcMethod, type GrpcMethod } from '../../src/grpc/grpc-method.js';
import { TemplateCall, TemplateError } from '../../src/grpc/template.js';
import { UsageError } from '../../src/core/errors.js';

const echo = loadGrpcMethod({ proto: 'echo', call: 'loadgen.echo.Echo/Unary' });
const v2 = loadGrpcMethod({ proto: 'v2', call: 'inference.GRPCInferenceService/ModelInfer' });

function json(text: string): CallDataInput {
  return { kind: 'json', text, source: '-d' };
}

function decoded(method: GrpcMethod, bytes: Buffer): Record<string, unknown> {
  return method.requestMessage.toObject(method.requestMessage.decode(bytes), { longs: String, enums: String, bytes: String });
}

function usageError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => err instanceof UsageError && pattern.test(err.message) && !err.message.includes('\n'));
}

const call = (n: number): TemplateCall => new TemplateCall(n, 'g0c0');

describe('buildCallData: static JSON', () => {
  it('serializes an object once and returns the same bytes for every call', () => {
    const data = buildCallData(json('{"text": "hello", "number": "12", "tags": ["a", "b"]}'), echo);
    assert.equal(data.count, 1);
    assert.equal(data.dynamic, false);
    const first = data.messageFor(0, call(0));
    assert.equal(data.messageFor(5, call(5)), first);
    assert.deepEqual(decoded(echo, first), { text: 'hello', number: '12', tags: ['a', 'b'] });
  });

  it('uses an array round-robin by request number, each element serialized once', () => {
    const data = buildCallData(json('[{"text": "a"}, {"text": "b"}, {"text": "c"}]'), echo);
    assert.equal(data.count, 3);
    const texts = [0, 1, 2, 3, 4, 5, 6].map((n) => decoded(echo, data.messageFor(n, call(n))).text);
    assert.deepEqual(texts, ['a', 'b', 'c', 'a', 'b', 'c', 'a']);
    assert.equal(data.messageFor(4, call(4)), data.messageFor(1, call(1)));
    assert.deepEqual(data.streamMessages(call(0)).map((b) => decoded(echo, b).text), ['a', 'b', 'c']);
  });

  it('accepts proto names and lowerCamel JSON names, 64-bit integers as strings, base64 bytes, enum names and numbers', () => {
    const data = buildCallData(
      json('{"model_name": "iris", "modelVersion": "1", "rawInputContents": ["AQID", "_-8"], "inputs": [{"name": "x", "datatype": "INT64", "shape": ["2", 1], "contents": {"int64_contents": ["9007199254740993", -1]}}]}'),
      v2,
    );
    assert.deepEqual(decoded(v2, data.messageFor(0, call(0))), {
      model_name: 'iris',
      model_version: '1',
      raw_input_contents: ['AQID', '/+8='],
      inputs: [{ name: 'x', datatype: 'INT64', shape: ['2', '1'], contents: { int64_contents: ['9007199254740993', '-1'] } }],
    });
    const e = buildCallData(json('[{"kind": "KIND_LARGE"}, {"kind": 1}, {"kind": null, "text": null}]'), echo);
    assert.deepEqual([0, 1, 2].map((n) => decoded(echo, e.messageFor(n, call(n)))), [{ kind: 'KIND_LARGE' }, { kind: 'KIND_SMALL' }, {}]);
  });

  it('leaves zero values off the wire, as Go does', () => {
    const data = buildCallData(json('{"text": "", "number": 0, "flag": false, "ratio": 0, "payload": ""}'), echo);
    assert.equal(data.messageFor(0, call(0)).length, 0);
  });

  it('sends an empty message without data', () => {
    const data = buildCallData({ kind: 'none' }, echo);
    assert.equal(data.messageFor(3, call(3)).length, 0);
    assert.equal(data.reportData, undefined);
    assert.equal(data.binary, false);
  });

  it('keeps the parsed JSON for the report options', () => {
    assert.deepEqual(buildCallData(json('{"text": "{{.WorkerID}}"}'), echo).reportData, { text: '{{.WorkerID}}' });
    assert.equal(buildCallData(json('{"number": {{.RequestNumber}}}'), echo).reportData, undefined);
  });
});

describe('buildCallData: validation errors are one-line UsageErrors', () => {
  const table: Array<[string, GrpcMethod, RegExp]> = [
    ['{"nope": 1}', echo, /^-d: unknown field "nope" in message loadgen\.echo\.EchoMessage$/],
    ['{"nested": {"label": "x", "extra": 1}}', echo, /unknown field "extra" in message loadgen\.echo\.Nested \(at "nested"\)/],
    ['[{"text": "ok"}, {"text": 5}]', echo, /^-d: \[1\]: field "text" of message loadgen\.echo\.EchoMessage: want a string, got 5$/],
    ['{"number": "12x"}', echo, /field "number" .*want an integer \(int64\), got "12x"/],
    ['{"number": 1.5}', echo, /want an integer \(int64\), got 1\.5/],
    ['{"count": 3000000000}', echo, /field "count" .*3000000000 is out of int32 range/],
    ['{"nested": {"values": [1, "x"]}}', echo, /field "nested\.values\[1\]" .*want an integer \(int32\)/],
    ['{"payload": "not base64!"}', echo, /field "payload" .*want base64 bytes/],
    ['{"kind": "KIND_HUGE"}', echo, /unknown loadgen\.echo\.Kind value "KIND_HUGE"; values: KIND_UNSPECIFIED, KIND_SMALL, KIND_LARGE/],
    ['{"flag": "true"}', echo, /field "flag" .*want true or false/],
    ['{"tags": "a"}', echo, /field "tags" .*want a JSON array/],
    ['{"tags": [null]}', echo, /null is not allowed in a repeated field/],
    ['{"labels": ["a"]}', echo, /field "labels" .*want a JSON object for a map/],
    ['{"labels": {"a": 1}}', echo, /field "labels\["a"\]" .*want a string/],
    ['{"nested": 3}', echo, /want a JSON object for loadgen\.echo\.Nested/],
    ['{"model_name": "a", "modelName": "b"}', v2, /given twice/],
    ['{"parameters": {"p": {"bool_param": true, "string_param": "x"}}}', v2, /oneof "parameter_choice" is already set by "bool_param"/],
    ['{"inputs": [{"contents": {"fp32_contents": [1e39]}}]}', v2, /1e\+39 is out of float range/],
    ['[]', echo, /^-d: the call data array is empty$/],
    ['{"text": ', echo, /^-d: invalid JSON: /],
    ['"just a string"', echo, /want a JSON object for loadgen\.echo\.EchoMessage/],
  ];
  for (const [text, method, want] of table) {
    it(`rejects ${text}`, () => usageError(() => buildCallData(json(text), method), want));
  }

  it('names the -D file in errors', () => {
    usageError(() => buildCallData({ kind: 'json', text: '{"nope": 1}', source: '-D data.json' }, echo), /^-D data\.json: unknown field "nope"/);
  });
});

describe('buildCallData: templates', () => {
  it('renders templated elements per call and keeps static ones serialized once', () => {
    const data = buildCallData(json('[{"text": "req-{{.RequestNumber}}", "number": {{.RequestNumber}}}, {"text": "static"}]'), echo);
    assert.equal(data.dynamic, true);
    assert.equal(data.count, 2);
    assert.deepEqual(decoded(echo, data.messageFor(0, call(0))), { text: 'req-0' });
    assert.deepEqual(decoded(echo, data.messageFor(4, call(4))), { text: 'req-4', number: '4' });
    assert.equal(data.messageFor(1, call(1)), data.messageFor(3, call(3)));
  });

  it('renders a templated object, with Go quoting inside actions', () => {
    const data = buildCallData(json('{"text": "{{printf "%03d" .RequestNumber}}-{{.WorkerID}}", "tags": ["{{upper "x"}}"]}'), echo);
    assert.deepEqual(decoded(echo, data.messageFor(7, new TemplateCall(7, 'g2c1'))), { text: '007-g2c1', tags: ['X'] });
  });

  it('checks templated messages by rendering them once before the run', () => {
    usageError(() => buildCallData(json('{"number": "{{.WorkerID}}"}'), echo), /^-d: field "number" .*want an integer \(int64\), got "g0c0"$/);
    usageError(() => buildCallData(json('[{"text": "a"}, {"text": {{.RequestNumber}}}]'), echo), /^-d: \[1\]: field "text" .*want a string, got 0$/);
    usageError(() => buildCallData(json('{"text": "{{.Nope}}"}'), echo), /template: unknown field \.Nope/);
    usageError(() => buildCallData(json('{"text": {{.WorkerID}}}'), echo), /-d: after templating, invalid JSON/);
  });

  it('fails only the call whose rendering does not fit the type', () => {
    const data = buildCallData(json('{"count": {{mul .RequestNumber 1000000000}}}'), echo);
    assert.deepEqual(decoded(echo, data.messageFor(2, call(2))), { count: 2_000_000_000 });
    assert.throws(() => data.messageFor(3, call(3)), (err: unknown) => err instanceof TemplateError && /3000000000 is out of int32 range/.test(err.message));
  });

  it('sends template text as is when templating is disabled', () => {
    const data = buildCallData(json('{"text": "{{.RequestNumber}}"}'), echo, { templating: false });
    assert.equal(data.dynamic, false);
    assert.deepEqual(decoded(echo, data.messageFor(1, call(1))), { text: '{{.RequestNumber}}' });
  });
});

describe('splitTopLevelArray', () => {
  it('splits at top-level commas, stepping over strings, nesting and actions', () => {
    assert.deepEqual(splitTopLevelArray(' [ {"a": [1, 2]}, {"b": "x, y"}, {"c": {{add 1 2}}}, {"d": "{{printf "%d,%d" 1 2}}"} ] '), [
      '{"a": [1, 2]}',
      '{"b": "x, y"}',
      '{"c": {{add 1 2}}}',
      '{"d": "{{printf "%d,%d" 1 2}}"}',
    ]);
    assert.deepEqual(splitTopLevelArray('[]'), []);
    assert.equal(splitTopLevelArray('{"a": 1}'), null);
    assert.equal(splitTopLevelArray('[1,,2]'), null);
    assert.equal(splitTopLevelArray('[1] x'), null);
  });
});

describe('buildCallData: binary', () => {
  const type = echo.requestMessage;
  const one = Buffer.from(type.encode({ text: 'one', number: 1 }).finish());
  const two = Buffer.from(type.encode({ text: 'two', tags: ['t'] }).finish());

  it('passes a single serialized message through untouched', () => {
    const data = buildCallData({ kind: 'binary', bytes: one, source: '-B one.bin' }, echo);
    assert.equal(data.binary, true);
    assert.equal(data.count, 1);
    assert.deepEqual(data.messageFor(3, call(3)), one);
  });

  it('splits varint-length-prefixed messages and uses them round-robin', () => {
    const w = protobuf.Writer.create();
    w.bytes(one).bytes(two);
    const data = buildCallData({ kind: 'binary', bytes: w.finish(), source: '-b' }, echo);
    assert.equal(data.count, 2);
    assert.deepEqual([0, 1, 2].map((n) => decoded(echo, data.messageFor(n, call(n))).text), ['one', 'two', 'one']);
  });

  it('rejects bytes that are not the request type', () => {
    usageError(() => buildCallData({ kind: 'binary', bytes: Buffer.from([0x0a, 0xff]), source: '-B x.bin' }, echo), /^-B x\.bin: not a serialized loadgen\.echo\.EchoMessage/);
  });
});

describe('readCallDataInput', () => {
  it('reads -d text, -d @ and -b from stdin, -D and -B files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadgen-calldata-'));
    writeFileSync(join(dir, 'd.json'), '{"text": "file"}');
    writeFileSync(join(dir, 'd.bin'), Buffer.from([1, 2]));
    const stdin = (): Buffer => Buffer.from('{"text": "stdin"}');
    assert.deepEqual(readCallDataInput({ data: '{}' }), { kind: 'json', text: '{}', source: '-d' });
    assert.deepEqual(readCallDataInput({ data: '@' }, stdin), { kind: 'json', text: '{"text": "stdin"}', source: '-d @' });
    assert.deepEqual(readCallDataInput({ dataFile: join(dir, 'd.json') }), { kind: 'json', text: '{"text": "file"}', source: `-D ${join(dir, 'd.json')}` });
    assert.deepEqual(readCallDataInput({ binary: true }, stdin), { kind: 'binary', bytes: stdin(), source: '-b' });
    assert.deepEqual(readCallDataInput({ binaryFile: join(dir, 'd.bin') }), { kind: 'binary', bytes: Buffer.from([1, 2]), source: `-B ${join(dir, 'd.bin')}` });
    assert.deepEqual(readCallDataInput({}), { kind: 'none' });
  });

  it('rejects two sources and unreadable files', () => {
    usageError(() => readCallDataInput({ data: '{}', binaryFile: 'x' }), /only one of -d, -D, -b and -B/);
    usageError(() => readCallDataInput({ dataFile: '/no/such.json' }), /^-D: cannot read "\/no\/such\.json": ENOENT$/);
  });
});
