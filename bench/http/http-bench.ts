/**
 * bench/http's two measurements as functions, for bench/http/run.ts and bench/run-all.ts.
 *
 * 1. Throughput: nginx (one worker) pinned to core 0; each generator pinned to core 1 under
 *    /usr/bin/time; closed loop, 64 connections; rounds interleaved (loadgen, wrk, hey,
 *    autocannon, then again) so drift on a noisy machine hits every tool alike. Each run gives
 *    requests/s and requests per client CPU-second (whole process, start-up included).
 * 2. Latency added: the reference server holding every iris inference for exactly 10 ms on core
 *    0; loadgen and wrk POSTing the same request over 1 connection on core 1; p50 and p99.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { startNginx } from '../../test/helpers/nginx.js';
import { AUTOCANNON, CLI, GENERATOR_CPU, TARGET_CPU, pinned, readJson, scratchDir, timed, type LoadgenJson } from '../lib/bench-env.js';

export const CONNECTIONS = 64;
const dir = scratchDir('http');

/** loadgenClosed runs one closed-loop loadgen command on the generator core and returns its json report and CPU time. */
export async function loadgenClosed(args: string[], vus: number, seconds: number): Promise<{ json: LoadgenJson; cpuS: number }> {
  const out = join(dir, 'loadgen.json');
  const load = ['--vus', String(vus), '--connections', String(vus), '-d', `${seconds}s`, '--workers', '1', '--report', `json=${out}`];
  const { cpuS } = await timed(process.execPath, [CLI, ...args, ...load]);
  return { json: readJson<LoadgenJson>(out), cpuS };
}

/** A Run is one generator run: requests/s as the tool reports it, requests made and the client's CPU. */
export interface Run {
  rps: number;
  requests: number;
  cpuS: number;
}

/** wrkRun reads wrk's summary ("N requests in 10.00s", "Requests/sec: X"). */
export function wrkRun(out: string, cpuS: number): Run {
  const requests = Number(/(\d+) requests in/.exec(out)![1]);
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1]), requests, cpuS };
}

type Peer = (url: string, seconds: number) => Promise<Run>;

/** throughputPeers: each runs one closed loop of CONNECTIONS against url. */
export const throughputPeers: Record<string, Peer> = {
  loadgen: async (url, seconds) => {
    const { json, cpuS } = await loadgenClosed(['attack', '--url', url], CONNECTIONS, seconds);
    return { rps: json.rate, requests: json.requests, cpuS };
  },
  wrk: async (url, seconds) => {
    const { stdout, cpuS } = await timed('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, url]);
    return wrkRun(stdout, cpuS);
  },
  hey: async (url, seconds) => {
    const { stdout, cpuS } = await timed('hey', ['-z', `${seconds}s`, '-c', String(CONNECTIONS), url]);
    const requests = [...stdout.matchAll(/\[\d+\]\s+(\d+) responses/g)].reduce((n, m) => n + Number(m[1]), 0);
    return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)![1]), requests, cpuS };
  },
  autocannon: async (url, seconds) => {
    const { stdout, cpuS } = await timed(process.execPath, [AUTOCANNON, '-c', String(CONNECTIONS), '-d', String(seconds), '--json', url]);
    const j = JSON.parse(stdout) as { requests: { total: number }; duration: number };
    return { rps: j.requests.total / j.duration, requests: j.requests.total, cpuS };
  },
};

/** throughput runs every peer rounds times, interleaved, against one nginx; runs per peer in round order. */
export async function throughput(seconds: number, rounds: number): Promise<Record<string, Run[]>> {
  const nginx = await startNginx({ cpu: Number(TARGET_CPU), workers: 1 });
  const results: Record<string, Run[]> = Object.fromEntries(Object.keys(throughputPeers).map((k) => [k, []]));
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const [name, peer] of Object.entries(throughputPeers)) {
        const r = await peer(`${nginx.url}/`, seconds);
        results[name].push(r);
        console.log(`round ${round}  ${name.padEnd(11)} ${r.rps.toFixed(0).padStart(9)} req/s  ${(r.requests / r.cpuS).toFixed(0).padStart(9)} req per CPU-s`);
      }
    }
  } finally {
    await nginx.stop();
  }
  return results;
}

/** serveLatency starts `loadgen serve --latency` pinned to the target core; resolves with its URL and a stop. */
export async function serveLatency(latency: string): Promise<{ url: string; stop: () => void }> {
  const server = spawn('taskset', ['-c', TARGET_CPU, process.execPath, CLI, 'serve', '--port', '0', '--latency', latency], { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`loadgen serve exited (${code})`)));
    server.stderr.setEncoding('utf8').on('data', (d: string) => {
      const m = /listening on (\S+)/.exec(d);
      if (m) resolve(m[1]);
    });
  });
  return { url, stop: () => server.kill('SIGTERM') };
}

/** Percentiles are one run's service-time p50 and p99, in ms. */
export interface Percentiles {
  p50: number;
  p99: number;
}

/** latency measures loadgen and wrk at 1 connection against a server holding every answer 10 ms. */
export async function latency(seconds: number, rounds: number, warmupS = 3): Promise<Record<'loadgen' | 'wrk', Percentiles[]>> {
  const server = await serveLatency('10ms');
  // The same request for both tools: the iris inference, POSTed with the payload loadgen ships.
  const body = JSON.stringify({ inputs: [{ name: 'predict', shape: [1, 4], datatype: 'FP32', data: [0, 1, 2, 3] }] });
  const script = join(dir, 'iris.lua');
  writeFileSync(script, `wrk.method = "POST"\nwrk.body = '${body}'\nwrk.headers["Content-Type"] = "application/json"\n`);
  const target = `${server.url}/v2/models/iris/infer`;
  const rows: Record<'loadgen' | 'wrk', Percentiles[]> = { loadgen: [], wrk: [] };
  try {
    // Warm the server's JIT first, so round 1 does not measure a cold server for one tool only.
    await pinned('wrk', ['-t1', '-c1', `-d${warmupS}s`, '-s', script, target]);
    for (let round = 1; round <= rounds; round++) {
      const l = (await loadgenClosed(['infer', '--url', server.url, '--model', 'iris'], 1, seconds)).json;
      rows.loadgen.push({ p50: l.latency.service.p50_ns / 1e6, p99: l.latency.service.p99_ns / 1e6 });
      const w = await pinned('wrk', ['-t1', '-c1', `-d${seconds}s`, '--latency', '-s', script, target]);
      rows.wrk.push({ p50: wrkMs(w, '50%'), p99: wrkMs(w, '99%') });
      const [a, b] = [rows.loadgen[round - 1], rows.wrk[round - 1]];
      console.log(`round ${round}  loadgen p50 ${a.p50.toFixed(3)} ms p99 ${a.p99.toFixed(3)} ms | wrk p50 ${b.p50.toFixed(3)} ms p99 ${b.p99.toFixed(3)} ms`);
    }
  } finally {
    server.stop();
  }
  return rows;
}

/** wrkMs reads one percentile line of wrk --latency ("50%   10.21ms") in ms. */
export function wrkMs(out: string, label: string): number {
  const m = new RegExp(`${label}\\s+([\\d.]+)(us|ms|s)\\b`).exec(out)!;
  return Number(m[1]) * (m[2] === 'us' ? 1e-3 : m[2] === 's' ? 1e3 : 1);
}

export { GENERATOR_CPU, TARGET_CPU };
