/**
 * A live `loadgen compare` as a user relies on it beyond the statistics: --a-header/--b-header
 * reach the server on their side's requests only (a counting server checks), Ctrl-C ends the
 * comparison with the rounds completed before it, --dry-run prints
 * both sides' plans and the order of the rounds and sends nothing, and bad input (a bad target,
 * a bad load command line, a flag the rounds cannot honour, bad numbers) is one line and exit 2,
 * before any request.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { runCli, startCli } from '../helpers/cli.js';
import { startFixture, type Fixture } from '../helpers/http-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-compare-live-input-'));
let server: Fixture;

before(async () => {
  server = await startFixture();
});
beforeEach(() => {
  server.requests = 0;
  server.headers.length = 0;
});
after(() => server.close());

describe('loadgen compare --a-header/--b-header against one URL', () => {
  it("adds each side's header to that side's requests only", async () => {
    const r = await runCli([
      'compare', '--a-header', 'X-Route: a', '--b-header', 'X-Route: b', '--rounds', '2', '--warmup', '0',
      '--', 'attack', '--url', `${server.url}/predict`, '--rate', '40', '-d', '0.5s', '--workers', '1',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const routes = server.headers.map((h) => h['x-route']);
    const count = (v: string | undefined) => routes.filter((x) => x === v).length;
    assert.ok(count('a') >= 30 && count('b') >= 30, `X-Route a: ${count('a')}, b: ${count('b')}`);
    assert.equal(count('a') + count('b'), server.requests, 'every request carries its side\'s header');
    assert.match(r.stdout, /^A: 2 rounds: .*\/predict \[X-Route: a\] round 1/m);
    assert.match(r.stdout, /^B: 2 rounds: .*\/predict \[X-Route: b\] round 1/m);
  });
});

describe('loadgen compare interrupted', () => {
  it('stops at Ctrl-C and compares the rounds completed before it', async () => {
    const { child, done } = startCli([
      'compare', '--a', server.url, '--b', `${server.url}/b`, '--rounds', '3', '--warmup', '0',
      '--', 'attack', '--url', server.url, '--rate', '40', '-d', '3s', '--workers', '1',
    ]);
    let stderr = '';
    let sent = false;
    child.stderr!.on('data', (d: string) => {
      stderr += d;
      // Both sides have a round: interrupt the next one (B's second), once (a second Ctrl-C is a hard stop).
      if (!sent && /round 1\/3 B/.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const r = await done;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /interrupted; comparing the 1 \+ 1 rounds completed/);
    assert.doesNotMatch(r.stderr, /round 3\/3/);
    assert.match(r.stdout, /^A: .* round 1\nB: .*\/b round 1\n/);
  });
});

describe('loadgen compare --dry-run with a load', () => {
  it("prints both sides' plans and the rounds' order, and sends nothing", async () => {
    const r = await runCli([
      'compare', '--dry-run', '--a', server.url, '--b', `${server.url}/b`, '--b-header', 'X-Route: b', '--rounds', '3',
      '--', 'infer', '--model', 'iris', '--rate', '100', '-d', '2s',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as {
      compare: { order: string[]; rounds: number };
      a: { meta: { target: string }; source: { requests: Array<{ headers: string[][] }> } };
      b: { meta: { target: string }; source: { requests: Array<{ headers: string[][] }> } };
    };
    assert.deepEqual(doc.compare.order, ['A1', 'B1', 'B2', 'A2', 'A3', 'B3']);
    assert.match(doc.a.meta.target, new RegExp(`^${server.url} model iris`));
    assert.match(doc.b.meta.target, new RegExp(`^${server.url}/b model iris`));
    const route = (p: typeof doc.a) => p.source.requests[0].headers.find(([k]) => k.toLowerCase() === 'x-route')?.[1];
    assert.equal(route(doc.a), undefined);
    assert.equal(route(doc.b), 'b');
    assert.equal(server.requests, 0);
  });
});

describe('loadgen compare --a-config/--b-config: two config files as the two sides', () => {
  it("plans each side from its own file, under the load's command line", async () => {
    const a = join(dir, 'side-a.yaml');
    const b = join(dir, 'side-b.json');
    writeFileSync(a, `url: ${server.url}\nrate: 50\nheader:\n  - "X-Route: a"\n`);
    writeFileSync(b, JSON.stringify({ url: `${server.url}/b`, rate: 70, timeout: '3s' }));
    const r = await runCli(['compare', '--dry-run', '--a-config', a, '--b-config', b, '--rounds', '1', '--', 'infer', '--model', 'iris', '-d', '1s', '--rate', '60']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as {
      a: { meta: { target: string }; load: unknown; source: { requests: Array<{ headers: string[][] }> } };
      b: { meta: { target: string }; load: unknown; http: { timeoutNs: number } };
    };
    assert.match(doc.a.meta.target, new RegExp(`^${server.url} model iris`));
    assert.match(doc.b.meta.target, new RegExp(`^${server.url}/b model iris`));
    // The load's own --rate 60 wins over both files (flags > file); the files' other keys apply per side.
    assert.deepEqual(doc.a.load, doc.b.load);
    assert.match(JSON.stringify(doc.a.load), /60/);
    assert.equal(doc.a.source.requests[0].headers.find(([k]) => k.toLowerCase() === 'x-route')?.[1], 'a');
    assert.equal(doc.b.http.timeoutNs, 3e9);
    assert.equal(server.requests, 0);
  });

  it('names the side whose file is bad', async () => {
    const bad = join(dir, 'side-bad.yaml');
    writeFileSync(bad, 'rat: 50\n');
    const r = await runCli(['compare', '--a-config', bad, '--b', server.url, '--', 'infer', '--url', server.url, '--model', 'iris', '-d', '1s']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /side-bad\.yaml:1: unknown key "rat"/);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.equal(server.requests, 0);
  });
});

describe('loadgen compare refuses a bad live comparison with one line and exit 2, sending nothing', () => {
  const notDir = join(dir, 'file');
  writeFileSync(notDir, 'x');
  const load = () => ['--', 'infer', '--url', server.url, '--model', 'iris', '-d', '1s'];
  const table: Array<[name: string, args: () => string[], message: RegExp]> = [
    ['a target that is no URL', () => ['--a', 'http//127.0.0.1:1', '--b', server.url, ...load()], /--a: "http\/\/127\.0\.0\.1:1" is not a target/],
    ['a target of another scheme', () => ['--a', server.url, '--b', 'ftp://127.0.0.1/', ...load()], /--b: "ftp:\/\/127\.0\.0\.1\/" is not a target/],
    ['a record as a side of a live comparison', () => ['--a', 'a.json', '--b', server.url, ...load()], /--a: "a\.json" is a file/],
    ['a URL as a record', () => ['--a', server.url, '--b', server.url], /is a target, not a record; give the load to run after --/],
    ['live flags without a load', () => ['a.json', 'b.json', '--rounds', '3'], /--rounds is for a live comparison/],
    ['a load command that is not one', () => ['--a', server.url, '--b', server.url, '--', 'serve'], /"serve" is not a load command/],
    ['an unknown flag in the load', () => ['--a', server.url, '--b', server.url, ...load(), '--bogus', '1'], /the load's command line \(infer\): Unknown argument: bogus/],
    ['a stray argument in the load', () => ['--a', server.url, '--b', server.url, ...load(), 'extra'], /unexpected argument "extra"/],
    ['--report in the load', () => ['--a', server.url, '--b', server.url, ...load(), '--report', 'json'], /--report in the load: compare writes its own reports/],
    ['--result in the load', () => ['--a', server.url, '--b', server.url, ...load(), '--result', 'r.json'], /--result in the load: .*--out DIR/],
    ['a bad value the builder refuses', () => ['--a', server.url, '--b', server.url, ...load(), '--proto', 'nope'], /compare: side A \(infer to .*\): --proto: "nope" is not supported/],
    ['a side without a target', () => ['--b', server.url, '--', 'infer', '--model', 'iris'], /side A has no target; give --a URL/],
    ['attack reading stdin', () => ['--a', server.url, '--b', server.url, '--', 'attack', '--rate', '10'], /attack would read its targets from stdin/],
    ['a bad header', () => ['--a-header', 'nocolon', ...load()], /--a-header: "nocolon" is not a header/],
    ['zero rounds', () => ['--rounds', '0', ...load()], /--rounds: give a whole number from 1 to 100/],
    ['a bad warm-up', () => ['--warmup', 'soon', ...load()], /--warmup: invalid duration "soon"/],
    ['a report into a missing folder', () => ['--report', `json=${join(dir, 'none', 'c.json')}`, ...load()], /--report: the folder of ".*c\.json" does not exist/],
    ['--out naming a file', () => ['--out', notDir, ...load()], /--out: ".*file" exists and is not a directory/],
  ];
  for (const [name, args, message] of table) {
    it(name, async () => {
      const r = await runCli(['compare', ...args()]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.equal(server.requests, 0);
    });
  }
});
