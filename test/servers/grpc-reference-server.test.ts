import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { Client, credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { loadGrpcMethod, type GrpcMethod } from '../../src/grpc/grpc-method.js';
import { decodeRawContents } from '../../src/payloads/raw-tensor.js';
import { encodeModelInferRequest } from '../../src/grpc/v2-grpc-request.js';
import { loadNamedPayload } from '../../src/payloads/payload-library.js';
import { UsageError } from '../../src/core/errors.js';
import { startGrpcReferenceServer, type GrpcReferenceServer } from '../../src/servers/grpc-reference-server.js';
import { irisExpected } from '../helpers/iris.js';
import { makeCert } from '../helpers/tls.js';

const V2 = 'inference.GRPCInferenceService';
const v2 = (name: string): GrpcMethod => loadGrpcMethod({ proto: 'v2', call: `${V2}/${name}` });
const echo = (name: string): GrpcMethod => loadGrpcMethod({ proto: 'echo', call: `loadgen.echo.Echo/${name}` });
const infer = v2('ModelInfer');

const identity = (b: Buffer): Buffer => b;

/** unary makes one call with raw bytes and resolves with the response bytes (or rejects with the ServiceError). */
function unary(client: Client, path: string, request: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(path, identity, identity, request, new Metadata(), {}, (err, res) => (err ? reject(err) : resolve(res as Buffer)));
  });
}

/** call encodes a protojson request for m, calls it and decodes the response. */
async function call(client: Client, m: GrpcMethod, request: unknown): Promise<Record<string, unknown>> {
  return m.decodeResponse(await unary(client, m.path, m.encodeRequest(request)));
}

async function rejectsWith(promise: Promise<unknown>, code: number, details: RegExp): Promise<void> {
  await assert.rejects(promise, (err: ServiceError) => err.code === code && details.test(err.details));
}


interface OutputTensor {
  name: string;
  datatype: string;
  shape: string[];
  contents?: Record<string, unknown[]>;
}

