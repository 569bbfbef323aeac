/**
 * Watching a run: the live panel under a pseudo-terminal (redrawn in place, cleared at the end),
 * log lines every --log-every off a terminal, nothing with --quiet, bad watch flags refused before
 * any load, and an abortOnFail objective stopping a failing run early with exit 99 and its report.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, runCli } from '../helpers/cli.js';
import { startReferenceServer } from '../../src/servers/reference-server.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-watch-'));

/**
 * PTY_RUN runs argv[1:] under a pseudo-terminal 120 columns wide and writes every byte the
 * terminal received to stdout (python3's pty module: node has none).
 */
const PTY_RUN = `
import fcntl, os, pty, struct, sys, termios
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 120, 0, 0))
out = b''
while True:
    try:
        d = os.read(fd, 65536)
    except OSError:
        break
    if not d:
        break
    out += d
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
sys.exit(os.waitstatus_to_exitcode(status))
`;

function underPty(args: readonly string[]): Promise<{ code: number | null; screen: string }> {
  const child = spawn('python3', ['-c', PTY_RUN, process.execPath, CLI, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let screen = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (screen += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, screen })));
}

test('on a terminal: the live panel is drawn, redrawn in place and cleared at the end', async () => {
  const r = await underPty(['demo', '-d', '3s']);
  assert.equal(r.code, 0, r.screen);
  assert.match(r.screen, /loadgen demo http:\/\/127\.0\.0\.1:\d+.* +\[#+-*\] \ds \/ 3s +\d+%/, 'title and progress bar');
  assert.match(r.screen, /rate +target 200\/s +achieved \d+\/s \(last \ds\)/);
  assert.match(r.screen, /latency +p50 [\d.]+[µm]s +p99 [\d.]+[µm]s \(last \ds\)/);
  assert.match(r.screen, /results +\d+ ok +0 errors +in flight \d+ +dropped 0/);
  assert.match(r.screen, /workers +busy \d+% \d+% +send lateness p99 /);
  const redraws = r.screen.split('\x1b[5A\r\x1b[J').length - 1;
  // Every 250 ms on a quiet machine; a busy one may give the panel's timer few turns.
  assert.ok(redraws >= 2, `${redraws} redraws over 3 s`);
  const panelEnd = r.screen.lastIndexOf('\x1b[J');
  assert.ok(!/workers +busy/.test(r.screen.slice(panelEnd)), 'the panel is cleared before the report');
  assert.match(r.screen.slice(panelEnd), /Requests +600 sent/, 'the report follows on a clean screen');
});

test('off a terminal: a log line every --log-every; none with --quiet', async () => {
  const logged = await runCli(['demo', '-d', '3s', '--log-every', '1s']);
  assert.equal(logged.code, 0, logged.stderr);
  const lines = logged.stderr.split('\n').filter((l) => /^loadgen: \ds\/3s: \d+ done, [\d.]+\/s, p50 \S+ p99 \S+, 0 errors, 0 dropped, \d+ in flight/.test(l));
  assert.ok(lines.length >= 2 && lines.length <= 4, `one line a second:\n${logged.stderr}`);
  assert.ok(!logged.stderr.includes('\x1b['), 'no terminal control off a terminal');
  const quiet = await runCli(['demo', '-d', '2s', '--log-every', '1s', '--quiet']);
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.ok(!/ done, /.test(quiet.stderr), quiet.stderr);
  assert.match(quiet.stdout, /Requests +400 sent/);
});

test('bad watch flags exit 2 with one line, before any load', async () => {
  for (const [flag, value, said] of [
    ['--log-every', 'often', /--log-every/],
    ['--log-every', '0s', /--log-every: must be more than 0/],
    ['--prometheus-addr', 'localhost', /--prometheus-addr: want \[HOST\]:PORT/],
    ['--prometheus-addr', ':70000', /--prometheus-addr/],
    ['--prometheus-rw', 'not a url', /--prometheus-rw: not a URL/],
    ['--prometheus-rw-interval', '-1s', /--prometheus-rw-interval/],
  ] as const) {
    const r = await runCli(['attack', '--url', 'http://127.0.0.1:1/', '-d', '1s', `${flag}=${value}`]);
    assert.equal(r.code, 2, `${flag} ${value}: ${r.stderr}`);
    assert.match(r.stderr, said);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  const tag = await runCli(['attack', '--url', 'http://127.0.0.1:1/', '-d', '1s', '--prometheus-rw', 'http://127.0.0.1:1/w', '--prometheus-tag', 'bad tag']);
  assert.equal(tag.code, 2, tag.stderr);
  assert.match(tag.stderr, /--prometheus-tag: want NAME=VALUE/);
});

test('an abortOnFail threshold stops a failing run early: exit 99, the objective named, the report written', async () => {
  const server = await startReferenceServer({ port: 0, errorRate: 0.5 });
  try {
    const thresholds = join(dir, 'abort.json');
    writeFileSync(thresholds, JSON.stringify({ thresholds: { http_req_failed: [{ threshold: 'rate<0.01', abortOnFail: true }] } }));
    const out = join(dir, 'abort-report.json');
    const started = Date.now();
    const r = await runCli(['infer', '--url', server.url, '--model', 'iris', '--rate', '100', '-d', '30s', '--thresholds', thresholds, '--report', `json=${out}`]);
    const tookMs = Date.now() - started;
    assert.equal(r.code, 99, r.stderr);
    assert.match(r.stderr, /objective http_req_failed: rate<0\.01 failed at [\d.]+s \(measured [\d.]+%\): abortOnFail stops the run/);
    assert.ok(tookMs < 15_000, `stopped after ${tookMs} ms of a 30 s run`);
    const j = JSON.parse(readFileSync(out, 'utf8')) as { requests: number; successes: number; interrupted: boolean; aborted_by: string };
    assert.equal(j.interrupted, true);
    assert.equal(j.aborted_by, 'http_req_failed: rate<0.01');
    // The json report is the run record: re-reported, it still says which objective stopped the run.
    const again = await runCli(['report', out, '--type', 'text']);
    assert.match(again.stdout, /Interrupted: objective http_req_failed: rate<0\.01 failed during the run \(abortOnFail\)/, again.stderr);

    assert.ok(j.requests > 0 && j.requests < 3000, `${j.requests} requests`);
    assert.ok(j.successes < j.requests);
  } finally {
    await server.close();
  }
});

test('abortOnFail waits for delayAbortEval and never aborts a passing run', async () => {
  const server = await startReferenceServer({ port: 0 });
  try {
    const thresholds = join(dir, 'pass.json');
    writeFileSync(thresholds, JSON.stringify({ thresholds: { http_req_failed: [{ threshold: 'rate<0.01', abortOnFail: true }], http_req_duration: [{ threshold: 'p(99)<0', abortOnFail: true, delayAbortEval: '10s' }] } }));
    const r = await runCli(['infer', '--url', server.url, '--model', 'iris', '--rate', '50', '-d', '2s', '--thresholds', thresholds, '--quiet']);
    assert.ok(!/abortOnFail stops the run/.test(r.stderr), r.stderr);
    assert.match(r.stdout, /Requests +100 sent/);
  } finally {
    await server.close();
  }
});
