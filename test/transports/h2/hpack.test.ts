import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changesTable, encodeHeaderBlock, HeaderDecoder, HpackError } from '../../../src/transports/h2/hpack.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const pairs = (flat: readonly string[]): Array<[string, string]> => {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
};

// RFC 7541 Appendix C.4: three requests on one connection, Huffman-coded, using the dynamic table.
test('decodes RFC 7541 C.4 (Huffman strings, dynamic table references across blocks)', () => {
  const d = new HeaderDecoder();
  assert.deepEqual(pairs(d.decode(hex('8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff'))), [
    [':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com'],
  ]);
  assert.deepEqual(pairs(d.decode(hex('8286 84be 5886 a8eb 1064 9cbf'))), [
    [':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com'], ['cache-control', 'no-cache'],
  ]);
  assert.deepEqual(pairs(d.decode(hex('8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf'))), [
    [':method', 'GET'], [':scheme', 'https'], [':path', '/index.html'], [':authority', 'www.example.com'], ['custom-key', 'custom-value'],
  ]);
});

test('a repeated block that leaves the table alone decodes the same; one that changes it invalidates', () => {
  const d = new HeaderDecoder();
  // `:status: 200` (static 8) then `grpc-status: 0` inserted with incremental indexing.
  const insert = Buffer.concat([hex('88'), hex('40'), Buffer.from([11]), Buffer.from('grpc-status'), Buffer.from([1]), Buffer.from('0')]);
  assert.deepEqual(pairs(d.decode(insert)), [[':status', '200'], ['grpc-status', '0']]);
  const indexed = hex('88 be'); // 62 = the newest dynamic entry
  assert.deepEqual(pairs(d.decode(indexed)), [[':status', '200'], ['grpc-status', '0']]);
  assert.deepEqual(pairs(d.decode(indexed)), [[':status', '200'], ['grpc-status', '0']]);
  // A new insertion shifts index 62 to the new entry: the cached decoding of `88 be` must not survive.
  const insert2 = Buffer.concat([hex('40'), Buffer.from([11]), Buffer.from('grpc-status'), Buffer.from([1]), Buffer.from('5')]);
  d.decode(insert2);
  assert.deepEqual(pairs(d.decode(indexed)), [[':status', '200'], ['grpc-status', '5']]);
});

test('changesTable finds insertions and size updates among other representations', () => {
  assert.equal(changesTable(hex('8286 84')), false);
  assert.equal(changesTable(hex('0f 2f 03 616263')), false); // literal without indexing, index 62
  assert.equal(changesTable(hex('10 01 61 01 62')), false); // never indexed, new name
  assert.equal(changesTable(hex('82 41 01 61')), true); // incremental indexing
  assert.equal(changesTable(hex('3f e1 1f')), true); // dynamic table size update
});

test('the request encoder round-trips through the decoder and needs no table state', () => {
  const long = 'x'.repeat(300); // lengths past the 7-bit prefix
  const fields: Array<[string, string]> = [
    [':method', 'POST'], [':scheme', 'https'], [':path', '/pkg.Svc/Method'], [':authority', '127.0.0.1:50051'],
    ['content-type', 'application/grpc'], ['te', 'trailers'], ['x-meta', long], ['user-agent', 'loadgen/1'],
  ];
  const block = encodeHeaderBlock(fields);
  assert.equal(changesTable(block), false);
  const d = new HeaderDecoder();
  assert.deepEqual(pairs(d.decode(block)), fields);
  assert.deepEqual(pairs(new HeaderDecoder().decode(block)), fields);
});

test('a malformed block is an HpackError', () => {
  assert.throws(() => new HeaderDecoder().decode(hex('ff ff ff ff ff ff 0f')), HpackError);
  assert.throws(() => new HeaderDecoder().decode(hex('c0')), HpackError); // index 64: no such entry
});