describe('gRPC reference server: inference.GRPCInferenceService', () => {
  let server: GrpcReferenceServer;
  let client: Client;
  before(async () => {
    server = await startGrpcReferenceServer();
    client = new Client(server.address, credentials.createInsecure());
  });
  after(async () => {
    client.close();
    await server.close();
  });

  it('listens on an ephemeral loopback port', () => {
    assert.ok(server.port > 0);
    assert.equal(server.address, `127.0.0.1:${server.port}`);
  });

  it('answers health, server metadata, model metadata and model ready', async () => {
    assert.deepEqual(await call(client, v2('ServerLive'), {}), { live: true });
    assert.deepEqual(await call(client, v2('ServerReady'), {}), { ready: true });
    const meta = await call(client, v2('ServerMetadata'), {});
    assert.equal(meta.name, 'loadgen-reference-server');
    assert.deepEqual(meta.extensions, ['model_repository']);
    assert.deepEqual(await call(client, v2('ModelMetadata'), { name: 'iris' }), {
      name: 'iris',
      versions: ['1'],
      platform: 'sklearn',
      inputs: [{ name: 'predict', datatype: 'FP32', shape: ['-1', '4'] }],
      outputs: [
        { name: 'predict', datatype: 'INT64', shape: ['-1'] },
        { name: 'predict_proba', datatype: 'FP32', shape: ['-1', '3'] },
      ],
    });
    assert.deepEqual(await call(client, v2('ModelReady'), { name: 'tfsimple', version: '1' }), { ready: true });
    await rejectsWith(call(client, v2('ModelReady'), { name: 'resnet' }), status.NOT_FOUND, /model "resnet" not found/);
    await rejectsWith(call(client, v2('ModelMetadata'), { name: 'iris', version: '9' }), status.NOT_FOUND, /no version "9"/);
    const index = await call(client, v2('RepositoryIndex'), {});
    const names = (index.models as Array<{ name: string }>).map((m) => m.name);
    for (const name of ['iris', 'tfsimple', 'echo']) assert.ok(names.includes(name), name);
  });

  it('computes iris (B = 3) from typed contents, echoing the id', async () => {
    const payload = loadNamedPayload('iris', 3);
    const res = infer.decodeResponse(await unary(client, infer.path, encodeModelInferRequest(payload, { model: 'iris', id: 'r1' })));
    assert.equal(res.model_name, 'iris');
    assert.equal(res.model_version, '1');
    assert.equal(res.id, 'r1');
    const [labels, proba] = res.outputs as OutputTensor[];
    const want = irisExpected(payload.inputs[0].data as number[]);
    assert.deepEqual(labels, { name: 'predict', datatype: 'INT64', shape: ['3'], contents: { int64_contents: want.labels.map(String) } });
    assert.deepEqual([proba.name, proba.datatype, proba.shape], ['predict_proba', 'FP32', ['3', '3']]);
    (proba.contents?.fp32_contents as number[]).forEach((p, i) => assert.ok(Math.abs(p - want.proba[i]) < 1e-6));
  });

  it('answers raw inputs with raw outputs', async () => {
    const payload = loadNamedPayload('iris', 2);
    const bytes = await unary(client, infer.path, encodeModelInferRequest(payload, { model: 'iris', contents: 'raw' }));
    const res = infer.responseMessage.toObject(infer.responseMessage.decode(bytes), { longs: Number, bytes: Buffer }) as { outputs: OutputTensor[]; raw_output_contents: Buffer[] };
    assert.ok(res.outputs.every((o) => o.contents === undefined));
    const want = irisExpected(payload.inputs[0].data as number[]);
    assert.deepEqual(decodeRawContents('INT64', res.raw_output_contents[0], 2), want.labels);
    (decodeRawContents('FP32', res.raw_output_contents[1], 6) as number[]).forEach((p, i) => assert.ok(Math.abs(p - want.proba[i]) < 1e-6));
  });

  it('computes tfsimple and returns only the requested outputs', async () => {
    const a = Array.from({ length: 16 }, (_, i) => i);
    const b = Array.from({ length: 16 }, (_, i) => 100 - i);
    const res = await call(client, infer, {
      model_name: 'tfsimple',
      inputs: [
        { name: 'INPUT0', datatype: 'INT32', shape: [1, 16], contents: { int_contents: a } },
        { name: 'INPUT1', datatype: 'INT32', shape: [1, 16], contents: { int_contents: b } },
      ],
      outputs: [{ name: 'OUTPUT1' }],
    });
    assert.deepEqual(res.outputs, [{ name: 'OUTPUT1', datatype: 'INT32', shape: ['1', '16'], contents: { int_contents: a.map((v, i) => v - b[i]) } }]);
  });

  it('echoes BYTES through the echo model', async () => {
    const res = await call(client, infer, { model_name: 'echo', inputs: [{ name: 'input_1', datatype: 'BYTES', shape: [2], contents: { bytes_contents: ['aGk=', ''] } }] });
    assert.deepEqual(res.outputs, [{ name: 'input_1', datatype: 'BYTES', shape: ['2'], contents: { bytes_contents: ['aGk=', ''] } }]);
  });

  it('answers INVALID_ARGUMENT for requests that do not fit the model, NOT_FOUND for unknown models', async () => {
    const iris = (input: Record<string, unknown>): Record<string, unknown> => ({ model_name: 'iris', inputs: [{ name: 'predict', datatype: 'FP32', shape: [1, 4], ...input }] });
    await rejectsWith(call(client, infer, iris({ contents: { int_contents: [1, 2, 3, 4] } })), status.INVALID_ARGUMENT, /datatype FP32 needs fp32_contents, got int_contents/);
    await rejectsWith(call(client, infer, iris({ datatype: 'FP64', contents: { fp64_contents: [1, 2, 3, 4] } })), status.INVALID_ARGUMENT, /datatype "FP64" does not match the model's FP32/);
    await rejectsWith(call(client, infer, iris({ contents: { fp32_contents: [1, 2, 3] } })), status.INVALID_ARGUMENT, /data has 3 elements but shape \[1,4\] needs 4/);
    await rejectsWith(call(client, infer, iris({ shape: [1, 5] })), status.INVALID_ARGUMENT, /shape \[1,5\] does not match/);
    await rejectsWith(call(client, infer, { ...iris({}), raw_input_contents: ['AAAA'] }), status.INVALID_ARGUMENT, /raw content has 3 bytes but 4 FP32 elements need 16/);
    await rejectsWith(call(client, infer, { model_name: 'resnet' }), status.NOT_FOUND, /model "resnet" not found/);
    await rejectsWith(unary(client, infer.path, Buffer.from([0x0a, 0xff])), status.INVALID_ARGUMENT, /malformed ModelInferRequest/);
    assert.ok(server.stats.badRequests >= 5);
    assert.ok((server.stats.byPath.get(`/${V2}/ModelInfer`) ?? 0) >= 7);
  });

  it('streams inference answers on ModelStreamInfer, errors as messages', async () => {
    const stream = v2('ModelStreamInfer');
    const call = client.makeBidiStreamRequest(stream.path, identity, identity, new Metadata(), {});
    const answers: Array<Record<string, unknown>> = [];
    const done = new Promise<void>((resolve, reject) => {
      call.on('data', (b: Buffer) => answers.push(stream.decodeResponse(b)));
      call.on('end', resolve);
      call.on('error', reject);
    });
    call.write(encodeModelInferRequest(loadNamedPayload('iris'), { model: 'iris', id: 'a' }));
    call.write(encodeModelInferRequest(loadNamedPayload('iris'), { model: 'nope' }));
    call.end();
    await done;
    assert.equal(answers.length, 2);
    assert.equal((answers[0].infer_response as Record<string, unknown>).id, 'a');
    assert.match(String(answers[1].error_message), /model "nope" not found/);
  });
});

describe('gRPC reference server: model repository', () => {
  it('serves numbered instances of a model type when asked', async () => {
    const server = await startGrpcReferenceServer({ modelInstances: true });
    const client = new Client(server.address, credentials.createInsecure());
    try {
      const res = infer.decodeResponse(await unary(client, infer.path, encodeModelInferRequest(loadNamedPayload('iris'), { model: 'iris3' })));
      assert.equal(res.model_name, 'iris3');
      assert.equal((res.outputs as OutputTensor[])[0].name, 'predict');
      assert.equal(server.stats.byModel.get('iris3'), 1);
    } finally {
      client.close();
      await server.close();
    }
  });

  it('starts models unloaded on request: not ready and UNAVAILABLE until a load of modelLoadTimeMs', async () => {
    const server = await startGrpcReferenceServer({ startUnloaded: true, modelLoadTimeMs: 30 });
    const client = new Client(server.address, credentials.createInsecure());
    try {
      const request = encodeModelInferRequest(loadNamedPayload('iris'), { model: 'iris' });
      assert.deepEqual(await call(client, v2('ModelReady'), { name: 'iris' }), {});
      await rejectsWith(unary(client, infer.path, request), status.UNAVAILABLE, /model "iris" is not ready \(unloaded\)/);
      assert.deepEqual(await call(client, v2('RepositoryIndex'), { ready: true }), {});
      const t0 = performance.now();
      await call(client, v2('RepositoryModelLoad'), { model_name: 'iris' });
      assert.ok(performance.now() - t0 >= 29);
      assert.deepEqual(await call(client, v2('ModelReady'), { name: 'iris' }), { ready: true });
      await unary(client, infer.path, request);
      assert.deepEqual(await call(client, v2('RepositoryIndex'), { ready: true }), { models: [{ name: 'iris', version: '1', state: 'READY' }] });
      await call(client, v2('RepositoryModelUnload'), { model_name: 'iris' });
      await rejectsWith(unary(client, infer.path, request), status.UNAVAILABLE, /not ready/);
      await rejectsWith(call(client, v2('RepositoryModelLoad'), { model_name: 'nope' }), status.NOT_FOUND, /no such model/);
    } finally {
      client.close();
      await server.close();
    }
  });
});

describe('gRPC reference server: loadgen.echo.Echo', () => {
  let server: GrpcReferenceServer;
  let client: Client;
  before(async () => {
    server = await startGrpcReferenceServer();
    client = new Client(server.address, credentials.createInsecure());
  });
  after(async () => {
    client.close();
    await server.close();
  });

  it('Unary returns the request bytes unchanged', async () => {
    const m = echo('Unary');
    const request = m.encodeRequest({ text: 'hi', number: '-5', payload: 'AQI=', tags: ['a'], nested: { label: 'n', values: [1] }, kind: 'KIND_LARGE', labels: { k: 'v' }, ratio: 0.5, flag: true });
    assert.deepEqual(await unary(client, m.path, request), request);
  });

  it('ServerStream replies count numbered copies', async () => {
    const m = echo('ServerStream');
    const stream = client.makeServerStreamRequest(m.path, identity, identity, m.encodeRequest({ text: 'x', count: 3 }), new Metadata(), {});
    const got: Array<Record<string, unknown>> = [];
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (b: Buffer) => got.push(m.decodeResponse(b)));
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    assert.deepEqual(got.map((g) => [g.text, g.count, g.sequence]), [['x', 3, '0'], ['x', 3, '1'], ['x', 3, '2']]);
  });

  it('ClientStream answers the last message with the number received', async () => {
    const m = echo('ClientStream');
    const res = await new Promise<Buffer>((resolve, reject) => {
      const stream = client.makeClientStreamRequest(m.path, identity, identity, new Metadata(), {}, (err, r) => (err ? reject(err) : resolve(r as Buffer)));
      for (const text of ['a', 'b', 'c']) stream.write(m.encodeRequest({ text }));
      stream.end();
    });
    assert.deepEqual(m.decodeResponse(res), { text: 'c', count: 3 });
  });

  it('Bidi echoes each message in order', async () => {
    const m = echo('Bidi');
    const stream = client.makeBidiStreamRequest(m.path, identity, identity, new Metadata(), {});
    const got: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      stream.on('data', (b: Buffer) => got.push(String(m.decodeResponse(b).text)));
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    for (const text of ['1', '2', '3']) stream.write(m.encodeRequest({ text }));
    stream.end();
    await done;
    assert.deepEqual(got, ['1', '2', '3']);
    assert.equal(server.stats.byPath.get('/loadgen.echo.Echo/Bidi'), 1);
  });
});

