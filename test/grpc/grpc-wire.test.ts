import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeGrpcMessage, FrameReader, frameMessage, grpcErrorText, GrpcFrameError, grpcTimeoutHeader } from '../../src/transports/grpc/grpc-wire.js';
import { GRPC_STATUS_CODES, GRPC_STATUS_NAMES, grpcStatusCode, grpcStatusName } from '../../src/core/grpc-status.js';

function readAll(reader: FrameReader): Buffer[] {
  const out: Buffer[] = [];
  for (let m = reader.read(); m !== null; m = reader.read()) out.push(Buffer.from(m));
  return out;
}

describe('frameMessage', () => {
  it('prefixes the compressed flag and the big-endian length', () => {
    assert.deepEqual([...frameMessage(Buffer.from('hi'))], [0, 0, 0, 0, 2, 0x68, 0x69]);
    assert.deepEqual([...frameMessage(Buffer.alloc(0), true)], [1, 0, 0, 0, 0]);
    assert.equal(frameMessage(Buffer.alloc(70_000)).readUInt32BE(1), 70_000);
  });
});

describe('FrameReader', () => {
  const messages = [Buffer.from('first'), Buffer.alloc(0), Buffer.alloc(300, 7), Buffer.from('last')];
  const wire = Buffer.concat(messages.map((m) => frameMessage(m)));

  it('round-trips messages pushed in one chunk, returning views without copies', () => {
    const reader = new FrameReader();
    reader.push(wire);
    const first = reader.read();
    assert.equal(first?.buffer, wire.buffer);
    assert.deepEqual([first, ...readAll(reader)].map((m) => m?.toString('hex')), messages.map((m) => m.toString('hex')));
    assert.equal(reader.pending, 0);
  });

  it('round-trips messages split at every possible chunk size, headers included', () => {
    for (const size of [1, 2, 3, 4, 5, 6, 7, 11, 64, 299, 301]) {
      const reader = new FrameReader();
      const got: Buffer[] = [];
      for (let i = 0; i < wire.length; i += size) {
        reader.push(wire.subarray(i, i + size));
        got.push(...readAll(reader));
      }
      assert.deepEqual(got.map((m) => m.toString('hex')), messages.map((m) => m.toString('hex')), `chunk size ${size}`);
      assert.equal(reader.pending, 0);
    }
  });

  it('waits for a whole message and reports the compressed flag', () => {
    const reader = new FrameReader();
    const framed = frameMessage(Buffer.from('abc'), true);
    reader.push(framed.subarray(0, 6));
    assert.equal(reader.read(), null);
    assert.equal(reader.pending, 6);
    reader.push(framed.subarray(6));
    assert.equal(reader.read()?.toString(), 'abc');
    assert.equal(reader.compressed, true);
  });

  it('rejects oversized messages and bad flags', () => {
    const reader = new FrameReader(10);
    reader.push(frameMessage(Buffer.alloc(11)));
    assert.throws(() => reader.read(), GrpcFrameError);
    const bad = new FrameReader();
    bad.push(Buffer.from([2, 0, 0, 0, 0]));
    assert.throws(() => bad.read(), /invalid gRPC frame flag 2/);
  });
});

describe('grpcTimeoutHeader', () => {
  it('picks the finest unit that fits in 8 digits, rounding up', () => {
    const table: Array<[number, string]> = [
      [0, '0n'],
      [-5, '0n'],
      [1, '1n'],
      [99_999_999, '99999999n'],
      [100_000_000, '100000u'],
      [100_000_001, '100001u'],
      [20e9, '20000000u'],
      [100e9, '100000m'],
      [100_000e9, '100000S'],
      [3600e9 * 1000, '3600000S'],
      [1e8 * 1e9, '1666667M'],
      [6e20, '166666667H'],
    ];
    for (const [ns, want] of table) assert.equal(grpcTimeoutHeader(ns), want, `${ns} ns`);
  });
});

describe('status names and error text', () => {
  it('uses Go code names, Canceled with one L', () => {
    assert.equal(GRPC_STATUS_NAMES.length, 17);
    assert.equal(grpcStatusName(0), 'OK');
    assert.equal(grpcStatusName(1), 'Canceled');
    assert.equal(grpcStatusName(4), 'DeadlineExceeded');
    assert.equal(grpcStatusName(14), 'Unavailable');
    assert.equal(grpcStatusName(16), 'Unauthenticated');
    assert.equal(grpcStatusName(17), 'Code(17)');
    assert.equal(GRPC_STATUS_CODES.ResourceExhausted, 8);
  });

  it('parses codes from numbers and names', () => {
    assert.equal(grpcStatusCode('14'), 14);
    assert.equal(grpcStatusCode('unavailable'), 14);
    assert.equal(grpcStatusCode('CANCELLED'), 1);
    assert.equal(grpcStatusCode('17'), undefined);
    assert.equal(grpcStatusCode('nope'), undefined);
  });

  it('formats Go status errors', () => {
    assert.equal(grpcErrorText(14, 'connection error: desc = "transport: Error while dialing"'), 'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing"');
    assert.equal(grpcErrorText(1, 'context canceled'), 'rpc error: code = Canceled desc = context canceled');
  });

  it('percent-decodes grpc-message values', () => {
    assert.equal(decodeGrpcMessage('plain text'), 'plain text');
    assert.equal(decodeGrpcMessage('100%25 sure%0Anext'), '100% sure\nnext');
    assert.equal(decodeGrpcMessage('caf%C3%A9'), 'café');
    assert.equal(decodeGrpcMessage('bad %zz'), 'bad %zz');
  });
});
