import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { RequestIdGenerator, seldonModelName, seldonRoutingHeaders } from '../../src/protocols/seldon-routing.js';

describe('Seldon Core 2 routing headers (inference-protocols.md 6.1)', () => {
  // routing, expected headers
  const cases: Array<[Parameters<typeof seldonRoutingHeaders>[0], [string, string][]]> = [
    [{ model: 'iris0' }, [['seldon-model', 'iris0']]],
    [{ model: 'iris0', pipeline: true }, [['seldon-model', 'iris0.pipeline']]],
    [
      { model: 'iris0', envoy: false },
      [
        ['seldon-model', 'iris0_1'],
        ['seldon-internal-model', 'iris0_1'],
      ],
    ],
    [
      { model: 'iris0', envoy: false, schedulerProxy: true },
      [
        ['seldon-model', 'iris0_0'],
        ['seldon-internal-model', 'iris0_0'],
      ],
    ],
  ];
  for (const [routing, headers] of cases) {
    it(JSON.stringify(routing), () => assert.deepEqual(seldonRoutingHeaders(routing), headers));
  }

  it('the versioned name is used everywhere when bypassing Envoy', () => {
    assert.equal(seldonModelName({ model: 'm' }), 'm');
    assert.equal(seldonModelName({ model: 'm', envoy: false }), 'm_1');
    assert.throws(() => seldonRoutingHeaders({ model: '' }), UsageError);
  });
});

describe('RequestIdGenerator (x-request-id: PREFIX_<15 random alphanumerics>)', () => {
  it('makes distinct ids of the right form', () => {
    const gen = new RequestIdGenerator('load');
    const ids = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const id = gen.next();
      assert.match(id, /^load_[A-Za-z0-9]{15}$/);
      ids.add(id);
    }
    assert.equal(ids.size, 2000);
    assert.deepEqual(gen.header()[0], 'x-request-id');
  });

  it('redraws bytes >= 248 so every character is equally likely', () => {
    let calls = 0;
    // First pool: all 255 (rejected), then bytes 0, 1, 2, ...: ids are ABC... from the second pool.
    const gen = new RequestIdGenerator('p', (bytes) => {
      for (let i = 0; i < bytes.length; i++) bytes[i] = calls === 0 ? 255 : i % 62;
      calls++;
    });
    assert.equal(gen.next(), 'p_ABCDEFGHIJKLMNO');
    assert.equal(gen.next(), 'p_PQRSTUVWXYZabcd');
  });

  it('rejects a prefix that is not a header token', () => {
    assert.throws(() => new RequestIdGenerator('a b'), UsageError);
    assert.throws(() => new RequestIdGenerator('é'), UsageError);
  });
});
