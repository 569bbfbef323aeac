import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { loadNamedPayload } from '../../src/payloads/payload-library.js';
import { buildSeldonHttpRequest } from '../../src/protocols/seldon-http.js';
import { seldonRequestBody } from '../../src/payloads/seldon-message.js';

describe('Seldon v1 REST prediction requests (inference-protocols.md 5.1)', () => {
  it('builds POST /api/v1.0/predictions, with the ingress prefix when given', () => {
    const payload = loadNamedPayload('iris');
    assert.equal(buildSeldonHttpRequest({ baseUrl: 'http://h:9000', payload }).path, '/api/v1.0/predictions');
    assert.equal(buildSeldonHttpRequest({ baseUrl: 'http://h', payload, namespace: 'seldon', deployment: 'iris' }).path, '/seldon/seldon/iris/api/v1.0/predictions');
    assert.throws(() => buildSeldonHttpRequest({ baseUrl: 'http://h', payload, deployment: 'iris' }), /both the namespace and the deployment/);
  });

  it('ndarray and tensor forms of a single input', () => {
    assert.deepEqual(seldonRequestBody(loadNamedPayload('iris', 2), 'ndarray'), { data: { ndarray: [[0, 1, 2, 3], [4, 5, 6, 7]] } });
    assert.deepEqual(seldonRequestBody(loadNamedPayload('iris', 2), 'tensor'), { data: { tensor: { shape: [2, 4], values: [0, 1, 2, 3, 4, 5, 6, 7] } } });
    assert.deepEqual(seldonRequestBody(loadNamedPayload('echo', 2), 'ndarray'), { data: { ndarray: ['hello', 'hello'] } });
  });

  it('several column inputs become a named B x k table', () => {
    const body = seldonRequestBody(loadNamedPayload('mlflow_wine', 2), 'tensor');
    assert.equal(body.data.names?.length, 11);
    assert.equal(body.data.names?.[2], 'citric acid');
    assert.deepEqual(body.data.tensor?.shape, [2, 11]);
    assert.deepEqual(seldonRequestBody(loadNamedPayload('mlflow_wine', 1), 'ndarray').data.ndarray, [new Array(11).fill(1)]);
  });

  it('refuses what a SeldonMessage cannot carry', () => {
    assert.throws(() => seldonRequestBody(loadNamedPayload('tfsimple'), 'ndarray'), (e: unknown) => e instanceof UsageError && /one tensor/.test(e.message));
    assert.throws(() => seldonRequestBody(loadNamedPayload('echo'), 'tensor'), /use the ndarray format/);
  });
});
