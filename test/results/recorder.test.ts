// The recorder counts outcomes per protocol and code (HTTP and gRPC apart, without offsets) and
// errors by text with their kind; the merge keeps both across workers; replayed texts get their
// kind back from the words alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Recorder } from '../../src/results/recorder.js';
import { mergeShards } from '../../src/results/merge.js';
import { errorKindOfText } from '../../src/results/error-kind-of-text.js';
import { errorKindCounts, type RunMeta } from '../../src/core/run-result.js';
import type { ErrorKind, Outcome, Protocol } from '../../src/core/outcome.js';

const META: RunMeta = { command: 'infer', name: '', target: 't', mode: 'closed', protocol: 'mixed', rateHz: null, vus: 1, workers: 2, connections: 0 };

function recorded(outcomes: ReadonlyArray<[Protocol, number, ErrorKind | null, string]>, t0 = 0): Recorder {
  const r = new Recorder(false);
  outcomes.forEach(([protocol, code, errorKind, errorText], i) => {
    const o: Outcome = { protocol, code, errorKind, errorText };
    r.sent();
    r.record(o, NaN, t0 + i, t0 + i + 10, 0, 0);
  });
  return r;
}

test('status counts keep HTTP and gRPC codes apart (0 of each too); errors keep their kinds; the merge adds them up', () => {
  const a = recorded([
    ['grpc', 0, null, ''],
    ['http', 0, 'refused', 'Post "u": dial tcp h:1: connect: connection refused'],
    ['http', 200, null, ''],
    ['grpc', 14, 'status', 'rpc error: code = Unavailable desc = x'],
  ]);
  assert.deepEqual(a.result().statusCodes, [
    { protocol: 'http', code: 0, count: 1 },
    { protocol: 'http', code: 200, count: 1 },
    { protocol: 'grpc', code: 0, count: 1 },
    { protocol: 'grpc', code: 14, count: 1 },
  ]);
  const b = recorded([
    ['grpc', 0, null, ''],
    ['http', 200, 'check', 'check: no outputs'],
  ], 100);
  const merged = mergeShards([a.result(), b.result()], { meta: META, startUnixNs: 0n, interrupted: false });
  assert.deepEqual(merged.statusCodes, [
    { protocol: 'http', code: 0, count: 1 },
    { protocol: 'http', code: 200, count: 2 },
    { protocol: 'grpc', code: 0, count: 2 },
    { protocol: 'grpc', code: 14, count: 1 },
  ]);
  assert.deepEqual(merged.errors.map((e) => [e.kind, e.count]), [['refused', 1], ['status', 1], ['check', 1]]);
  assert.deepEqual(errorKindCounts(merged.errors), [['refused', 1], ['status', 1], ['check', 1]]);
  assert.equal(merged.successes, 3);
});

test('errorKindOfText reads the kind back from Go-worded texts (results files hold only the text)', () => {
  const table: Array<[string, ErrorKind]> = [
    ['Get "http://h:1/": dial tcp 127.0.0.1:1: connect: connection refused', 'refused'],
    ['Get "http://h:1/": read: connection reset by peer', 'reset'],
    ['Post "http://h:1/": write: broken pipe', 'reset'],
    ['Get "http://h:1/": EOF', 'closed'],
    ['Get "http://h:1/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)', 'timeout'],
    ['Get "http://h:1/": dial tcp 10.0.0.1:80: i/o timeout', 'timeout'],
    ['Get "http://h:1/": context canceled', 'canceled'],
    ['Get "http://nope:1/": dial tcp: lookup nope: no such host', 'dns'],
    ['Get "https://h/": tls: failed to verify certificate: x509: certificate signed by unknown authority', 'tls'],
    ['500 Internal Server Error', 'status'],
    ['503', 'status'],
    ['check: missing output "OUTPUT1"', 'check'],
    ['rpc error: code = Unavailable desc = overloaded', 'status'],
    ['rpc error: code = Unavailable desc = connection error: dial tcp 127.0.0.1:1: connect: connection refused', 'refused'],
    ['rpc error: code = DeadlineExceeded desc = context deadline exceeded', 'timeout'],
    ['rpc error: code = Canceled desc = context canceled', 'canceled'],
    ['something else entirely', 'other'],
  ];
  for (const [text, kind] of table) assert.equal(errorKindOfText(text), kind, text);
});
