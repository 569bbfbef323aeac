import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planJson, printable, PREVIEW_BYTES } from '../../src/plan/plan-json.js';

test('printable: sorted keys, bytes as length and base64 preview, bigints and non-finite numbers as strings', () => {
  const short = Buffer.from('hi');
  const long = new Uint8Array(PREVIEW_BYTES + 1).fill(0xff);
  // value                                                   what --dry-run shows
  const cases: Array<[unknown, unknown]> = [
    [{ b: 1, a: 2 }, { a: 2, b: 1 }],
    [short, { bytes: 2, base64: 'aGk=' }],
    [long, { bytes: PREVIEW_BYTES + 1, base64: `${Buffer.alloc(PREVIEW_BYTES, 0xff).toString('base64')}…` }],
    [new Uint8Array(short.buffer, short.byteOffset + 1, 1), { bytes: 1, base64: 'aQ==' }],
    [12n, '12'],
    [Infinity, 'Infinity'],
    [new Map([['z', 1], ['y', 2]]), { y: 2, z: 1 }],
    [{ gone: undefined, kept: null }, { kept: null }],
    [[1, undefined], [1, null]],
  ];
  for (const [value, shown] of cases) assert.deepEqual(printable(value), shown);
});

test('planJson is stable: the same plan built in another key order prints the same text', () => {
  assert.equal(planJson({ x: { q: 1, p: 2 }, a: [Buffer.from('x')] }), planJson({ a: [Buffer.from('x')], x: { p: 2, q: 1 } }));
  assert.doesNotThrow(() => JSON.parse(planJson({ a: 1n })));
});
