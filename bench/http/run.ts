/**
 * bench/http: loadgen against its peers on one generator core.
 *
 * 1. Throughput: nginx (one worker) pinned to core 0; each generator pinned to core 1 with taskset;
 *    closed loop, 64 connections, 10 s; rounds interleaved (loadgen, wrk, hey, autocannon, then
 *    again) so drift on a noisy machine hits every tool alike. Prints requests/s per round, the
 *    medians, and loadgen's ratio to each peer.
 * 2. Latency added: the reference server holding every iris inference for exactly 10 ms on core
 *    0; loadgen and wrk POSTing the same request over 1 connection on core 1; p50 and p99.
 *
 * Usage: npm run bench:http [-- --seconds 10 --rounds 3]. Needs nginx, wrk, hey (apt-get install
 * -y nginx wrk hey) and autocannon (a dev dependency). Run it alone on the machine.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startNginx } from '../../test/helpers/nginx.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../bundle/main.js', import.meta.url));
const AUTOCANNON = fileURLToPath(new URL('../../../node_modules/autocannon/autocannon.js', import.meta.url));
const GENERATOR_CPU = '1';
const TARGET_CPU = 0;
const CONNECTIONS = 64;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}
const SECONDS = arg('seconds', 10);
const ROUNDS = arg('rounds', 3);
const dir = mkdtempSync(join(tmpdir(), 'loadgen-bench-'));

async function pinned(cmd: string, args: string[]): Promise<string> {
  const { stdout } = await run('taskset', ['-c', GENERATOR_CPU, cmd, ...args], { maxBuffer: 64 << 20 });
  return stdout;
}

interface LoadgenJson {
  requests: number;
  rate: number;
  duration_ns: number;
  latency: { service: { p50_ns: number; p99_ns: number } };
}

/** loadgen runs one closed-loop loadgen command on the generator core and returns its json report. */
async function loadgen(args: string[], vus: number): Promise<LoadgenJson> {
  const out = join(dir, 'loadgen.json');
  const load = ['--vus', String(vus), '--connections', String(vus), '-d', `${SECONDS}s`, '--workers', '1', '--report', `json=${out}`];
  await pinned(process.execPath, [CLI, ...args, ...load]);
  return JSON.parse(readFileSync(out, 'utf8')) as LoadgenJson;
}

/** Each throughput peer returns requests per second. */
const throughputPeers: Record<string, (url: string) => Promise<number>> = {
  loadgen: async (url) => (await loadgen(['attack', '--url', url], CONNECTIONS)).rate,
  wrk: async (url) => Number(/Requests\/sec:\s+([\d.]+)/.exec(await pinned('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${SECONDS}s`, url]))![1]),
  hey: async (url) => Number(/Requests\/sec:\s+([\d.]+)/.exec(await pinned('hey', ['-z', `${SECONDS}s`, '-c', String(CONNECTIONS), url]))![1]),
  autocannon: async (url) => {
    const j = JSON.parse(await pinned(process.execPath, [AUTOCANNON, '-c', String(CONNECTIONS), '-d', String(SECONDS), '--json', url])) as { requests: { total: number }; duration: number };
    return j.requests.total / j.duration;
  },
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x: number) => x.toFixed(0).padStart(9);

async function throughput(): Promise<void> {
  const nginx = await startNginx({ cpu: TARGET_CPU, workers: 1 });
  const results: Record<string, number[]> = Object.fromEntries(Object.keys(throughputPeers).map((k) => [k, []]));
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, peer] of Object.entries(throughputPeers)) {
        const rps = await peer(`${nginx.url}/`);
        results[name].push(rps);
        console.log(`round ${round}  ${name.padEnd(11)} ${fmt(rps)} req/s`);
      }
    }
  } finally {
    await nginx.stop();
  }
  console.log(`\nThroughput: nginx on core ${TARGET_CPU}, generator on core ${GENERATOR_CPU}, closed loop, ${CONNECTIONS} connections, ${SECONDS}s x ${ROUNDS} rounds`);
  console.log(`${'tool'.padEnd(11)} ${'median'.padStart(9)}  rounds                          loadgen/tool`);
  const ours = median(results.loadgen);
  for (const [name, xs] of Object.entries(results)) {
    console.log(`${name.padEnd(11)} ${fmt(median(xs))}  ${xs.map(fmt).join(' ')}   ${(ours / median(xs)).toFixed(2)}x`);
  }
}

