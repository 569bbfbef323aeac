/**
 * Bad input gets one clear line on stderr and exit code 2, never a stack trace, and sends nothing:
 * the targets point at a server that counts what it receives, and it must receive nothing.
 * (Issue 12: the table covers flags, durations, rates and sizes, URLs, targets files, payload
 * files, tensor specs, protos and calls, TLS files, outputs and the reference server's flags.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { startFixture } from '../helpers/http-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-bad-'));
const badTargets = join(dir, 'bad-targets.txt');
writeFileSync(badTargets, 'GET http://127.0.0.1:1/\n\nfetch this please\n');
const badPayload = join(dir, 'bad-payload.json');
writeFileSync(badPayload, '{"inputs":[{"name":"x","datatype":"FP32","shape":[2,2],"data":[1,2,3]}]}');
const emptyTargets = join(dir, 'empty-targets.txt');
writeFileSync(emptyTargets, '\n# nothing here\n');
const badJsonTargets = join(dir, 'bad-targets.json');
writeFileSync(badJsonTargets, '{"method":"GET","url":\n');
const notJson = join(dir, 'not-json.json');
writeFileSync(notJson, 'this is not JSON');
const garbagePem = join(dir, 'garbage.pem');
writeFileSync(garbagePem, 'not a certificate');
// Counts every request: bad input must send none (checked after the table).
const counting = await startFixture();
const url = `${counting.url}/`;
const host = `127.0.0.1:${counting.port}`;
const grpc = ['grpc', '--insecure', '--proto', 'echo', '--call', 'loadgen.echo.Echo/Unary'];

// argv                                                            what the one line must say
const cases: Array<[string[], RegExp]> = [
  [['attack', '--url', url, '--rate', 'abc'], /--rate: invalid rate "abc"/],
  [['attack', '--url', url, '--rate', 'infinity'], /--rate 0 with --max-in-flight/],
  [['attack', '--url', url, '--rate', '0'], /--rate 0 \(unpaced\) needs --max-in-flight/],
  [['attack', '--url', url, '--rate', '10', '--vus', '2'], /--rate and --vus exclude each other/],
  [['attack', '--url', url, '--duration', '10'], /--duration: invalid duration "10"/],
  [['attack', '--url', 'not a url'], /--url: "not a url" is not a URL/],
  [['attack', '--url', 'ftp://example.com/'], /only http and https/],
  [['attack', '--url', url, '--bogus-flag'], /Unknown argument/i],
  [['attack', '--targets', join(dir, 'missing.txt')], /--targets: cannot read ".*missing.txt": no such file/],
  [['attack', '--targets', badTargets], /bad-targets.txt:3: /],
  [['attack', '--url', url, '--header', 'no colon'], /--header: "no colon" is not a header/],
  [['attack', '--url', url, '--max-body', 'ten'], /--max-body: invalid size "ten"/],
  [['attack', '--url', url, '--report', 'pdf'], /--report: unknown report type "pdf"/],
  [['attack', '--url', url, '--report', 'vegeta-hist[5ms,1ms]'], /strictly ascending/],
  [['attack', '--url', url, '--cert', join(dir, 'nocert.pem')], /--cert: cannot read/],
  [['attack', '--url', url, '--workers', '0'], /--workers: "0" must be a whole number >= 1/],
  [['attack', '--url', url, '--output-format', 'xml'], /--output-format: "xml" is not a results format/],
  [['infer', '--url', url, '--model', 'nosuchmodel'], /no payload is named after model "nosuchmodel"/],
  [['infer', '--url', url, '--model', 'iris', '--payload', badPayload], /bad-payload.json/],
  [['infer', '--url', url, '--model', 'iris', '--proto', 'v9'], /--proto: "v9" is not supported/],
  [['infer', '--url', url], /name the model: --model NAME/],
  [['report', '--type', 'nope'], /--type: unknown report type "nope"/],
  [['infer', '--transport', 'grpc', '--url', '127.0.0.1:1', '--model', 'iris', '--report', 'vegeta-text'], /vegeta's reports are for HTTP results/],
  [['report', join(dir, 'no-results.jsonl')], /cannot read|no such file/i],
  // Issue 12: a bare loadgen says it once.
  [[], /name a command: attack, .* or serve \(see loadgen --help\)$/],
  // Numbers echo what was typed (yargs would say NaN).
  [['attack', '--url', url, '--vus', 'many'], /--vus: "many" is not a number$/],
  [['attack', '--url', url, '--workers', 'lots'], /--workers: "lots" is not a number/],
  [['attack', '--url', url, '--max-in-flight', 'ten'], /--max-in-flight: "ten" is not a number/],
  [['attack', '--url', url, '-n', 'all'], /--iterations: "all" is not a number/],
  [['attack', '--url', url, '--connections', '2x'], /--connections: "2x" is not a number/],
  [['attack', '--url', url, '--connections', '-3'], /--connections: "-3" must be a whole number >= 0/],
  [['attack', '--url', url, '--pipelining', '0'], /--pipelining: "0" must be a whole number >= 1/],
  [['attack', '--url', url, '-n', '1.5'], /--iterations: "1.5" must be a whole number >= 0/],
  [['attack', '--url', url, '--vus', '0'], /--vus: "0" must be a whole number >= 1/],
  [['attack', '--url', url, '--workers', '-1'], /--workers: "-1" must be a whole number >= 1/],
  // Negative durations and rates: named, not "Unknown arguments: 5, s".
  [['attack', '--url', url, '-d', '-5s'], /--duration: "-5s" is negative; it must be 0 or more/],
  [['attack', '--url', url, '--duration', '-1m'], /--duration: "-1m" is negative/],
  [['attack', '--url', url, '--timeout', '-1s'], /--timeout: "-1s" is negative/],
  [['attack', '--url', url, '--grace', '-2s'], /--grace: "-2s" is negative/],
  [['attack', '--url', url, '--rate', '-10/s'], /--rate: "-10\/s" is negative/],
  [['attack', '--url', url, '--timeout', 'soon'], /--timeout: invalid duration "soon"/],
  [['attack', '--url', url, '--grace', '5'], /--grace: invalid duration "5"/],
  [['attack', '--url', url, '--rate', '10/fortnight'], /--rate: invalid rate "10\/fortnight"/],
  [['attack', '--url', url, '--max-body', '10XB'], /--max-body: invalid size "10XB"/],
  // URLs.
  [['attack', '--url', 'http://'], /--url: "http:\/\/" is not a URL/],
  [['attack', '--url', 'http://[::1/'], /--url: .* is not a URL/],
  [['attack', '--url', 'mailto:someone@example.com'], /only http and https/],
  // Targets.
  [['attack'], /no target: give --url URL, --targets FILE, or targets on stdin/],
  [['attack', '--targets', emptyTargets], /no targets in .*empty-targets.txt/],
  [['attack', '--targets', badJsonTargets, '--format', 'json'], /bad-targets.json/],
  [['attack', '--targets', badTargets, '--format', 'yaml'], /--format: .*"yaml"/],
  [['attack', '--lazy'], /--lazy reads the targets file as the run goes; give it with --targets FILE/],
  [['attack', '--url', url, '--targets', badTargets], /--url and --targets exclude each other/],
  [['attack', '--url', url, '--method', 'GE T'], /--method: "GE T" is not an HTTP method/],
  [['attack', '--url', url, '--body', join(dir, 'no-body.bin')], /--body: cannot read ".*no-body.bin": no such file/],
  // Tensor specs and payload files.
  [['infer', '--url', url, '--model', 'm', '--input', 'x:FP32:-1,4'], /--input "x:FP32:-1,4": shape dimension -1 is negative; dimensions are non-negative integers \(write B for the batch dimension, e\.g\. B,4\)/],
  [['infer', '--url', url, '--model', 'm', '--input', 'x:FLOAT:4'], /--input "x:FLOAT:4": no datatype \(one of BOOL/],
  [['infer', '--url', url, '--model', 'm', '--input', 'x:FP32:4:fancy'], /--input "x:FP32:4:fancy": unknown fill "fancy"/],
  [['infer', '--url', url, '--model', 'm', '--input', 'x:FP32:4,B'], /only the first dimension may be B/],
  [['infer', '--url', url, '--model', 'iris', '--batch-size', 'big'], /--batch-size: "big" is not a number/],
  [['infer', '--url', url, '--model', 'iris', '--payload', join(dir, 'missing.json')], /payload file ".*missing.json": cannot read .*missing.json: ENOENT/],
  [['infer', '--url', url, '--model', 'iris', '--payload', notJson], /not-json.json/],
  // Protos and calls.
  [['grpc', '--insecure', host], /--call is required/],
  [['grpc', '--insecure', '--proto', join(dir, 'missing.proto'), '--call', 'a.B/C', host], /missing.proto/],
  [[...grpc.slice(0, 4), '--call', 'loadgen.echo.Echo/Nope', host], /method "Nope" not found in service loadgen.echo.Echo; available: Unary/],
  [[...grpc, '-d', '30s', host], /-d: invalid JSON: .*"30s" looks like a duration: here -d is the call data, -z the duration, e.g. -z 30s/],
  [[...grpc, '-d', '{"a":', host], /-d: invalid JSON/],
  [[...grpc, '-z', '-3s', host], /--duration: "-3s" is negative; it must be 0 or more/],
  [[...grpc, '-c', '0', host], /-c\/--concurrency: "0" must be a whole number >= 1/],
  [[...grpc, '-c', 'many', host], /--concurrency: "many" is not a number/],
  [[...grpc, '-c', '2', '--connections', '5', host], /--connections \(5\) must not exceed -c\/--concurrency \(2\)/],
  [[...grpc, '--rps', '100', '--load-schedule', 'wave', host], /--load-schedule: "wave" is not a schedule/],
  [[...grpc, '--workers', 'nine', host], /--workers: "nine" is not a number/],
  // TLS files.
  [['attack', '--url', url, '--key', garbagePem], /--key needs --cert/],
  [['attack', '--url', url, '--root-certs', join(dir, 'no-ca.pem')], /--root-certs: cannot read/],
  // The reference server's flags: refused before it listens.
  [['serve', '--port', '0', '--fault', 'bogus'], /--fault: "bogus": "bogus" is not a fault; use status:CODE/],
  [['serve', '--port', '0', '--fault', 'status:200'], /--fault: "status:200": CODE is an HTTP error status 400..599/],
  [['serve', '--port', '0', '--fault', 'reset@0.7,stall@0.7'], /--fault: the shares add up to 1.4/],
  [['serve', '--port', '0', '--fault', 'close-after:0'], /--fault: "close-after:0": N is a whole number >= 1/],
  [['serve', '--port', '0', '--fault', 'refuse@0.5'], /refuse applies to every connection; it takes no @SHARE/],
  [['serve', '--port', '0', '--latency', 'lognormal:10ms'], /--latency: invalid latency model "lognormal:10ms" \(SIGMA is a number 0..10\)/],
  [['serve', '--port', '0', '--latency', 'bimodal:1ms,2ms,3'], /--latency: invalid latency model .*SHARE is the slow share/],
  [['serve', '--port', '70000'], /--port: must be 0..65535, got 70000/],
  [['serve', '--port', '0', '--error-rate', '2'], /--error-rate: must be between 0 and 1, got 2/],
  [['serve', '--port', '0', '--grpc-error-code', 'Fine'], /--grpc-error-code: "Fine" is not a gRPC error status; use a name such as Unavailable/],
  [['serve', '--port', '0', '--grpc-error-code', 'OK'], /--grpc-error-code: "OK" is not a gRPC error status/],
  [['serve', '--port', 'eighty'], /--port: "eighty" is not a number/],
  [['lifecycle', '--url', url, '--models', 'iris:2', '--concurrency', 'lots'], /--concurrency: "lots" is not a number/],
];

for (const [argv, message] of cases) {
  test(`bad input: loadgen ${argv.join(' ')}`, async () => {
    const r = await runCli(argv);
    assert.equal(r.code, 2, `exit code (stderr: ${r.stderr})`);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `one line, got:\n${r.stderr}`);
    assert.match(lines[0], /^loadgen: /);
    assert.match(lines[0], message);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });
}

test('bad input sent no load', async () => {
  assert.ok(cases.length >= 60, `${cases.length} cases`);
  assert.equal(counting.requests, 0);
  await counting.close();
});
