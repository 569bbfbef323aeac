import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import protobuf from 'protobufjs';
import type { Root, Type } from 'protobufjs';
import { bundledProtoPath } from '../../src/grpc/bundled-protos.js';
import { loadGrpcMethod } from '../../src/grpc/grpc-method.js';
import { UsageError } from '../../src/core/errors.js';

interface DescriptorExt {
  FileDescriptorSet: Type;
}

/** writeProtoset compiles a .proto into a FileDescriptorSet file with protobufjs (no protoc needed). */
function writeProtoset(proto: string, dir: string): string {
  const descriptor = createRequire(import.meta.url)('protobufjs/ext/descriptor') as DescriptorExt;
  const root = new protobuf.Root().loadSync(proto, { keepCase: true });
  const set = (root as Root & { toDescriptor(syntax: string): protobuf.Message }).toDescriptor('proto3');
  const file = join(dir, 'echo.protoset');
  writeFileSync(file, descriptor.FileDescriptorSet.encode(set).finish());
  return file;
}

function usageError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => err instanceof UsageError && pattern.test(err.message) && !err.message.includes('\n'));
}

describe('loadGrpcMethod: resolution', () => {
  it('resolves pkg.Service/Method from a .proto file', () => {
    const m = loadGrpcMethod({ proto: bundledProtoPath('echo'), call: 'loadgen.echo.Echo/ServerStream' });
    assert.equal(m.path, '/loadgen.echo.Echo/ServerStream');
    assert.equal(m.service, 'loadgen.echo.Echo');
    assert.equal(m.method, 'ServerStream');
    assert.equal(m.requestType, 'loadgen.echo.EchoMessage');
    assert.equal(m.responseType, 'loadgen.echo.EchoMessage');
    assert.equal(m.clientStreaming, false);
    assert.equal(m.serverStreaming, true);
  });

  it('resolves the ghz form pkg.Service.Method and the bundled name v2', () => {
    const m = loadGrpcMethod({ proto: 'v2', call: 'inference.GRPCInferenceService.ModelStreamInfer' });
    assert.equal(m.path, '/inference.GRPCInferenceService/ModelStreamInfer');
    assert.equal(m.requestType, 'inference.ModelInferRequest');
    assert.equal(m.responseType, 'inference.ModelStreamInferResponse');
    assert.equal(m.clientStreaming, true);
    assert.equal(m.serverStreaming, true);
  });

  it('encodes protojson requests and decodes responses with proto field names', () => {
    const m = loadGrpcMethod({ proto: 'v2', call: 'inference.GRPCInferenceService/ModelInfer' });
    const bytes = m.encodeRequest({ modelName: 'iris', inputs: [{ name: 'predict', datatype: 'FP32', shape: ['1', 4], contents: { fp32Contents: [1, 2, 3, 4] } }] });
    const back = m.requestMessage.toObject(m.requestMessage.decode(bytes), { longs: Number });
    assert.deepEqual(back, { model_name: 'iris', inputs: [{ name: 'predict', datatype: 'FP32', shape: [1, 4], contents: { fp32_contents: [1, 2, 3, 4] } }] });
    const res = m.responseMessage.encode({ model_name: 'iris', outputs: [{ name: 'predict', datatype: 'INT64', shape: [1], contents: { int64_contents: [2] } }] }).finish();
    assert.deepEqual(m.decodeResponse(res), { model_name: 'iris', outputs: [{ name: 'predict', datatype: 'INT64', shape: ['1'], contents: { int64_contents: ['2'] } }] });
    usageError(() => m.encodeRequest({ model: 'iris' }), /unknown field "model" in message inference\.ModelInferRequest/);
  });

  it('resolves from a protoset (FileDescriptorSet)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadgen-protoset-'));
    const protoset = writeProtoset(bundledProtoPath('echo'), dir);
    const m = loadGrpcMethod({ protoset, call: 'loadgen.echo.Echo/Bidi' });
    assert.equal(m.path, '/loadgen.echo.Echo/Bidi');
    assert.equal(m.clientStreaming, true);
    const bytes = m.encodeRequest({ text: 'hi', nested: { label: 'n', values: [1, 2] }, kind: 'KIND_SMALL' });
    assert.deepEqual(m.requestMessage.toObject(m.requestMessage.decode(bytes), { enums: String }), { text: 'hi', nested: { label: 'n', values: [1, 2] }, kind: 'KIND_SMALL' });
  });

  it('lets --proto win over --protoset', () => {
    const m = loadGrpcMethod({ proto: 'echo', protoset: '/nonexistent.protoset', call: 'loadgen.echo.Echo/Unary' });
    assert.equal(m.method, 'Unary');
  });

  it('finds imports in import paths, then the proto folder, and resolves well-known types', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadgen-imports-'));
    mkdirSync(join(dir, 'protos', 'main'), { recursive: true });
    mkdirSync(join(dir, 'shared', 'common'), { recursive: true });
    writeFileSync(join(dir, 'shared', 'common', 'types.proto'), 'syntax = "proto3";\npackage common;\nmessage Tag { string key = 1; }\n');
    writeFileSync(join(dir, 'protos', 'main', 'sibling.proto'), 'syntax = "proto3";\npackage main;\nmessage Sib { int32 n = 1; }\n');
    writeFileSync(
      join(dir, 'protos', 'main', 'svc.proto'),
      'syntax = "proto3";\npackage main;\nimport "common/types.proto";\nimport "sibling.proto";\nimport "google/protobuf/timestamp.proto";\n' +
        'message Req { common.Tag tag = 1; Sib sib = 2; google.protobuf.Timestamp at = 3; }\nmessage Res {}\n' +
        'service Svc { rpc Do(Req) returns (Res); }\n',
    );
    const m = loadGrpcMethod({ proto: join(dir, 'protos', 'main', 'svc.proto'), importPaths: [join(dir, 'shared')], call: 'main.Svc/Do' });
    const bytes = m.encodeRequest({ tag: { key: 'k' }, sib: { n: 3 }, at: '2026-05-01T12:00:00.5Z' });
    const back = m.requestMessage.toObject(m.requestMessage.decode(bytes), { longs: Number });
    assert.deepEqual(back, { tag: { key: 'k' }, sib: { n: 3 }, at: { seconds: 1_777_636_800, nanos: 500_000_000 } });
    // The proto itself can be named relative to an import path, as protoc allows.
    assert.equal(loadGrpcMethod({ proto: 'main/svc.proto', importPaths: [join(dir, 'shared'), join(dir, 'protos')], call: 'main.Svc.Do' }).method, 'Do');
  });
});