async function latency(): Promise<void> {
  const server = spawn('taskset', ['-c', String(TARGET_CPU), process.execPath, CLI, 'serve', '--port', '0', '--latency', '10ms'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = await new Promise<string>((resolve) => {
    server.stderr.setEncoding('utf8').on('data', (d: string) => {
      const m = /listening on (\S+)/.exec(d);
      if (m) resolve(m[1]);
    });
  });
  // The same request for both tools: the iris inference, POSTed with the payload loadgen ships.
  const body = JSON.stringify({ inputs: [{ name: 'predict', shape: [1, 4], datatype: 'FP32', data: [0, 1, 2, 3] }] });
  const script = join(dir, 'iris.lua');
  writeFileSync(script, `wrk.method = "POST"\nwrk.body = '${body}'\nwrk.headers["Content-Type"] = "application/json"\n`);
  const target = `${url}/v2/models/iris/infer`;
  const rows: Record<string, Array<[number, number]>> = { loadgen: [], wrk: [] };
  try {
    // Warm the server's JIT first, so round 1 does not measure a cold server for one tool only.
    await pinned('wrk', ['-t1', '-c1', '-d3s', '-s', script, target]);
    for (let round = 1; round <= ROUNDS; round++) {
      const l = await loadgen(['infer', '--url', url, '--model', 'iris'], 1);
      rows.loadgen.push([l.latency.service.p50_ns / 1e6, l.latency.service.p99_ns / 1e6]);
      const w = await pinned('wrk', ['-t1', '-c1', `-d${SECONDS}s`, '--latency', '-s', script, target]);
      rows.wrk.push([wrkMs(w, '50%'), wrkMs(w, '99%')]);
      console.log(`round ${round}  loadgen p50 ${rows.loadgen[round - 1][0].toFixed(3)} ms p99 ${rows.loadgen[round - 1][1].toFixed(3)} ms | wrk p50 ${rows.wrk[round - 1][0].toFixed(3)} ms p99 ${rows.wrk[round - 1][1].toFixed(3)} ms`);
    }
  } finally {
    server.kill('SIGTERM');
  }
  const p = (name: string, i: 0 | 1) => median(rows[name].map((r) => r[i]));
  console.log(`\nLatency: server holds 10 ms (core ${TARGET_CPU}), 1 connection (core ${GENERATOR_CPU}), ${SECONDS}s x ${ROUNDS} rounds, medians`);
  console.log(`loadgen  p50 ${p('loadgen', 0).toFixed(3)} ms  p99 ${p('loadgen', 1).toFixed(3)} ms`);
  console.log(`wrk      p50 ${p('wrk', 0).toFixed(3)} ms  p99 ${p('wrk', 1).toFixed(3)} ms`);
  console.log(`loadgen - wrk: p50 ${(p('loadgen', 0) - p('wrk', 0)).toFixed(3)} ms, p99 ${(p('loadgen', 1) - p('wrk', 1)).toFixed(3)} ms`);
}

/** wrkMs reads one percentile line of wrk --latency ("50%   10.21ms") in ms. */
function wrkMs(out: string, label: string): number {
  const m = new RegExp(`${label.replace('%', '%')}\\s+([\\d.]+)(us|ms|s)`).exec(out)!;
  return Number(m[1]) * (m[2] === 'us' ? 1e-3 : m[2] === 's' ? 1e3 : 1);
}

const only = process.argv.includes('--latency-only') ? 'latency' : process.argv.includes('--throughput-only') ? 'throughput' : 'both';
if (only !== 'latency') await throughput();
if (only !== 'throughput') await latency();
