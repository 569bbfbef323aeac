/**
 * bench/executor: what an executor in front of a model server costs, measured with
 * `loadgen compare` in interleaved rounds, and a control that shows compare recovers a known
 * difference.
 *
 * - HTTP: the reference model server (`loadgen serve --latency 1ms`, iris over V2 HTTP) reached
 *   directly (A) vs through nginx (B: proxy_pass to an upstream with `keepalive 32`, HTTP/1.1,
 *   `Connection ""`).
 * - gRPC: the same server's V2 gRPC port (`--grpc-port`) directly vs through nginx's grpc_pass
 *   (h2c both ways, upstream keepalive).
 * - Control: the server (A) vs a second reference server that holds every answer 2 ms longer
 *   (`--latency 3ms`). The preferred control, a network namespace with veth and netem adding
 *   1 ms each way, needs the sch_netem kernel module; the bench probes for it and says which
 *   control it ran.
 *
 * With --pin the servers and nginx are pinned to core 0 and loadgen to core 1 (taskset), as in
 * bench/http; on a machine others are busy on, pinning makes it worse (a pinned process waits for
 * its one core), so it is off by default.
 * Usage: node dist/bench/executor/run.js [--rounds 5 --seconds 5 --rate 200 --pin]. Needs nginx.
 * Each comparison prints compare's own text report; the summary table follows.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startNginx } from '../../test/helpers/nginx.js';
import { freePort } from '../../test/helpers/ports.js';
import { CLI, GENERATOR_CPU, TARGET_CPU, arg, run, scratchDir } from '../lib/bench-env.js';

const KNOWN_DELAY_MS = 2;
const SERVER_LATENCY_MS = 1;

const ROUNDS = arg('rounds', 5);
const SECONDS = arg('seconds', 5);
const RATE = arg('rate', 200);
const dir = scratchDir('executor');
/** PIN pins as bench/http does (--pin); off by default: on a busy machine a pinned core is the one everyone shares. */
const PIN = process.argv.includes('--pin') && spawnSync('taskset', ['-c', '0', 'true']).status === 0;

const pinned = (cpu: string, cmd: string[]): string[] => (PIN ? ['taskset', '-c', cpu, ...cmd] : cmd);

/** serve starts `loadgen serve` pinned to the target core and waits for its listening lines. */
async function serve(latencyMs: number, grpc: boolean): Promise<{ url: string; grpcAddress: string; child: ChildProcess }> {
  const port = await freePort();
  const grpcPort = grpc ? await freePort() : 0;
  const args = ['serve', '--port', String(port), '--latency', `${latencyMs}ms`, ...(grpc ? ['--grpc-port', String(grpcPort)] : [])];
  const [cmd, ...rest] = pinned(TARGET_CPU, [process.execPath, CLI, ...args]);
  const child = spawn(cmd, rest, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      if (err.includes('listening on http') && (!grpc || err.includes('gRPC server listening'))) resolve();
    });
    child.once('exit', (code) => reject(new Error(`loadgen serve exited ${code}: ${err}`)));
  });
  return { url: `http://127.0.0.1:${port}`, grpcAddress: `127.0.0.1:${grpcPort}`, child };
}

/** netemWorks says whether the kernel has netem (tc qdisc ... netem), on a scratch veth pair. */
function netemWorks(): boolean {
  const name = `lgnetem${process.pid % 10000}`;
  const add = spawnSync('ip', ['link', 'add', `${name}a`, 'type', 'veth', 'peer', 'name', `${name}b`]);
  if (add.status !== 0) return false;
  try {
    return spawnSync('tc', ['qdisc', 'add', 'dev', `${name}a`, 'root', 'netem', 'delay', '1ms']).status === 0;
  } finally {
    spawnSync('ip', ['link', 'del', `${name}a`]);
  }
}

interface Statistic {
  name: string;
  a: number;
  b: number;
  diff: number;
  ci_low: number;
  ci_high: number;
  method: string;
}

