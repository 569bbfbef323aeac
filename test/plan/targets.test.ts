// vegeta target formats (spec vegeta.md section 10): every http and json rule, the file:line error
// messages, `@body` files, and the lazy reader agreeing with the eager parsers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  parseHttpTargets,
  parseJsonTargets,
  readTargetsLazily,
  type Target,
  type TargetFormat,
  type TargetOptions,
} from '../../src/protocols/targets.js';
import { UsageError } from '../../src/core/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-targets-'));
const bodyPath = join(dir, 'body.json');
writeFileSync(bodyPath, '{"x":1}');

const opts: TargetOptions = { headers: [], body: null, readBodyFile: (p) => readFileSync(p) };

function http(text: string, o: TargetOptions = opts): Target[] {
  return parseHttpTargets(text, 'targets.txt', o);
}

function json(text: string, o: TargetOptions = opts): Target[] {
  return parseJsonTargets(text, 'targets.json', o);
}

function get(url: string, headers: [string, string][] = [], body: Buffer | null = null): Target {
  return { method: 'GET', url, headers, body };
}

function throwsUsage(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof UsageError, String(e));
    assert.equal(e.message, message);
    return true;
  });
}

test('http: request lines, headers split at the first colon, case kept, whitespace trimmed', () => {
  const targets = http(
    '  GET http://h/a  \n' +
      'X-Account-ID: 8675309\n' +
      '  host :  example.com:8080  \n' +
      'X-Account-ID: 2\n' +
      '\n' +
      'DELETE\thttps://h/b\n',
  );
  assert.deepEqual(targets, [
    get('http://h/a', [['X-Account-ID', '8675309'], ['host', 'example.com:8080'], ['X-Account-ID', '2']]),
    { method: 'DELETE', url: 'https://h/b', headers: [], body: null },
  ]);
});

test('http: a target without header or body lines may be followed directly by the next', () => {
  assert.deepEqual(http('GET http://h/1\nGET http://h/2\r\nHEAD http://h/3\n'), [
    get('http://h/1'),
    get('http://h/2'),
    { method: 'HEAD', url: 'http://h/3', headers: [], body: null },
  ]);
});

test('http: comments and extra blank lines are ignored anywhere', () => {
  const text = '# leading\n\n\nGET http://h/1\n# between\nA: 1\n  # indented\nB: 2\n\n\n# tail\nGET http://h/2\n# c\nGET http://h/3';
  assert.deepEqual(http(text), [get('http://h/1', [['A', '1'], ['B', '2']]), get('http://h/2'), get('http://h/3')]);
});

test('http: @path reads the body and ends the target', () => {
  const targets = http(`POST http://h/a\nContent-Type: application/json\n@${bodyPath}\nGET http://h/b\n`);
  assert.deepEqual(targets, [
    { method: 'POST', url: 'http://h/a', headers: [['Content-Type', 'application/json']], body: Buffer.from('{"x":1}') },
    get('http://h/b'),
  ]);
  assert.deepEqual(http(`POST http://h/a\n@ ${bodyPath} \n`)[0].body, Buffer.from('{"x":1}'));
});

test('http: global -header values come first; -body unless the target has @path', () => {
  const global: TargetOptions = { ...opts, headers: [['Authorization', 'Bearer t'], ['X-A', 'g']], body: Buffer.from('global') };
  const targets = http(`GET http://h/1\nX-A: own\n\nPOST http://h/2\n@${bodyPath}\n`, global);
  assert.deepEqual(targets[0], get('http://h/1', [['Authorization', 'Bearer t'], ['X-A', 'g'], ['X-A', 'own']], Buffer.from('global')));
  assert.deepEqual(targets[1].body, Buffer.from('{"x":1}'));
  assert.deepEqual(targets[1].headers, [['Authorization', 'Bearer t'], ['X-A', 'g']]);
  // Targets do not share (and so cannot mutate) the global header list.
  assert.notEqual(targets[0].headers, targets[1].headers);
  assert.deepEqual(global.headers, [['Authorization', 'Bearer t'], ['X-A', 'g']]);
});

