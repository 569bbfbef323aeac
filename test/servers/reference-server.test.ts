import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../../src/core/errors.js';
import { parseLatencyModel } from '../../src/servers/latency-model.js';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';
import { irisExpected } from '../helpers/iris.js';

interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function get(server: ReferenceServer, path: string): Promise<Reply> {
  const res = await fetch(server.url + path);
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

async function post(server: ReferenceServer, path: string, body: unknown): Promise<Reply> {
  const res = await fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

interface OutputTensor {
  name: string;
  datatype: string;
  shape: number[];
  data: unknown[];
}

function outputs(reply: Reply): Map<string, OutputTensor> {
  return new Map((reply.body.outputs as OutputTensor[]).map((o) => [o.name, o]));
}

const seq = (n: number): number[] => Array.from({ length: n }, (_, i) => i);


describe('reference server: OIP REST endpoints', () => {
  let server: ReferenceServer;
  before(async () => {
    server = await startReferenceServer({ port: 0 });
  });
  after(() => server.close());

  it('listens on an ephemeral loopback port', () => {
    assert.ok(server.port > 0);
    assert.equal(server.url, `http://127.0.0.1:${server.port}`);
  });

  it('answers health live and ready with 200', async () => {
    assert.deepEqual(await get(server, '/v2/health/live').then((r) => [r.status, r.body]), [200, { live: true }]);
    assert.deepEqual(await get(server, '/v2/health/ready').then((r) => [r.status, r.body]), [200, { ready: true }]);
  });

  it('answers server metadata with name, version and extensions', async () => {
    const r = await get(server, '/v2');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/json');
    assert.equal(typeof r.body.name, 'string');
    assert.equal(typeof r.body.version, 'string');
    assert.ok(Array.isArray(r.body.extensions));
  });

  it('answers model metadata with inputs and outputs, with or without a version', async () => {
    const iris = await get(server, '/v2/models/iris');
    assert.equal(iris.status, 200);
    assert.deepEqual(iris.body.inputs, [{ name: 'predict', datatype: 'FP32', shape: [-1, 4] }]);
    assert.deepEqual(iris.body.outputs, [
      { name: 'predict', datatype: 'INT64', shape: [-1] },
      { name: 'predict_proba', datatype: 'FP32', shape: [-1, 3] },
    ]);
    assert.deepEqual(iris.body.versions, ['1']);
    const tfsimple = await get(server, '/v2/models/tfsimple/versions/1');
    assert.equal(tfsimple.status, 200);
    assert.deepEqual(
      (tfsimple.body.inputs as OutputTensor[]).map((t) => [t.name, t.datatype, t.shape]),
      [
        ['INPUT0', 'INT32', [-1, 16]],
        ['INPUT1', 'INT32', [-1, 16]],
      ],
    );
    const echo = await get(server, '/v2/models/echo');
    assert.deepEqual(echo.body.inputs, [{ name: 'input_1', datatype: 'BYTES', shape: [-1] }]);
  });

  it('answers model ready 200 for known models and 404 for unknown ones or versions', async () => {
    assert.deepEqual(await get(server, '/v2/models/iris/ready').then((r) => [r.status, r.body]), [200, { name: 'iris', ready: true }]);
    assert.equal((await get(server, '/v2/models/tfsimple/versions/1/ready')).status, 200);
    const unknown = await get(server, '/v2/models/resnet/ready');
    assert.equal(unknown.status, 404);
    assert.match(String(unknown.body.error), /resnet/);
    assert.equal((await get(server, '/v2/models/iris/versions/7/ready')).status, 404);
    assert.equal((await get(server, '/v2/models/iris/versions/7')).status, 404);
  });

  it('computes iris for B = 1 and B = 3 (flat and nested data), echoing the id', async () => {
    for (const batch of [1, 3]) {
      const x = seq(4 * batch);
      const r = await post(server, '/v2/models/iris/infer', {
        id: `req-${batch}`,
        inputs: [{ name: 'predict', shape: [batch, 4], datatype: 'FP32', data: x }],
      });
      assert.equal(r.status, 200);
      assert.equal(r.body.model_name, 'iris');
      assert.equal(r.body.id, `req-${batch}`);
      const out = outputs(r);
      const want = irisExpected(x);
      assert.deepEqual(out.get('predict'), { name: 'predict', datatype: 'INT64', shape: [batch], data: want.labels });
      const proba = out.get('predict_proba') as OutputTensor;
      assert.deepEqual([proba.datatype, proba.shape], ['FP32', [batch, 3]]);
      (proba.data as number[]).forEach((p, i) => assert.ok(Math.abs(p - want.proba[i]) < 1e-12));
      for (let b = 0; b < batch; b++) {
        const sum = (proba.data as number[]).slice(3 * b, 3 * b + 3).reduce((a, v) => a + v, 0);
        assert.ok(Math.abs(sum - 1) < 1e-9);
      }
    }
    // A realistic setosa flower (5.1, 3.5, 1.4, 0.2) is class 0 with high probability; nested data.
    const r = await post(server, '/v2/models/iris/infer', {
      inputs: [{ name: 'predict', shape: [2, 4], datatype: 'FP32', data: [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]] }],
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.id, undefined);
    assert.deepEqual(outputs(r).get('predict')?.data, [0, 2]);
    assert.ok(((outputs(r).get('predict_proba') as OutputTensor).data[0] as number) > 0.9);
  });

  it('computes tfsimple sum and difference, and honours requested outputs', async () => {
    const a = seq(32);
    const b = seq(32).map((v) => 100 - 3 * v);
    const r = await post(server, '/v2/models/tfsimple/infer', {
      inputs: [
        { name: 'INPUT0', shape: [2, 16], datatype: 'INT32', data: a },
        { name: 'INPUT1', shape: [2, 16], datatype: 'INT32', data: b },
      ],
    });
    assert.equal(r.status, 200);
    const out = outputs(r);
    assert.deepEqual(out.get('OUTPUT0'), { name: 'OUTPUT0', datatype: 'INT32', shape: [2, 16], data: a.map((v, i) => v + b[i]) });
    assert.deepEqual(out.get('OUTPUT1'), { name: 'OUTPUT1', datatype: 'INT32', shape: [2, 16], data: a.map((v, i) => v - b[i]) });
    const only = await post(server, '/v2/models/tfsimple/versions/1/infer', {
      inputs: [
        { name: 'INPUT1', shape: [1, 16], datatype: 'INT32', data: seq(16) },
        { name: 'INPUT0', shape: [1, 16], datatype: 'INT32', data: seq(16) },
      ],
      outputs: [{ name: 'OUTPUT1' }],
    });
    assert.equal(only.status, 200);
    assert.equal(only.body.model_version, '1');
    assert.deepEqual([...outputs(only).keys()], ['OUTPUT1']);
    assert.deepEqual(outputs(only).get('OUTPUT1')?.data, new Array(16).fill(0));
  });

  it('echoes BYTES inputs', async () => {
    const r = await post(server, '/v2/models/echo/infer', { inputs: [{ name: 'input_1', shape: [2], datatype: 'BYTES', data: ['hello', 'wörld'] }] });
    assert.equal(r.status, 200);
    assert.deepEqual(outputs(r).get('input_1'), { name: 'input_1', datatype: 'BYTES', shape: [2], data: ['hello', 'wörld'] });
  });

  const tf = (shape: unknown, data: unknown, datatype = 'INT32', name = 'INPUT0'): Record<string, unknown> => ({ name, shape, datatype, data });
  const malformed: Array<[what: string, path: string, body: unknown, error: RegExp]> = [
    ['bad JSON', '/v2/models/iris/infer', '{"inputs": [', /invalid JSON/],
    ['a body that is not an object', '/v2/models/iris/infer', '[1,2]', /JSON object/],
    ['missing inputs', '/v2/models/iris/infer', {}, /"inputs"/],
    ['empty inputs', '/v2/models/iris/infer', { inputs: [] }, /"inputs"/],
    ['an unexpected input name', '/v2/models/iris/infer', { inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] }, /unexpected input "x"/],
    ['a missing input', '/v2/models/tfsimple/infer', { inputs: [tf([1, 16], seq(16))] }, /missing input "INPUT1"/],
    ['a duplicate input', '/v2/models/tfsimple/infer', { inputs: [tf([1, 16], seq(16)), tf([1, 16], seq(16))] }, /more than once/],
    ['a wrong datatype', '/v2/models/iris/infer', { inputs: [{ name: 'predict', shape: [1, 4], datatype: 'FP64', data: [1, 2, 3, 4] }] }, /datatype "FP64"/],
    ['a wrong shape', '/v2/models/iris/infer', { inputs: [{ name: 'predict', shape: [1, 5], datatype: 'FP32', data: [1, 2, 3, 4, 5] }] }, /shape \[1,5\]/],
    ['a wrong rank', '/v2/models/iris/infer', { inputs: [{ name: 'predict', shape: [4], datatype: 'FP32', data: [1, 2, 3, 4] }] }, /shape \[4\]/],
    ['data shorter than the shape', '/v2/models/iris/infer', { inputs: [{ name: 'predict', shape: [2, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] }, /4 elements but shape \[2,4\] needs 8/],
    ['nested data of the wrong size', '/v2/models/iris/infer', { inputs: [{ name: 'predict', shape: [1, 4], datatype: 'FP32', data: [[1, 2], [3]] }] }, /3 elements/],
    ['a string in FP32 data', '/v2/models/iris/infer', { inputs: [{ name: 'predict', shape: [1, 4], datatype: 'FP32', data: [1, '2', 3, 4] }] }, /data\[1\].*not a number/],
    ['a fraction in INT32 data', '/v2/models/tfsimple/infer', { inputs: [tf([1, 16], [0.5, ...seq(15)]), tf([1, 16], seq(16), 'INT32', 'INPUT1')] }, /not an integer/],
    ['INT32 overflow', '/v2/models/tfsimple/infer', { inputs: [tf([1, 16], [2 ** 31, ...seq(15)]), tf([1, 16], seq(16), 'INT32', 'INPUT1')] }, /out of INT32 range/],
    ['batch sizes that differ', '/v2/models/tfsimple/infer', { inputs: [tf([1, 16], seq(16)), tf([2, 16], seq(32), 'INT32', 'INPUT1')] }, /batch size 2 differs/],
    ['a zero batch', '/v2/models/echo/infer', { inputs: [{ name: 'input_1', shape: [0], datatype: 'BYTES', data: [] }] }, /at least 1/],
    ['missing data', '/v2/models/iris/infer', { inputs: [{ name: 'predict', shape: [1, 4], datatype: 'FP32' }] }, /"data"/],
    ['a numeric id', '/v2/models/iris/infer', { id: 7, inputs: [{ name: 'predict', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] }, /"id"/],
    ['an unknown output', '/v2/models/iris/infer', { inputs: [{ name: 'predict', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }], outputs: [{ name: 'logits' }] }, /unknown output "logits"/],
  ];
  for (const [what, path, body, error] of malformed) {
    it(`answers 400 with an error for ${what}`, async () => {
      const r = await post(server, path, body);
      assert.equal(r.status, 400);
      assert.equal(typeof r.body.error, 'string');
      assert.match(r.body.error as string, error);
    });
  }

  it('answers 404 for unknown models and paths, 405 for wrong methods', async () => {
    const r = await post(server, '/v2/models/resnet/infer', { inputs: [] });
    assert.equal(r.status, 404);
    assert.match(String(r.body.error), /model "resnet" not found/);
    assert.equal((await get(server, '/v1/models/nope')).status, 404);
    assert.equal((await get(server, '/v2/models/iris/explain')).status, 404);
    const wrong = await get(server, '/v2/models/iris/infer');
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'POST');
  });

  it('counts requests per path and per model', async () => {
    server.stats.reset();
    const body = { inputs: [{ name: 'predict', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] };
    await post(server, '/v2/models/iris/infer', body);
    await post(server, '/v2/models/iris/infer?trace=1', body);
    await post(server, '/v2/models/iris/infer', '{');
    await get(server, '/v2/models/iris/ready');
    await get(server, '/v2/models/nope');
    await get(server, '/v2/health/live');
    const s = server.stats;
    assert.equal(s.requests, 6);
    assert.equal(s.byPath.get('/v2/models/iris/infer'), 3);
    assert.equal(s.byPath.get('/v2/models/iris/ready'), 1);
    assert.equal(s.byPath.get('/v2/health/live'), 1);
    assert.equal(s.byModel.get('iris'), 4);
    assert.equal(s.byModel.get('nope'), 1);
    assert.equal(s.inferences, 3);
    assert.equal(s.inferencesOk, 2);
    assert.equal(s.badRequests, 1);
    assert.equal(s.notFound, 1);
    assert.equal(s.errorsInjected, 0);
  });
});

const IRIS_BODY = JSON.stringify({ inputs: [{ name: 'predict', shape: [1, 4], datatype: 'FP32', data: [0, 1, 2, 3] }] });

describe('reference server: latency injection', () => {
  it('holds a fixed 10ms latency: every answer >= 10 ms, median < 15 ms', async () => {
    const server = await startReferenceServer({ latency: parseLatencyModel('10ms') });
    try {
      const times: number[] = [];
      for (let i = 0; i < 30; i++) {
        const t0 = performance.now();
        const r = await fetch(`${server.url}/v2/models/iris/infer`, { method: 'POST', body: IRIS_BODY });
        await r.arrayBuffer();
        times.push(performance.now() - t0);
        assert.equal(r.status, 200);
      }
      times.sort((a, b) => a - b);
      assert.ok(times[0] >= 10, `fastest answer ${times[0]} ms`);
      assert.ok(times[15] < 15, `median ${times[15]} ms`);
    } finally {
      await server.close();
    }
  });

  it('serves other requests while inferences are held', async () => {
    const server = await startReferenceServer({ latency: parseLatencyModel('200ms') });
    try {
      const t0 = performance.now();
      const slow = fetch(`${server.url}/v2/models/iris/infer`, { method: 'POST', body: IRIS_BODY });
      const health = await fetch(`${server.url}/v2/health/ready`);
      assert.equal(health.status, 200);
      assert.ok(performance.now() - t0 < 150, 'health answered while the inference was held');
      assert.equal((await slow).status, 200);
      assert.ok(performance.now() - t0 >= 200);
    } finally {
      await server.close();
    }
  });

  it('close() answers held requests and resolves', async () => {
    const server = await startReferenceServer({ latency: parseLatencyModel('50ms') });
    const pending = fetch(`${server.url}/v2/models/iris/infer`, { method: 'POST', body: IRIS_BODY });
    while (server.stats.inferencesOk === 0) await new Promise((r) => setTimeout(r, 2));
    await Promise.all([server.close(), pending.then((r) => assert.equal(r.status, 200))]);
  });
});

describe('reference server: error injection', () => {
  async function run(errorRate: number, errorStatus: number | undefined, n: number): Promise<{ errors: number; server: ReferenceServer }> {
    const server = await startReferenceServer({ errorRate, errorStatus });
    let errors = 0;
    // 10 concurrent clients keep it quick without loading the shared machine.
    const worker = async (): Promise<void> => {
      for (let i = 0; i < n / 10; i++) {
        const r = await fetch(`${server.url}/v2/models/iris/infer`, { method: 'POST', body: IRIS_BODY });
        const body = (await r.json()) as { error?: string };
        if (r.status !== 200) {
          assert.equal(r.status, errorStatus ?? 500);
          assert.deepEqual(body, { error: 'injected error' });
          errors++;
        }
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    await server.close();
    return { errors, server };
  }

  it('answers about errorRate of inferences with the error status', async () => {
    const { errors, server } = await run(0.3, 503, 400);
    // Binomial(400, 0.3): mean 120, sd ~9.2; 70..170 is more than 5 sd either side.
    assert.ok(errors >= 70 && errors <= 170, `${errors} errors of 400`);
    assert.equal(server.stats.errorsInjected, errors);
    assert.equal(server.stats.inferences, 400);
  });

  it('errorRate 1 fails every inference with 500 by default; 0 none', async () => {
    assert.equal((await run(1, undefined, 50)).errors, 50);
    assert.equal((await run(0, undefined, 50)).errors, 0);
  });

  it('injects errors only into inferences, after the latency', async () => {
    const server = await startReferenceServer({ errorRate: 1, latency: parseLatencyModel('20ms') });
    try {
      assert.equal((await fetch(`${server.url}/v2/health/live`)).status, 200);
      const t0 = performance.now();
      const r = await fetch(`${server.url}/v2/models/iris/infer`, { method: 'POST', body: IRIS_BODY });
      assert.equal(r.status, 500);
      await r.arrayBuffer();
      assert.ok(performance.now() - t0 >= 20);
    } finally {
      await server.close();
    }
  });
});

describe('reference server: options', () => {
  it('rejects out-of-range options with a UsageError', async () => {
    await assert.rejects(startReferenceServer({ errorRate: 1.5 }), UsageError);
    await assert.rejects(startReferenceServer({ errorStatus: 200 }), UsageError);
    await assert.rejects(startReferenceServer({ port: 70000 }), UsageError);
  });

  it('reports a port in use as a UsageError', async () => {
    const first = await startReferenceServer();
    try {
      await assert.rejects(startReferenceServer({ port: first.port }), (err: unknown) => err instanceof UsageError && /EADDRINUSE/.test(err.message));
    } finally {
      await first.close();
    }
  });
});
