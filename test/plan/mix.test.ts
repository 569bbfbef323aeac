import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMix } from '../../src/plan/infer-plan.js';

test('parseMix interleaves the transports as evenly as the weights allow (0 = HTTP, 1 = gRPC)', () => {
  // flag                  pattern
  const table: Array<[string, number[]]> = [
    ['http:1,grpc:1', [0, 1]],
    ['grpc:1,http:1', [0, 1]],
    ['http:2,grpc:1', [0, 1, 0]],
    ['http:1,grpc:3', [0, 1, 1, 1]],
  ];
  for (const [text, pattern] of table) assert.deepEqual(parseMix(text), pattern, text);
});

test('parseMix rejects what is not a mix of both transports', () => {
  for (const bad of ['http:1', 'grpc:1,grpc:2', 'http:0,grpc:1', 'ftp:1,grpc:1', 'http:x,grpc:1', '']) {
    assert.throws(() => parseMix(bad), /--mix: /, bad);
  }
});