test('http: errors name file:line, the offending text and the fix, on one line', () => {
  const cases: [string, string][] = [
    ['GET http://h/\n\n\n\n\n\nFOO', 'targets.txt:7: bad target "FOO": the line must be METHOD URL, e.g. GET http://host/path'],
    ['http://h/', 'targets.txt:1: bad target "http://h/": the line must be METHOD URL, e.g. GET http://host/path'],
    ['get http://h/', 'targets.txt:1: bad method "get": the method must be upper-case letters, e.g. GET http://host/path'],
    ['G3T http://h/', 'targets.txt:1: bad method "G3T": the method must be upper-case letters, e.g. GET http://host/path'],
    ['GET /path', 'targets.txt:1: bad URL "/path": the URL must be absolute http:// or https://, e.g. GET http://host/path'],
    ['GET ftp://h/', 'targets.txt:1: bad URL "ftp://h/": the URL must be absolute http:// or https://, e.g. GET http://host/path'],
    ['GET http://h/a b', 'targets.txt:1: bad URL "http://h/a b": the URL must not contain spaces (encode them as %20)'],
    ['GET http://h/\nNoColon', 'targets.txt:2: bad header "NoColon": a header line must be Key: Value, e.g. Accept: text/plain'],
    ['GET http://h/\nKey:', 'targets.txt:2: bad header "Key:": a header line must be Key: Value, e.g. Accept: text/plain'],
    ['GET http://h/\n: value', 'targets.txt:2: bad header ": value": a header line must be Key: Value, e.g. Accept: text/plain'],
    [
      'GET http://h/\nA: 1\nGET http://h/2',
      'targets.txt:3: bad header "GET http://h/2": a header line must be Key: Value, e.g. Accept: text/plain; separate targets with a blank line',
    ],
    ['GET http://h/\n@', 'targets.txt:2: bad body "@": the body line must be @path, e.g. @body.json'],
    [
      'GET http://h/\n@body.json\nA: 1',
      'targets.txt:3: bad target "A: 1": the line must be METHOD URL, e.g. GET http://host/path (header lines go before any blank or @body line)',
    ],
  ];
  for (const [text, message] of cases) {
    const o: TargetOptions = { ...opts, readBodyFile: () => Buffer.alloc(0) };
    throwsUsage(() => http(text, o), message);
  }
  const missing = join(dir, 'missing.bin');
  assert.throws(
    () => http(`GET http://h/\n@${missing}`),
    (e: unknown) =>
      e instanceof UsageError &&
      e.message.startsWith(`targets.txt:2: bad body "@${missing}": cannot read ${missing}: ENOENT`),
  );
  // Long offending text is cut so the message stays short.
  assert.throws(
    () => http('X'.repeat(500)),
    (e: unknown) => e instanceof UsageError && e.message.length < 200 && e.message.includes('…'),
  );
});

test('an empty targets file is an error', () => {
  throwsUsage(() => http(''), 'no targets in targets.txt');
  throwsUsage(() => http('\n# only a comment\n  \n'), 'no targets in targets.txt');
  throwsUsage(() => json('\n\n'), 'no targets in targets.json');
});

test('json: one object per line, base64 body, singular header map, unknown keys ignored', () => {
  const global: TargetOptions = { ...opts, headers: [['X-G', '1']], body: Buffer.from('global') };
  const text =
    '{"method":"POST","url":"http://h/a","body":"aGVsbG8=","header":{"Content-Type":["text/plain"],"X-M":["1","2"]},"extra":true}\n' +
    '\n' +
    '  {"method":"GET","url":"https://h/b"}  \r\n' +
    '{"method":"GET","url":"http://h/c","body":"","header":null}\n';
  assert.deepEqual(json(text, global), [
    {
      method: 'POST',
      url: 'http://h/a',
      headers: [['X-G', '1'], ['Content-Type', 'text/plain'], ['X-M', '1'], ['X-M', '2']],
      body: Buffer.from('hello'),
    },
    { method: 'GET', url: 'https://h/b', headers: [['X-G', '1']], body: Buffer.from('global') },
    { method: 'GET', url: 'http://h/c', headers: [['X-G', '1']], body: Buffer.from('global') },
  ]);
});

