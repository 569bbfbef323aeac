import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOipRoute, routeModel, type OipRoute } from '../../src/servers/oip-route.js';

describe('parseOipRoute', () => {
  const cases: Array<[path: string, route: OipRoute]> = [
    ['/v2', { kind: 'server-metadata' }],
    ['/v2/', { kind: 'server-metadata' }],
    ['/v2/health/live', { kind: 'live' }],
    ['/v2/health/ready', { kind: 'ready' }],
    ['/v2/models/iris', { kind: 'model-metadata', model: 'iris', version: undefined }],
    ['/v2/models/iris/versions/3', { kind: 'model-metadata', model: 'iris', version: '3' }],
    ['/v2/models/iris/ready', { kind: 'model-ready', model: 'iris', version: undefined }],
    ['/v2/models/iris/versions/3/ready', { kind: 'model-ready', model: 'iris', version: '3' }],
    ['/v2/models/iris/infer', { kind: 'infer', model: 'iris', version: undefined }],
    ['/v2/models/iris/versions/1/infer', { kind: 'infer', model: 'iris', version: '1' }],
    ['/v2/models/my%20model/infer', { kind: 'infer', model: 'my model', version: undefined }],
    ['/v2/models/iris/explain', { kind: 'unknown' }],
    ['/v2/models/iris/versions', { kind: 'unknown' }],
    ['/v2/models/iris/versions/1/infer/x', { kind: 'unknown' }],
    ['/v2/models/', { kind: 'unknown' }],
    ['/v2/models/%E0%A4%A/infer', { kind: 'unknown' }], // a broken percent-escape
    ['/v1/models/iris', { kind: 'unknown' }],
    ['/', { kind: 'unknown' }],
  ];
  for (const [path, route] of cases) {
    it(`${path} -> ${route.kind}`, () => assert.deepEqual(parseOipRoute(path), route));
  }

  it('routeModel names the model of model routes only', () => {
    assert.equal(routeModel(parseOipRoute('/v2/models/iris/infer')), 'iris');
    assert.equal(routeModel(parseOipRoute('/v2/health/live')), undefined);
  });
});