/** compare runs a live `loadgen compare` on the generator core and returns its statistics. */
async function compare(label: string, a: string, b: string, load: string[]): Promise<Statistic[]> {
  const out = join(dir, `${label.replace(/\W+/g, '-')}.json`);
  const args = ['compare', '--a', a, '--b', b, '--rounds', String(ROUNDS), '--warmup', '2s', '--report', 'text', '--report', `json=${out}`, '--', ...load];
  const [cmd, ...rest] = pinned(GENERATOR_CPU, [process.execPath, CLI, ...args]);
  const { stdout } = await run(cmd, rest, { maxBuffer: 16 << 20 });
  console.log(`\n## ${label}: A = ${a}, B = ${b}\n\n${stdout}`);
  return (JSON.parse(readFileSync(out, 'utf8')) as { statistics: Statistic[] }).statistics;
}

const ms = (ns: number, signed = false) => `${signed && ns > 0 ? '+' : ''}${(ns / 1e6).toFixed(3)}`;

function summary(rows: ReadonlyArray<readonly [string, Statistic[]]>): void {
  console.log(`\n## Summary (${ROUNDS} rounds of ${SECONDS} s per side at ${RATE}/s, ms; B - A with its 95 % interval)\n`);
  console.log('| comparison | statistic | A | B | B - A | 95 % CI |');
  console.log('|---|---|---|---|---|---|');
  for (const [label, stats] of rows) {
    for (const s of stats.filter((x) => ['mean', 'p50', 'p90', 'p99'].includes(x.name))) {
      console.log(`| ${label} | ${s.name} | ${ms(s.a)} | ${ms(s.b)} | **${ms(s.diff, true)}** | [${ms(s.ci_low, true)}, ${ms(s.ci_high, true)}] |`);
    }
  }
}

async function main(): Promise<void> {
  const netem = netemWorks();
  console.log(`# bench/executor (${new Date().toISOString()}): control = ${netem ? 'netem is available, but this bench runs' : 'netem unavailable here (no sch_netem), so'} a second reference server with --latency +${KNOWN_DELAY_MS}ms`);
  const server = await serve(SERVER_LATENCY_MS, true);
  const slower = await serve(SERVER_LATENCY_MS + KNOWN_DELAY_MS, false);
  const nginx = await startNginx({ ...(PIN ? { cpu: Number(TARGET_CPU) } : {}), workers: 1, httpUpstream: server.url.slice('http://'.length), grpcUpstream: server.grpcAddress });
  const http = ['infer', '--model', 'iris', '--rate', String(RATE), '-d', `${SECONDS}s`, '--workers', '1'];
  const grpc = [...http, '--transport', 'grpc'];
  try {
    const rows: Array<readonly [string, Statistic[]]> = [];
    rows.push(['HTTP: direct vs nginx proxy_pass', await compare('HTTP: direct vs nginx proxy_pass', server.url, nginx.url, http)]);
    rows.push(['gRPC: direct vs nginx grpc_pass', await compare('gRPC: direct vs nginx grpc_pass', server.grpcAddress, nginx.grpcAddress, grpc)]);
    const control = await compare(`control: +${KNOWN_DELAY_MS} ms`, server.url, slower.url, http);
    rows.push([`control: +${KNOWN_DELAY_MS} ms known`, control]);
    summary(rows);
    for (const name of ['p50', 'mean']) {
      const s = control.find((x) => x.name === name)!;
      const within = s.ci_low <= KNOWN_DELAY_MS * 1e6 && s.ci_high >= KNOWN_DELAY_MS * 1e6;
      console.log(`\ncontrol ${name}: recovered ${ms(s.diff, true)} ms [${ms(s.ci_low, true)}, ${ms(s.ci_high, true)}] for a known +${KNOWN_DELAY_MS}.000 ms (${within ? 'interval covers it' : 'interval MISSES it'})`);
    }
  } finally {
    await nginx.stop();
    server.child.kill('SIGTERM');
    slower.child.kill('SIGTERM');
  }
}

await main();
