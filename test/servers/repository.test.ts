import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../../src/core/errors.js';
import { parseOipRoute } from '../../src/servers/oip-route.js';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';

const IRIS = JSON.stringify({ inputs: [{ name: 'predict', shape: [1, 4], datatype: 'FP32', data: [0, 1, 2, 3] }] });

async function status(server: ReferenceServer, method: string, path: string, body?: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(server.url + path, { method, body, headers: body === undefined ? undefined : { 'content-type': 'application/json' } });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

const infer = (server: ReferenceServer, model = 'iris'): Promise<{ status: number; body: unknown }> => status(server, 'POST', `/v2/models/${model}/infer`, IRIS);
const ready = async (server: ReferenceServer, model = 'iris'): Promise<number> => (await status(server, 'GET', `/v2/models/${model}/ready`)).status;

describe('repository routes', () => {
  it('parses the repository extension paths', () => {
    assert.deepEqual(parseOipRoute('/v2/repository/index'), { kind: 'repository-index' });
    assert.deepEqual(parseOipRoute('/v2/repository/models/iris0/load'), { kind: 'repository-load', model: 'iris0' });
    assert.deepEqual(parseOipRoute('/v2/repository/models/a%20b/unload'), { kind: 'repository-unload', model: 'a b' });
    assert.deepEqual(parseOipRoute('/v2/repository/models/iris/reload'), { kind: 'unknown' });
    assert.deepEqual(parseOipRoute('/v2/repository/models//load'), { kind: 'unknown' });
  });
});

describe('reference server: model repository extension (inference-protocols.md 3.2)', () => {
  it('unload makes a model not ready (503) and refuses inferences; load restores it after the load time', async () => {
    const server = await startReferenceServer({ modelLoadTimeMs: 60 });
    try {
      assert.equal(await ready(server), 200);
      assert.deepEqual(await status(server, 'POST', '/v2/repository/models/iris/unload'), { status: 200, body: {} });
      assert.equal(await ready(server), 503);
      const refused = await infer(server);
      assert.equal(refused.status, 503);
      assert.match(String((refused.body as { error: string }).error), /not ready \(UNAVAILABLE\)/);
      const index = (await status(server, 'POST', '/v2/repository/index', '{}')).body as Array<{ name: string; state: string; reason: string }>;
      assert.deepEqual(index.find((e) => e.name === 'iris'), { name: 'iris', version: '1', state: 'UNAVAILABLE', reason: 'unloaded' });
      assert.ok(!((await status(server, 'POST', '/v2/repository/index', '{"ready":true}')).body as Array<{ name: string }>).some((e) => e.name === 'iris'));

      const t0 = performance.now();
      const load = status(server, 'POST', '/v2/repository/models/iris/load', '{"parameters":{}}');
      await new Promise((r) => setTimeout(r, 10));
      assert.equal(await ready(server), 503, 'not ready while loading');
      assert.equal(server.modelIndex().find((e) => e.name === 'iris')?.state, 'LOADING');
      assert.equal((await load).status, 200);
      assert.ok(performance.now() - t0 >= 55, 'the load took the load time');
      assert.equal(await ready(server), 200);
      assert.equal((await infer(server)).status, 200);
      assert.equal(server.stats.notReady, 3);
    } finally {
      await server.close();
    }
  });

  it('startUnloaded: every model starts unavailable until loaded; unknown models 404 and fail to load', async () => {
    const server = await startReferenceServer({ startUnloaded: true });
    try {
      assert.equal(await ready(server, 'tfsimple'), 503);
      assert.equal(await ready(server, 'resnet'), 404);
      assert.equal((await status(server, 'POST', '/v2/repository/models/tfsimple/load')).status, 200);
      assert.equal(await ready(server, 'tfsimple'), 200);
      const bad = await status(server, 'POST', '/v2/repository/models/resnet/load');
      assert.equal(bad.status, 400);
      assert.match(String((bad.body as { error: string }).error), /no such model/);
      assert.equal((await status(server, 'POST', '/v2/repository/models/resnet/unload')).status, 400);
      assert.equal((await status(server, 'POST', '/v2/repository/index', '{')).status, 400);
      assert.equal((await status(server, 'GET', '/v2/repository/index')).status, 405);
    } finally {
      await server.close();
    }
  });

  it('instances: load_predict_unload on numbered names (<prefix><iteration>)', async () => {
    const server = await startReferenceServer({ startUnloaded: true, modelInstances: true });
    try {
      for (const name of ['iris0', 'iris1']) {
        assert.equal(await ready(server, name), 503);
        assert.equal((await status(server, 'POST', `/v2/repository/models/${name}/load`)).status, 200);
        const r = await infer(server, name);
        assert.equal(r.status, 200);
        assert.equal((r.body as { model_name: string }).model_name, name);
        assert.equal((await status(server, 'POST', `/v2/repository/models/${name}/unload`)).status, 200);
        assert.equal((await infer(server, name)).status, 503);
      }
      assert.deepEqual(
        server.modelIndex().filter((e) => e.name.startsWith('iris')).map((e) => [e.name, e.state]),
        [
          ['iris', 'UNAVAILABLE'],
          ['iris0', 'UNAVAILABLE'],
          ['iris1', 'UNAVAILABLE'],
        ],
      );
      assert.equal(await ready(server, 'resnet0'), 404);
    } finally {
      await server.close();
    }
  });

  it('an unload during a load cancels it (the load answers 400, the model stays unavailable)', async () => {
    const server = await startReferenceServer({ modelLoadTimeMs: 50 });
    try {
      const load = status(server, 'POST', '/v2/repository/models/echo/load');
      await new Promise((r) => setTimeout(r, 10));
      assert.equal((await status(server, 'POST', '/v2/repository/models/echo/unload')).status, 200);
      const answer = await load;
      assert.equal(answer.status, 400);
      assert.match(String((answer.body as { error: string }).error), /cancelled/);
      assert.equal(await ready(server, 'echo'), 503);
    } finally {
      await server.close();
    }
  });

  it('close() answers loads still waiting instead of waiting for the load time', async () => {
    const server = await startReferenceServer({ modelLoadTimeMs: 60_000 });
    const load = status(server, 'POST', '/v2/repository/models/iris/load');
    while (server.modelIndex().find((e) => e.name === 'iris')?.state !== 'LOADING') await new Promise((r) => setTimeout(r, 2));
    const t0 = performance.now();
    await Promise.all([server.close(), load.then((r) => assert.equal(r.status, 200))]);
    assert.ok(performance.now() - t0 < 5000);
  });

  it('lists the extensions in server metadata', async () => {
    const server = await startReferenceServer();
    try {
      assert.deepEqual((await status(server, 'GET', '/v2')).body, { name: 'loadgen-reference-server', version: '1', extensions: ['binary_tensor_data', 'model_repository'] });
    } finally {
      await server.close();
    }
  });
});

describe('reference server: readiness window', () => {
  it('notReadyForMs: health ready, model ready and inference answer 503 until it passes; live stays 200', async () => {
    const server = await startReferenceServer({ notReadyForMs: 80 });
    try {
      assert.equal((await status(server, 'GET', '/v2/health/live')).status, 200);
      assert.deepEqual(await status(server, 'GET', '/v2/health/ready'), { status: 503, body: { ready: false } });
      assert.equal(await ready(server), 503);
      assert.equal((await infer(server)).status, 503);
      await new Promise((r) => setTimeout(r, 90));
      assert.equal((await status(server, 'GET', '/v2/health/ready')).status, 200);
      assert.equal(await ready(server), 200);
      assert.equal((await infer(server)).status, 200);
    } finally {
      await server.close();
    }
  });

  it('setNotReady(ms) starts a window at any time; setNotReady(0) ends it', async () => {
    const server = await startReferenceServer();
    try {
      assert.equal((await status(server, 'GET', '/v2/health/ready')).status, 200);
      server.setNotReady(60_000);
      assert.equal((await status(server, 'GET', '/v2/health/ready')).status, 503);
      assert.equal(await ready(server, 'tfsimple'), 503);
      server.setNotReady(0);
      assert.equal((await status(server, 'GET', '/v2/health/ready')).status, 200);
    } finally {
      await server.close();
    }
  });

  it('rejects negative load times and windows', async () => {
    await assert.rejects(startReferenceServer({ modelLoadTimeMs: -1 }), UsageError);
    await assert.rejects(startReferenceServer({ notReadyForMs: NaN }), UsageError);
  });
});
