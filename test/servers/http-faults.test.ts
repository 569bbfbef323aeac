import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatHttpFault, parseHttpFaults } from '../../src/servers/http-faults.js';
import { formatGrpcFault, parseGrpcFaults } from '../../src/servers/grpc/grpc-faults.js';
import { formatLatencyModel, parseLatencyModel, sampleLatencyNs } from '../../src/servers/latency-model.js';
import { seededRandom } from '../../src/core/seeded-random.js';

test('parseHttpFaults reads each form, shares default to 1, and formats back', () => {
  // text                         fault
  const cases: Array<[string, unknown]> = [
    ['status:503', { kind: 'status', status: 503, share: 1 }],
    ['status:429@0.25', { kind: 'status', status: 429, share: 0.25 }],
    ['reset@0.1', { kind: 'reset', share: 0.1 }],
    ['stall', { kind: 'stall', share: 1 }],
    ['trickle:50ms@0.5', { kind: 'trickle', everyNs: 50e6, share: 0.5 }],
    ['huge:2MiB', { kind: 'huge', bytes: 2 ** 21, share: 1 }],
    ['close-after:10', { kind: 'close-after', requests: 10 }],
    ['refuse', { kind: 'refuse' }],
    // HTTP/2 (serve --h2c): CODE by RFC 9113 name (any case, - for _) or number
    ['goaway', { kind: 'goaway', code: 0, share: 1 }],
    ['goaway:enhance-your-calm@0.1', { kind: 'goaway', code: 11, share: 0.1 }],
    ['rst-stream', { kind: 'rst-stream', code: 2, share: 1 }],
    ['rst-stream:REFUSED_STREAM@0.5', { kind: 'rst-stream', code: 7, share: 0.5 }],
    ['rst-stream:8', { kind: 'rst-stream', code: 8, share: 1 }],
  ];
  for (const [text, fault] of cases) {
    const [parsed] = parseHttpFaults([text]);
    assert.deepEqual(parsed, fault, text);
    assert.deepEqual(parseHttpFaults([formatHttpFault(parsed)]), [parsed], `${text} round trip`);
  }
  assert.equal(parseHttpFaults(['status:500@0.2, reset@0.1', 'stall@0.1']).length, 3, 'several per text, several texts');
  assert.deepEqual(parseHttpFaults(['']), []);
});

test('parseHttpFaults refuses bad text with one line naming it', () => {
  const cases: Array<[string, RegExp]> = [
    ['explode', /"explode" is not a fault/],
    ['status', /status needs a value/],
    ['status:302', /CODE is an HTTP error status 400..599/],
    ['reset@2', /SHARE is a probability 0..1/],
    ['reset@', /SHARE is a probability/],
    ['stall:5s', /stall takes no value/],
    ['trickle:fast', /EVERY is a duration/],
    ['huge:lots', /SIZE is a byte size/],
    ['close-after:0', /N is a whole number >= 1/],
    ['close-after:3@0.5', /takes no @SHARE/],
    ['status:500@0.6,reset@0.6', /shares add up to 1.2/],
    ['rst-stream:LATER', /CODE is an HTTP\/2 error code/],
    ['goaway:14', /CODE is an HTTP\/2 error code/],
  ];
  for (const [text, re] of cases) assert.throws(() => parseHttpFaults([text]), (e: Error) => re.test(e.message) && !e.message.includes('\n'), text);
});

test('parseGrpcFaults reads each form (gRPC status by Go name or number, HTTP/2 codes), formats back, refuses bad text', () => {
  // text                              fault
  const cases: Array<[string, unknown]> = [
    ['status:Unavailable@0.2', { kind: 'status', code: 14, share: 0.2 }],
    ['status:13', { kind: 'status', code: 13, share: 1 }],
    ['stall@0.5', { kind: 'stall', share: 0.5 }],
    ['rst-stream', { kind: 'rst-stream', code: 2, share: 1 }],
    ['rst-stream:cancel@0.1', { kind: 'rst-stream', code: 8, share: 0.1 }],
    ['goaway', { kind: 'goaway', code: 0, share: 1 }],
  ];
  for (const [text, fault] of cases) {
    const [parsed] = parseGrpcFaults([text]);
    assert.deepEqual(parsed, fault, text);
    assert.deepEqual(parseGrpcFaults([formatGrpcFault(parsed)]), [parsed], `${text} round trip`);
  }
  const bad: Array<[string, RegExp]> = [
    ['status:OK', /CODE is a gRPC error status/],
    ['status', /CODE is a gRPC error status/],
    ['stall:1s', /stall takes no value/],
    ['goaway:SOON', /CODE is an HTTP\/2 error code/],
    ['reset', /"reset" is not a gRPC fault/],
    ['stall@0.7 goaway@0.7', /shares add up to 1.4/],
  ];
  for (const [text, re] of bad) assert.throws(() => parseGrpcFaults([text]), (e: Error) => re.test(e.message) && !e.message.includes('\n'), text);
});

test('lognormal and bimodal latency: parsed, formatted back, and sampled with the right shape', () => {
  const ln = parseLatencyModel('lognormal:10ms,0.5');
  assert.deepEqual(ln, { kind: 'lognormal', medianNs: 10e6, sigma: 0.5 });
  assert.deepEqual(parseLatencyModel(formatLatencyModel(ln)), ln);
  const bi = parseLatencyModel('bimodal:5ms,200ms,0.1');
  assert.deepEqual(bi, { kind: 'bimodal', fastNs: 5e6, slowNs: 200e6, slowShare: 0.1 });
  assert.deepEqual(parseLatencyModel(formatLatencyModel(bi)), bi);
  const random = seededRandom(7);
  const draws = Array.from({ length: 20_000 }, () => sampleLatencyNs(ln, random)).sort((a, b) => a - b);
  const median = draws[draws.length / 2];
  assert.ok(Math.abs(median - 10e6) / 10e6 < 0.05, `lognormal median ${median}`);
  // exp(0.5 * 2.326) = 3.2: p99 is about 3.2 x the median.
  const p99 = draws[Math.floor(draws.length * 0.99)];
  assert.ok(p99 / median > 2.9 && p99 / median < 3.5, `p99/median ${p99 / median}`);
  const slow = Array.from({ length: 20_000 }, () => sampleLatencyNs(bi, random)).filter((v) => v === 200e6).length;
  assert.ok(Math.abs(slow / 20_000 - 0.1) < 0.01, `slow share ${slow / 20_000}`);
  assert.throws(() => parseLatencyModel('lognormal:10ms'), /SIGMA is a number 0..10/);
  assert.throws(() => parseLatencyModel('bimodal:1ms,2ms,1.5'), /SHARE is the slow share/);
});