describe('loadGrpcMethod: errors', () => {
  it('requires a schema: server reflection is not supported', () => {
    usageError(() => loadGrpcMethod({ call: 'a.B/C' }), /--proto or --protoset is required: loadgen does not support server reflection/);
  });

  it('reports a missing proto or protoset file', () => {
    usageError(() => loadGrpcMethod({ proto: 'missing.proto', call: 'a.B/C' }), /--proto: cannot read "missing.proto": no such file/);
    usageError(() => loadGrpcMethod({ protoset: '/no/such.protoset', call: 'a.B/C' }), /--protoset: cannot read "\/no\/such.protoset": ENOENT/);
  });

  it('reports parse errors, missing imports and undefined types on one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadgen-bad-proto-'));
    writeFileSync(join(dir, 'bad.proto'), 'syntax = "proto3";\nmessage A { string x = ; }\n');
    writeFileSync(join(dir, 'imp.proto'), 'syntax = "proto3";\nimport "nowhere/x.proto";\nmessage A {}\n');
    writeFileSync(join(dir, 'type.proto'), 'syntax = "proto3";\nmessage A { Missing m = 1; }\nservice S { rpc M(A) returns (A); }\n');
    usageError(() => loadGrpcMethod({ proto: join(dir, 'bad.proto'), call: 'S/M' }), /--proto: illegal .*bad\.proto, line 2/);
    usageError(() => loadGrpcMethod({ proto: join(dir, 'imp.proto'), call: 'S/M' }), /import "nowhere\/x\.proto" not found in .*--import-paths/);
    usageError(() => loadGrpcMethod({ proto: join(dir, 'type.proto'), call: 'S/M' }), /--proto: no such Type or Enum 'Missing'/);
  });

  it('reports a file that is not a FileDescriptorSet', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadgen-bad-protoset-'));
    writeFileSync(join(dir, 'x.protoset'), Buffer.from([0xff, 0xff, 0xff]));
    usageError(() => loadGrpcMethod({ protoset: join(dir, 'x.protoset'), call: 'a.B/C' }), /is not a usable FileDescriptorSet/);
  });

  it('lists available services and methods for an unknown call', () => {
    usageError(() => loadGrpcMethod({ proto: 'echo', call: 'loadgen.echo.Nope/Unary' }), /service "loadgen\.echo\.Nope" not found in echo; available: loadgen\.echo\.Echo$/);
    usageError(() => loadGrpcMethod({ proto: 'echo', call: 'loadgen.echo.Echo/Nope' }), /method "Nope" not found in service loadgen\.echo\.Echo; available: Unary, ServerStream, ClientStream, Bidi$/);
    usageError(() => loadGrpcMethod({ proto: 'echo', call: 'loadgen.echo.EchoMessage/X' }), /service "loadgen\.echo\.EchoMessage" not found/);
    usageError(() => loadGrpcMethod({ proto: 'echo', call: 'Unary' }), /--call: want pkg\.Service\/Method or pkg\.Service\.Method, got "Unary"/);
  });
});
