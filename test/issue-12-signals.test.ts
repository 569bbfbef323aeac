/**
 * Issue 12, signals from the first millisecond, sent the way CI runners and `timeout` send them:
 * to the whole process group of a detached loadgen. Every wait is on an event (the target saw the
 * first request or the first readiness probe), never on a sleep.
 * - during the load: the grace line, a graceful stop, every report written, the usual exit code;
 * - before the load (here: while --wait-ready polls): no load at all, a report of 0 requests
 *   marked interrupted, and the shell's 128 + signal (143 SIGTERM, 130 SIGINT).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-i12-sig-'));

interface Target {
  readonly url: string;
  readonly paths: string[];
  /** first resolves when the first request matching the test arrives. */
  readonly first: Promise<void>;
  close(): Promise<void>;
}

/** startTarget answers 503 to readiness probes (never ready when notReady) and 200 to everything else, recording each path. */
async function startTarget(firstMatch: (req: IncomingMessage) => boolean, notReady: boolean): Promise<Target> {
  const paths: string[] = [];
  let seen!: () => void;
  const first = new Promise<void>((resolve) => (seen = resolve));
  const server: Server = createServer((req, res) => {
    paths.push(req.url ?? '');
    if (firstMatch(req)) seen();
    req.resume();
    res.statusCode = notReady && /ready/.test(req.url ?? '') ? 503 : 200;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    first,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** startGroup runs loadgen as the leader of its own process group, as a CI job step runs. */
function startGroup(args: string[]): { pid: number; done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [CLI, ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { pid: child.pid!, done };
}

interface Report {
  requests: number;
  successes: number;
  interrupted: boolean;
}

test('SIGTERM to the process group during the load: grace line, graceful stop, reports written, exit 0', async () => {
  const target = await startTarget(() => true, false);
  const report = join(dir, 'during.json');
  try {
    const run = startGroup(['attack', '--url', `${target.url}/`, '--rate', '50', '-d', '60s', '--report', `json=${report}`, '--report', 'text']);
    await target.first;
    process.kill(-run.pid, 'SIGTERM');
    const r = await run.done;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^loadgen: stopping: waiting up to 5s for (\d+|the requests) in flight \(Ctrl-C again to cancel\)$/m);
    assert.match(r.stdout, /Interrupted: the run was stopped by a signal/);
    const rep = JSON.parse(readFileSync(report, 'utf8')) as Report;
    assert.equal(rep.interrupted, true);
    assert.ok(rep.requests >= 1 && rep.requests < 50 * 60);
    assert.equal(rep.requests, target.paths.length, 'every request sent is counted');
  } finally {
    await target.close();
  }
});

for (const [signal, exit] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
  test(`${signal} to the process group before the load (during --wait-ready): no load, a report of 0 requests marked interrupted, exit ${exit}`, async () => {
    const target = await startTarget((req) => /ready/.test(req.url ?? ''), true);
    const report = join(dir, `before-${signal}.json`);
    const record = join(dir, `before-${signal}-record.json`);
    try {
      const run = startGroup(['infer', '--url', target.url, '--model', 'iris', '--rate', '50', '-d', '60s', '--wait-ready', '120s', '--report', `json=${report}`, '--result', record]);
      await target.first;
      process.kill(-run.pid, signal);
      const r = await run.done;
      assert.equal(r.code, exit, r.stderr);
      assert.match(r.stderr, new RegExp(`^loadgen: stopping: ${signal} before the load started; .*report of 0 requests follows`, 'm'));
      const rep = JSON.parse(readFileSync(report, 'utf8')) as Report;
      assert.deepEqual([rep.requests, rep.interrupted], [0, true]);
      assert.equal((JSON.parse(readFileSync(record, 'utf8')) as Report).interrupted, true);
      assert.deepEqual(target.paths.filter((p) => p.includes('/infer')), [], 'no inference sent');
    } finally {
      await target.close();
    }
  });
}

for (const extra of [[], ['--llm']]) {
test(`serve ${extra.join(' ')} under a parent that dies on SIGTERM without passing it on (npx): the server stops too, not orphaned`, async () => {
  // The wrapper plays npm exec: it runs `loadgen serve` and dies on SIGTERM, passing nothing on.
  const wrapper = `const c = require('node:child_process').spawn(process.execPath, [${JSON.stringify(CLI)}, 'serve', '--port', '0', ...${JSON.stringify(extra)}], { stdio: 'inherit' }); process.on('SIGTERM', () => process.exit(143));`;
  const parent = spawn(process.execPath, ['-e', wrapper], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let onLine: (() => void) | null = null;
  parent.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    onLine?.();
  });
  const until = (re: RegExp) =>
    new Promise<void>((resolve) => {
      onLine = () => re.test(stderr) && resolve();
      onLine();
    });
  await until(/listening on http:\/\/127\.0\.0\.1:\d+/);
  const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr)![1]);
  parent.kill('SIGTERM');
  // The server's stderr is the pipe: it ends when the orphaned server has exited.
  await new Promise<void>((resolve) => parent.stderr.on('end', resolve));
  assert.match(stderr, /the parent process is gone/);
  await assert.rejects(fetch(`http://127.0.0.1:${port}/v2/health/live`), 'nothing listens any more');
});
}
