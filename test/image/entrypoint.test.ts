/**
 * The container image without a container engine (none runs on this machine): the Dockerfile's
 * runtime stage is read, not copied — its COPY --from=build layout, ENV, WORKDIR, USER,
 * ENTRYPOINT and CMD — and laid out from this checkout's build (the build stage's `npm prune
 * --omit=dev` run offline on a hard-linked copy of node_modules). Then the exact entrypoint runs
 * as the image's unprivileged USER in a mount namespace where the whole tree is read-only and
 * only the WORKDIR (/results, the volume) is writable; paths under the image's /app are the laid
 * out tree's. A SIGTERM mid-run (as `docker stop` or a pod deletion sends to PID 1, tini here)
 * must still leave the record and the HTML report in the results directory, owned by that user.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';

const REPO = join(new URL('.', import.meta.url).pathname, '../../..');

/** RuntimeStage is what the test reads of the Dockerfile's last stage. */
interface RuntimeStage {
  buildDir: string;
  copies: Array<[from: string, to: string]>;
  env: Record<string, string>;
  workdir: string;
  user: [uid: number, gid: number];
  entrypoint: string[];
  cmd: string[];
}

function readDockerfile(text: string): RuntimeStage {
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const stages: string[][] = [];
  for (const l of lines) {
    if (/^FROM\s/i.test(l)) stages.push([]);
    stages.at(-1)?.push(l);
  }
  const arg = (stage: string[], op: string) => stage.filter((l) => l.toUpperCase().startsWith(`${op} `)).map((l) => l.slice(op.length + 1).trim());
  const build = stages[0];
  const runtime = stages.at(-1)!;
  const json = (op: string) => JSON.parse(arg(runtime, op).at(-1)!) as string[];
  const [uid, gid] = arg(runtime, 'USER').at(-1)!.split(':').map(Number);
  return {
    buildDir: arg(build, 'WORKDIR').at(-1)!,
    copies: arg(runtime, 'COPY').map((c) => c.split(/\s+/)).filter((w) => w[0] === '--from=build').map((w) => [w[1], w[2]]),
    env: Object.fromEntries(arg(runtime, 'ENV').map((e) => e.split('=') as [string, string])),
    workdir: arg(runtime, 'WORKDIR').at(-1)!,
    user: [uid, gid ?? uid],
    entrypoint: json('ENTRYPOINT'),
    cmd: json('CMD'),
  };
}

const stage = readDockerfile(readFileSync(join(REPO, 'Dockerfile'), 'utf8'));
let root: string;
let results: string;
let server: ReferenceServer;

/** layOut builds the runtime tree under root, as the COPY lines place the build stage's files. */
function layOut(): void {
  root = mkdtempSync(join(tmpdir(), 'loadgen-image-'));
  chmodSync(root, 0o755);
  for (const [from, to] of stage.copies) {
    const source = join(REPO, from.slice(stage.buildDir.length));
    const dest = join(root, to);
    mkdirSync(join(dest, '..'), { recursive: true });
    // node_modules is hard-linked (the prune below only unlinks), the rest copied.
    if (from.endsWith('/node_modules')) assert.equal(spawnSync('cp', ['-al', join(REPO, 'node_modules/'), dest]).status, 0);
    else cpSync(source, dest, { recursive: true, dereference: true });
  }
  const app = join(root, stage.entrypoint.find((a) => a.endsWith('.js'))!.split('/')[1]);
  cpSync(join(REPO, 'package-lock.json'), join(app, 'package-lock.json'));
  const prune = spawnSync('npm', ['prune', '--omit=dev', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: app, encoding: 'utf8' });
  assert.equal(prune.status, 0, prune.stderr);
  rmSync(join(app, 'package-lock.json'));
  results = mkdtempSync(join(tmpdir(), 'loadgen-image-results-'));
  chownSync(results, ...stage.user);
  mkdirSync(join(root, stage.workdir), { recursive: true });
}

/** inImage maps an absolute path of the image onto the laid-out tree (anything COPY placed). */
const inImage = (a: string) => (stage.copies.some(([, to]) => a.startsWith(to.split('/').slice(0, 2).join('/') + '/')) ? join(root, a) : a);

/** startInImage runs the entrypoint with args as USER, the tree read-only, WORKDIR the writable results. */
function startInImage(args: string[]) {
  const work = join(root, stage.workdir);
  const command = [...stage.entrypoint.map(inImage), ...args];
  const script = [
    `mount --bind ${root} ${root}`,
    `mount -o remount,bind,ro ${root}`,
    `mount --bind ${results} ${work}`,
    `cd ${work}`,
    `exec setpriv --reuid ${stage.user[0]} --regid ${stage.user[1]} --clear-groups -- "$@"`,
  ].join(' && ');
  const child = spawn('unshare', ['-m', 'sh', '-c', script, 'sh', ...command], { env: { PATH: process.env.PATH, ...stage.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<{ code: number | null; stderr: string }>((r) => child.on('close', (code) => r({ code, stderr })));
  return { child, done, stderr: () => stderr };
}

before(async () => {
  layOut();
  server = await startReferenceServer({ port: 0 });
});
after(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

test('the runtime stage holds production dependencies only, and the image CMD answers', async () => {
  const modules = join(root, stage.copies.find(([from]) => from.endsWith('/node_modules'))![1]);
  assert.ok(existsSync(join(modules, 'undici')));
  assert.ok(!existsSync(join(modules, 'typescript')), 'dev dependencies were pruned');
  const help = startInImage(stage.cmd);
  const r = await help.done;
  assert.equal(r.code, 0, r.stderr);
});

test('entrypoint as the unprivileged USER on a read-only tree: SIGTERM mid-run still writes record and report to /results', async () => {
  const denied = await startInImage(['infer', '--url', server.url, '--model', 'iris', '-n', '1', '--result', inImage('/app/x.json')]).done;
  assert.equal(denied.code, 2, 'nothing outside the results volume is writable');
  assert.match(denied.stderr, /cannot write there/);
  const run = startInImage(['infer', '--url', server.url, '--model', 'iris', '--rate', '50', '-d', '60s', '--log-every', '500ms', '--result', 'run.json', '--report', 'html=report.html']);
  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (/[1-9]\d* done/.test(run.stderr())) resolve();
      else if (run.child.exitCode !== null) reject(new Error(run.stderr()));
      else return;
      clearInterval(poll);
    }, 50);
  });
  run.child.kill('SIGTERM');
  const r = await run.done;
  assert.equal(r.code, 0, r.stderr);
  const record = JSON.parse(readFileSync(join(results, 'run.json'), 'utf8')) as { interrupted: boolean; requests: number };
  assert.equal(record.interrupted, true);
  assert.ok(record.requests > 0 && record.requests < 3000);
  assert.match(readFileSync(join(results, 'report.html'), 'utf8'), /<html/i);
  assert.equal(statSync(join(results, 'run.json')).uid, stage.user[0]);
});