describe('gRPC reference server: latency and error injection', () => {
  it('holds answers for the latency, streamed ones in order', async () => {
    const server = await startGrpcReferenceServer({ latency: '100ms' });
    const client = new Client(server.address, credentials.createInsecure());
    try {
      await call(client, v2('ServerLive'), {}); // connect first
      const t0 = performance.now();
      await unary(client, infer.path, encodeModelInferRequest(loadNamedPayload('iris'), { model: 'iris' }));
      const inferMs = performance.now() - t0;
      assert.ok(inferMs >= 99 && inferMs < 600, `ModelInfer took ${inferMs} ms`);
      const t1 = performance.now();
      await call(client, echo('Unary'), { text: 'x' });
      assert.ok(performance.now() - t1 >= 99);
      const t2 = performance.now();
      await call(client, v2('ServerLive'), {});
      assert.ok(performance.now() - t2 < 90, 'health answers are not delayed');
    } finally {
      client.close();
      await server.close();
    }
  });

  it('fails every inference and echo call with the configured status at errorRate 1', async () => {
    const server = await startGrpcReferenceServer({ errorRate: 1, errorCode: status.UNAVAILABLE });
    const client = new Client(server.address, credentials.createInsecure());
    try {
      await rejectsWith(unary(client, infer.path, encodeModelInferRequest(loadNamedPayload('iris'), { model: 'iris' })), status.UNAVAILABLE, /^injected error$/);
      await rejectsWith(call(client, echo('Unary'), {}), status.UNAVAILABLE, /injected error/);
      assert.deepEqual(await call(client, v2('ServerLive'), {}), { live: true });
      assert.equal(server.stats.errorsInjected, 2);
      assert.equal(server.stats.inferencesOk, 0);
    } finally {
      client.close();
      await server.close();
    }
  });

  it('fails about errorRate of the calls, with Internal by default', async () => {
    let seed = 1;
    const random = (): number => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const server = await startGrpcReferenceServer({ errorRate: 0.3, random });
    const client = new Client(server.address, credentials.createInsecure());
    try {
      const request = encodeModelInferRequest(loadNamedPayload('tfsimple'), { model: 'tfsimple' });
      const results = await Promise.allSettled(Array.from({ length: 200 }, () => unary(client, infer.path, request)));
      const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      assert.ok(failed.length > 30 && failed.length < 90, `${failed.length} of 200 failed`);
      assert.ok(failed.every((r) => (r.reason as ServiceError).code === status.INTERNAL));
      assert.equal(server.stats.errorsInjected, failed.length);
      assert.equal(server.stats.inferencesOk, 200 - failed.length);
    } finally {
      client.close();
      await server.close();
    }
  });

  it('ends a server stream with the injected status', async () => {
    const server = await startGrpcReferenceServer({ errorRate: 1, errorCode: status.RESOURCE_EXHAUSTED });
    const client = new Client(server.address, credentials.createInsecure());
    try {
      const m = echo('ServerStream');
      const stream = client.makeServerStreamRequest(m.path, identity, identity, m.encodeRequest({ count: 2 }), new Metadata(), {});
      stream.on('data', () => assert.fail('no message expected'));
      await rejectsWith(new Promise((_resolve, reject) => stream.on('error', reject)), status.RESOURCE_EXHAUSTED, /injected error/);
    } finally {
      client.close();
      await server.close();
    }
  });
});

