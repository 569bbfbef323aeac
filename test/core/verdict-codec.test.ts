/**
 * The record's `slos` and `server` codecs: verdicts of every metric shape and a server view come
 * back equal through JSON, and a damaged field is a RecordFieldError naming it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RecordFieldError } from '../../src/core/record-codec.js';
import { verdictsFromJson, verdictsToJson } from '../../src/core/verdict-codec.js';
import { serverViewFromJson, serverViewToJson } from '../../src/core/server-view-codec.js';
import type { SloVerdict } from '../../src/core/slo.js';
import type { ServerView } from '../../src/core/server-view.js';
import { parseK6Threshold, parseSlo } from '../../src/plan/slo-grammar.js';

const through = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

test('verdicts of loadgen, Iter8 and k6 objectives round-trip, abortOnFail and a missing value included', () => {
  const abort = { abortOnFail: true, delayAbortNs: 10e9 };
  const verdicts: SloVerdict[] = [
    { slo: parseSlo('response.p(99.9)<=300ms'), measured: 2.5e8, pass: true },
    { slo: parseSlo('http/error-rate<0.01'), measured: 0.02, pass: false },
    { slo: parseSlo('rps>=450'), measured: null, pass: false },
    { slo: parseK6Threshold('http_req_duration', 'p(95)<500', 'k6.json', abort), measured: 4e8, pass: true },
    { slo: parseK6Threshold('dropped_iterations', 'count==0', 'k6.json'), measured: 3, pass: false },
  ];
  assert.deepEqual(verdictsFromJson(through(verdictsToJson(verdicts))), verdicts);
});

test('a damaged verdict is a RecordFieldError that names its field', () => {
  const [good] = verdictsToJson([{ slo: parseSlo('p99<=1s'), measured: 1, pass: true }]);
  assert.throws(() => verdictsFromJson({}), (e: unknown) => e instanceof RecordFieldError && /^slos: not a list/.test(e.message));
  assert.throws(() => verdictsFromJson([{ ...good, op: '=~' }]), /slos\[0\]\.op: not one of/);
  assert.throws(() => verdictsFromJson([{ ...good, metric: { kind: 'latency', population: 'queue', stat: 'mean', q: 0 } }]), /slos\[0\]\.metric\.population/);
  assert.throws(() => verdictsFromJson([{ ...good, pass: 'yes' }]), /slos\[0\]\.pass: not a boolean/);
});

test('a server view round-trips, nulls kept', () => {
  const view: ServerView = {
    url: 'http://127.0.0.1:8002/metrics',
    family: 'triton',
    successes: 50,
    failures: 0,
    requestNs: 10.5e6,
    queueNs: 1.2e5,
    computeInputNs: null,
    computeInferNs: 10e6,
    computeOutputNs: null,
    metrics: [{ name: 'nv_inference_count', delta: 50, mean: null }, { name: 'x', delta: null, mean: null }],
  };
  assert.deepEqual(serverViewFromJson(through(serverViewToJson(view))), view);
  assert.throws(() => serverViewFromJson({ ...serverViewToJson(view), family: 'torchserve' }), /server\.family: not one of/);
});
