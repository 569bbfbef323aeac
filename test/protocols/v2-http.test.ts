import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { loadNamedPayload } from '../../src/payloads/payload-library.js';
import { buildV2HttpRequest } from '../../src/protocols/v2-http.js';
import type { PreparedHttpRequest } from '../../src/protocols/prepared-request.js';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';

/** send performs a prepared request with fetch, as the transport would with undici. */
async function send(req: PreparedHttpRequest): Promise<{ status: number; body: { outputs?: Array<{ name: string; shape: number[]; data: unknown[] }>; model_name?: string } }> {
  const res = await fetch(req.origin + req.path, { method: req.method, headers: req.headers, body: req.body === null ? undefined : new Uint8Array(req.body) });
  return { status: res.status, body: (await res.json()) as never };
}

describe('buildV2HttpRequest', () => {
  it('builds POST <origin>/v2/models/<m>/infer with a JSON body', () => {
    const req = buildV2HttpRequest({ baseUrl: 'http://127.0.0.1:8000', model: 'iris', payload: loadNamedPayload('iris') });
    assert.equal(req.method, 'POST');
    assert.equal(req.origin, 'http://127.0.0.1:8000');
    assert.equal(req.path, '/v2/models/iris/infer');
    assert.deepEqual(req.headers, [['content-type', 'application/json']]);
    assert.ok(Buffer.isBuffer(req.body));
    assert.equal(req.body?.toString(), '{"inputs":[{"name":"predict","shape":[1,4],"datatype":"FP32","data":[0,1,2,3]}]}');
  });

  it('adds the version, keeps a base path prefix, and escapes the model name', () => {
    const payload = loadNamedPayload('echo');
    const req = buildV2HttpRequest({ baseUrl: 'https://ingress.example/seldon/ns/', model: 'my model', version: '2', payload });
    assert.equal(req.origin, 'https://ingress.example');
    assert.equal(req.path, '/seldon/ns/v2/models/my%20model/versions/2/infer');
  });

  it('passes request parameters and outputs through', () => {
    const payload = { ...loadNamedPayload('iris'), parameters: { content_type: 'np' }, outputs: [{ name: 'predict' }] };
    const body = JSON.parse(String(buildV2HttpRequest({ baseUrl: 'http://h:1', model: 'iris', payload }).body)) as Record<string, unknown>;
    assert.deepEqual(body.parameters, { content_type: 'np' });
    assert.deepEqual(body.outputs, [{ name: 'predict' }]);
  });

  const badUrls: Array<[url: string, why: RegExp]> = [
    ['127.0.0.1:8000', /http:\/\/ or https:\/\//],
    ['ftp://host/', /http:\/\/ or https:\/\//],
    ['http://', /not a URL/],
    ['not a url', /http:\/\/ or https:\/\//],
    ['http://host:8000/?x=1', /query/],
    ['http://host:8000?', /query/],
    ['http://host:8000/#frag', /fragment/],
    ['http://user:pw@host:8000', /credentials/],
  ];
  for (const [url, why] of badUrls) {
    it(`rejects base URL ${JSON.stringify(url)} with a UsageError`, () => {
      assert.throws(
        () => buildV2HttpRequest({ baseUrl: url, model: 'iris', payload: loadNamedPayload('iris') }),
        (e: unknown) => e instanceof UsageError && e.message.startsWith('--url: invalid base URL') && why.test(e.message),
      );
    });
  }

  it('rejects an empty model name', () => {
    assert.throws(() => buildV2HttpRequest({ baseUrl: 'http://h:1', model: '', payload: loadNamedPayload('iris') }), UsageError);
  });
});

describe('buildV2HttpRequest against the reference server', () => {
  let server: ReferenceServer;
  before(async () => {
    server = await startReferenceServer();
  });
  after(() => server.close());

  it('iris B = 3: accepted, three samples classified', async () => {
    const r = await send(buildV2HttpRequest({ baseUrl: server.url, model: 'iris', payload: loadNamedPayload('iris', 3) }));
    assert.equal(r.status, 200);
    assert.equal(r.body.model_name, 'iris');
    const predict = r.body.outputs?.find((o) => o.name === 'predict');
    assert.deepEqual(predict?.shape, [3]);
    assert.deepEqual(predict?.data, [0, 2, 2]);
  });

  it('tfsimple B = 2 (versioned): OUTPUT0 = 2x, OUTPUT1 = 0', async () => {
    const r = await send(buildV2HttpRequest({ baseUrl: `${server.url}/`, model: 'tfsimple', version: '1', payload: loadNamedPayload('tfsimple', 2) }));
    assert.equal(r.status, 200);
    const out = new Map(r.body.outputs?.map((o) => [o.name, o]));
    assert.deepEqual(out.get('OUTPUT0')?.data, Array.from({ length: 32 }, (_, i) => 2 * i));
    assert.deepEqual(out.get('OUTPUT1')?.data, new Array(32).fill(0));
    assert.deepEqual(out.get('OUTPUT0')?.shape, [2, 16]);
  });

  it('echo: returns the payload strings', async () => {
    const r = await send(buildV2HttpRequest({ baseUrl: server.url, model: 'echo', payload: loadNamedPayload('echo', 2) }));
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.outputs?.[0].data, ['hello', 'hello']);
  });

  it('the same prepared request is sent many times unchanged', async () => {
    const req = buildV2HttpRequest({ baseUrl: server.url, model: 'iris', payload: loadNamedPayload('iris') });
    const before = server.stats.inferencesOk;
    for (let i = 0; i < 5; i++) assert.equal((await send(req)).status, 200);
    assert.equal(server.stats.inferencesOk - before, 5);
  });
});
