/**
 * Bad input gets one clear line on stderr and exit code 2, never a stack trace, and sends nothing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-bad-'));
const badTargets = join(dir, 'bad-targets.txt');
writeFileSync(badTargets, 'GET http://127.0.0.1:1/\n\nfetch this please\n');
const badPayload = join(dir, 'bad-payload.json');
writeFileSync(badPayload, '{"inputs":[{"name":"x","datatype":"FP32","shape":[2,2],"data":[1,2,3]}]}');
const url = 'http://127.0.0.1:1/';

// argv                                                            what the one line must say
const cases: Array<[string[], RegExp]> = [
  [[], /name a command/],
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