test('json: errors name file:line and the fix', () => {
  const cases: [string, string][] = [
    ['{"url":"http://h/"}', 'targets.json:1: bad method "missing": "method" is required and must be a method name, e.g. "GET"'],
    ['\n{"method":"GET"}', 'targets.json:2: bad URL "missing": "url" is required, e.g. "http://host/path"'],
    ['{"method":"GET","url":"h/x"}', 'targets.json:1: bad URL "h/x": the URL must be absolute http:// or https://, e.g. GET http://host/path'],
    ['[1]', 'targets.json:1: bad target "[1]": each line must be one JSON object, e.g. {"method":"GET","url":"http://host/path"}'],
    [
      '{"method":"GET","url":"http://h/","header":{"A":"x"}}',
      'targets.json:1: bad header "x": "header" must map names to arrays of strings, e.g. {"Accept":["text/plain"]}',
    ],
    ['{"method":"GET","url":"http://h/","body":"a!b="}', 'targets.json:1: bad body "a!b=": "body" must be standard base64, e.g. "aGVsbG8="'],
  ];
  for (const [text, message] of cases) throwsUsage(() => json(text), message);
  assert.throws(
    () => json('GET http://h/'),
    (e: unknown) => e instanceof UsageError && /^targets\.json:1: bad target "GET http:\/\/h\/": .*each line must be one JSON object/.test(e.message),
  );
});

async function lazy(path: string, format: TargetFormat, stdin?: Readable): Promise<Target[]> {
  const out: Target[] = [];
  for await (const t of readTargetsLazily(path, format, opts, stdin)) out.push(t);
  return out;
}

test('readTargetsLazily yields the same targets as the eager parsers', async () => {
  const httpText = `# c\nGET http://h/1\nA: 1\n\nPOST http://h/2\n@${bodyPath}\nGET http://h/3\nGET http://h/4`;
  const httpFile = join(dir, 'targets.txt');
  writeFileSync(httpFile, httpText);
  assert.deepEqual(await lazy(httpFile, 'http'), http(httpText));
  const jsonText = '{"method":"GET","url":"http://h/1"}\n\n{"method":"PUT","url":"http://h/2","body":"eA=="}\n';
  const jsonFile = join(dir, 'targets.json');
  writeFileSync(jsonFile, jsonText);
  assert.deepEqual(await lazy(jsonFile, 'json'), json(jsonText));
  assert.deepEqual(await lazy('-', 'http', Readable.from([httpText.slice(0, 9), httpText.slice(9)])), http(httpText));
});

test('readTargetsLazily reports the same errors, and empty and unreadable files', async () => {
  const badFile = join(dir, 'bad.txt');
  writeFileSync(badFile, 'GET http://h/\n\nget http://h/');
  const got: Target[] = [];
  await assert.rejects(
    (async () => {
      for await (const t of readTargetsLazily(badFile, 'http', opts)) got.push(t);
    })(),
    new UsageError(`${badFile}:3: bad method "get": the method must be upper-case letters, e.g. GET http://host/path`),
  );
  assert.deepEqual(got, [get('http://h/')]); // targets before the bad line were already yielded
  const empty = join(dir, 'empty.txt');
  writeFileSync(empty, '# nothing\n');
  await assert.rejects(lazy(empty, 'http'), new UsageError(`no targets in ${empty}`));
  await assert.rejects(lazy('-', 'json', Readable.from([''])), new UsageError('no targets in stdin'));
  const missing = join(dir, 'nope.txt');
  await assert.rejects(lazy(missing, 'http'), (e: unknown) =>
    e instanceof UsageError && e.message.startsWith(`cannot read targets file ${missing}: ENOENT`),
  );
});

test('readTargetsLazily reads only as far as the consumer pulls', async () => {
  // An endless stream of targets: taking three must finish.
  let n = 0;
  const endless = new Readable({
    read() {
      this.push(`GET http://h/${n++}\n`);
    },
  });
  const taken: string[] = [];
  for await (const t of readTargetsLazily('-', 'http', opts, endless)) {
    taken.push(t.url);
    if (taken.length === 3) break;
  }
  assert.deepEqual(taken, ['http://h/0', 'http://h/1', 'http://h/2']);
  endless.destroy();
});