describe('gRPC reference server: TLS and options', () => {
  it('serves TLS with a self-signed certificate', async () => {
    const { cert, key } = makeCert();
    const server = await startGrpcReferenceServer({ tls: { cert: readFileSync(cert), key: readFileSync(key) } });
    const client = new Client(server.address, credentials.createSsl(readFileSync(cert)));
    try {
      assert.deepEqual(await call(client, v2('ServerReady'), {}), { ready: true });
      const plain = new Client(server.address, credentials.createInsecure());
      await assert.rejects(call(plain, v2('ServerReady'), { }), (err: ServiceError) => err.code === status.UNAVAILABLE);
      plain.close();
    } finally {
      client.close();
      await server.close();
    }
  });

  it('rejects bad options with one-line UsageErrors', async () => {
    await assert.rejects(startGrpcReferenceServer({ errorRate: 1.5 }), /--error-rate: must be between 0 and 1/);
    await assert.rejects(startGrpcReferenceServer({ errorCode: 0 }), /--error-code: must be a gRPC error status 1\.\.16/);
    await assert.rejects(startGrpcReferenceServer({ port: 70000 }), UsageError);
    await assert.rejects(startGrpcReferenceServer({ latency: 'soon' }), /--latency: invalid latency model/);
    const first = await startGrpcReferenceServer();
    try {
      await assert.rejects(startGrpcReferenceServer({ port: first.port }), (err: unknown) => err instanceof UsageError && /cannot listen on 127\.0\.0\.1:/.test(err.message));
    } finally {
      await first.close();
    }
  });
});
