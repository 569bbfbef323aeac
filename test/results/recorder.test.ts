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

test('per-second series over many sealed seconds: a renewed accumulator carries nothing of its last second', () => {
  // sealAfterS 2: each accumulator is sealed and renewed for a later second several times.
  const r = new Recorder(true, 2);
  const OK: Outcome = { protocol: 'http', code: 200, errorKind: null, errorText: '' };
  const BAD: Outcome = { protocol: 'http', code: 503, errorKind: 'status', errorText: '503 Service Unavailable' };
  for (let s = 0; s < 12; s++) {
    // second s: s + 1 results of (s + 1) ms, second 5 with one error.
    for (let i = 0; i <= s; i++) {
      const t = s * 1e9 + i * 1e6;
      r.sent();
      r.record(s === 5 && i === 0 ? BAD : OK, t, t, t + (s + 1) * 1e6, 0, 0);
    }
  }
  const late = 3 * 1e9 + 999e6; // second 3, long sealed: a fresh entry the merge adds up
  r.sent();
  r.record(OK, late, late, late + 4e6, 0, 0);
  const series = mergeShards([r.result()], { meta: META, startUnixNs: 0n, interrupted: false }).series;
  assert.deepEqual(series.map((s) => s.second), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  for (const s of series) {
    const n = s.second + 1;
    assert.equal(s.requests, s.second === 3 ? n + 1 : n, `second ${s.second}`);
    assert.equal(s.errors, s.second === 5 ? 1 : 0, `second ${s.second}`);
    assert.ok(Math.abs(s.p50Ns - n * 1e6) / (n * 1e6) < 0.01 && Math.abs(s.p99Ns - n * 1e6) / (n * 1e6) < 0.01, `second ${s.second}: ${s.p50Ns} ${s.p99Ns}`);
  }
});
