/**
 * Issue 12, outputs: every file a run writes is checked before the first request (a bad path is
 * one line, exit 2, and the counting server sees nothing), reports and records are written
 * atomically, and a reader of stdout that goes away (EPIPE) ends the run gracefully.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CLI, runCli } from './helpers/cli.js';
import { startFixture, type Fixture } from './helpers/http-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-i12-out-'));
let target: Fixture;

before(async () => {
  target = await startFixture();
});
after(() => target.close());

const attack = () => ['attack', '--url', target.url, '--rate', '50', '-d', '1s'];
const inDir = (name: string) => join(dir, name);
mkdirSync(inDir('adir'));
symlinkSync(dir, inDir('link'));

// Each row: the output flags, and what the one line must say. None may send a request.
const BAD: ReadonlyArray<readonly [string, () => string[], RegExp]> = [
  ['-o in a missing folder', () => ['-o', '/nonexistent/dir/r.jsonl'], /^loadgen: -o \/nonexistent\/dir\/r\.jsonl: directory \/nonexistent\/dir does not exist; create it/],
  ['-o naming a directory', () => ['-o', inDir('adir')], /-o .*adir: is a directory; give a file name inside it/],
  ['--report json= in a missing folder (with a text report too)', () => ['--report', 'json=/nonexistent/d/r.json', '--report', 'text'], /^loadgen: --report json=\/nonexistent\/d\/r\.json: directory/],
  ['--result naming a directory', () => ['--result', inDir('adir')], /--result .*adir: is a directory/],
  ['--summary-export in a missing folder', () => ['--summary-export', '/nonexistent/s.json'], /--summary-export \/nonexistent\/s\.json: directory/],
  ['--out csv= in a missing folder', () => ['--out', 'csv=/nonexistent/r.csv'], /--out csv=\/nonexistent\/r\.csv: directory/],
  ['-o and --report json= the same file', () => ['-o', inDir('same.json'), '--report', `json=${inDir('same.json')}`], /-o .*same\.json and --report json=.*same\.json name the same file; give each output its own file/],
  ['--result and --report json= the same file through a symlinked folder', () => ['--result', inDir('one.json'), '--report', `json=${inDir('link/one.json')}`], /--report json=.*link\/one\.json and --result .*one\.json name the same file/],
  ['two reports to one existing file', () => (writeFileSync(inDir('old.txt'), 'x'), ['--report', `text=${inDir('old.txt')}`, '--report', `json=${inDir('old.txt')}`]), /name the same file/],
];

for (const [what, flags, line] of BAD) {
  test(`bad output, ${what}: one line, exit 2, no request sent`, async () => {
    const before = target.requests;
    const r = await runCli([...attack(), ...flags()]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, line);
    assert.equal(r.stderr.split('\n').length, 2, `one line: ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.equal(target.requests, before, 'no request sent');
  });
}

test('grpc -o in a missing folder: one line, exit 2, before any call', async () => {
  const r = await runCli(['grpc', '--insecure', '--proto', 'protos/loadgen/echo.proto', '--call', 'loadgen.echo.Echo/Unary', '-d', '{"text":"x"}', '-n', '5', '-O', 'json', '-o', '/nonexistent/x.json', '127.0.0.1:1']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^loadgen: -o \/nonexistent\/x\.json: directory \/nonexistent does not exist/);
});

test('reports, the record and the results file are complete files, with no temporary file left beside them', async () => {
  const out = mkdtempSync(join(dir, 'whole-'));
  const r = await runCli([...attack(), '-o', join(out, 'r.jsonl'), '--report', `json=${join(out, 'j.json')}`, '--result', join(out, 'rec.json')]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['j.json', 'r.jsonl', 'rec.json']);
  const lines = readFileSync(join(out, 'r.jsonl'), 'utf8').trim().split('\n');
  const report = JSON.parse(readFileSync(join(out, 'j.json'), 'utf8')) as { requests: number };
  assert.equal(lines.length, report.requests);
  assert.equal((JSON.parse(readFileSync(join(out, 'rec.json'), 'utf8')) as { requests: number }).requests, report.requests);
});

test('EPIPE on stdout (-o - | head -c 100): the run ends gracefully, the other outputs are written, no trace', async () => {
  const report = inDir('epipe.json');
  const child = spawn(process.execPath, [CLI, 'attack', '--url', target.url, '--rate', '200', '-d', '30s', '-o', '-', '--report', `json=${report}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  // head -c 100: read the first 100 bytes, then close the pipe.
  let got = 0;
  child.stdout.on('data', (d: Buffer) => {
    got += d.length;
    if (got >= 100) child.stdout.destroy();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /EPIPE|Error|at /);
  const written = JSON.parse(readFileSync(report, 'utf8')) as { requests: number; interrupted: boolean };
  assert.ok(written.requests > 0);
  assert.ok(written.requests < 200 * 30, 'the run stopped when its reader went away');
});
