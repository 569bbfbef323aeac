import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { parseModelsFlag } from '../../src/payloads/models-flag.js';
import { listNamedPayloads } from '../../src/payloads/payload-library.js';

describe('parseModelsFlag (--models TYPE[:COUNT],...)', () => {
  it('expands counts to numbered instance names', () => {
    const entries = parseModelsFlag('iris:10, tfsimple:5');
    assert.deepEqual(
      entries.map((e) => [e.type, e.count, e.names.length, e.names[0], e.names[e.names.length - 1]]),
      [
        ['iris', 10, 10, 'iris0', 'iris9'],
        ['tfsimple', 5, 5, 'tfsimple0', 'tfsimple4'],
      ],
    );
  });

  it('a type without a count is one model named after the type', () => {
    assert.deepEqual(parseModelsFlag('add10,echo:1'), [
      { type: 'add10', count: 1, names: ['add10'] },
      { type: 'echo', count: 1, names: ['echo0'] },
    ]);
  });

  it('checks types against the named payloads when given', () => {
    assert.equal(parseModelsFlag('tfresnet152:2', listNamedPayloads())[0].names[1], 'tfresnet1521');
    assert.throws(() => parseModelsFlag('resnet:2', listNamedPayloads()), (e: unknown) => e instanceof UsageError && /unknown model type "resnet" \(known: .*iris/.test(e.message));
  });

  const bad: Array<[string, RegExp]> = [
    ['', /empty entry/],
    ['iris,,echo', /empty entry/],
    ['iris:0', /must be an integer 1\.\.100000/],
    ['iris:-1', /must be an integer/],
    ['iris:1.5', /must be an integer/],
    ['iris:x', /must be an integer/],
    ['iris:100001', /must be an integer/],
    ['iris:2,iris:3', /"iris" is given more than once/],
    ['ir is:2', /letters, digits/],
  ];
  for (const [text, error] of bad) {
    it(`rejects ${JSON.stringify(text)} with a one-line UsageError`, () => {
      assert.throws(() => parseModelsFlag(text), (e: unknown) => e instanceof UsageError && error.test(e.message) && e.message.startsWith('--models') && !e.message.includes('\n'));
    });
  }
});
