/**
 * bench/grpc: loadgen's gRPC client against a plain grpc-js client loop and h2load, on one
 * generator core.
 *
 * The reference gRPC server (grpc-js, bench/grpc/server.ts) is pinned to core 0; each generator
 * runs pinned to core 1 under `/usr/bin/time`; closed loop, 64 calls in flight on one HTTP/2
 * connection, unary loadgen.echo.Echo/Unary with {text:"hello"}, 10 s; rounds interleaved
 * (loadgen, grpc-js loop, h2load, then again) so drift on a noisy machine hits every tool alike.
 * The generators:
 * - loadgen: `loadgen grpc -c 64 -z 10s --workers 1` (its lean HTTP/2 client, src/transports/h2);
 * - grpc-js: bench/grpc/grpc-js-loop.ts, 64 users calling `makeUnaryRequest` with a message
 *   serialized once (identity serializers), on one channel;
 * - h2load: the native reference, POSTing a pre-framed request (5-byte prefix + message) with
 *   `content-type: application/grpc` and `te: trailers`, `-c 1 -m 64`.
 *
 * After a 3 s warm-up of the server (h2load), it measures each tool's fixed client CPU per run
 * (startup, connecting, exit: one batch of 64 calls, median of 3). Per round it prints calls/s
 * (each tool's own figure), the generator's CPU time (user + system of the whole process and its
 * threads, from /usr/bin/time), calls per client CPU-second, both whole-process and net of the
 * fixed CPU (the steady-state cost of a call; loadgen's fixed cost, ~0.6 s of CPU, is several
 * percent of a 10 s run), how busy the server's core was, and what other processes took of either
 * core (a noisy machine shows there, and the summary says so). The grpc-js server saturates its
 * core at ~20-27k calls/s; when it does, calls/s compares servers, not clients, the summary says
 * so, and calls per client CPU-second is the figure to compare. The summary gives medians over
 * rounds and loadgen's ratios to the grpc-js loop and to h2load.
 *
 * The measurement is grpcBench (bench/grpc/run.ts prints it, bench/run-all.ts tabulates it).
 * Needs h2load (apt-get install -y nghttp2-client) and /usr/bin/time (apt-get install -y time).
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:http2';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledProtoPath } from '../../src/grpc/bundled-protos.js';
import { loadGrpcMethod } from '../../src/grpc/grpc-method.js';
import { frameMessage } from '../../src/transports/grpc/grpc-wire.js';
import { CLI, GENERATOR_CPU, TARGET_CPU, coreBusyS, cpuTicksS, median, scratchDir, timed } from '../lib/bench-env.js';

const SERVER = fileURLToPath(new URL('./server.js', import.meta.url));
const GRPC_JS_LOOP = fileURLToPath(new URL('./grpc-js-loop.js', import.meta.url));
export const CONCURRENCY = 64;
const CALL = 'loadgen.echo.Echo/Unary';
const MESSAGE = { text: 'hello' };
/** SATURATED is the share of a core above which the server, not the client, sets calls/s. */
const SATURATED = 0.9;

const dir = scratchDir('grpc');

/** One generator run: calls made, calls/s as the tool reports it, and its client CPU time. */
export interface Sample {
  calls: number;
  rate: number;
  /** durationS is the tool's measured interval, over which rate is computed (s). */
  durationS: number;
  /** cpuS is the generator process's user + system CPU, startup included (s). */
  cpuS: number;
}

interface LoadgenJson {
  requests: number;
  failures: number;
  rate: number;
  duration_ns: number;
}

/**
 * loadgenKinds are loadgen's gRPC client kinds, each the extra flags that select it: the lean
 * HTTP/2 client (the default) and @grpc/grpc-js.
 */
export const loadgenKinds: Record<string, string[]> = {
  loadgen: [],
  'loadgen-grpcjs': ['--grpc-client', 'grpc-js'],
};

/**
 * A Peer runs one generator for seconds against address; seconds 0 makes one batch of
 * CONCURRENCY calls and exits, which measures the tool's fixed cost (startup, connecting, exit).
 */
type Peer = (address: string, seconds: number) => Promise<Sample>;

function loadgenPeer(extra: string[]): Peer {
  return async (address, seconds) => {
    const out = join(dir, 'loadgen.json');
    const args = ['grpc', '--insecure', '--proto', bundledProtoPath('echo'), '--call', CALL, '-d', JSON.stringify(MESSAGE)];
    const length = seconds > 0 ? ['-z', `${seconds}s`] : ['-n', String(CONCURRENCY)];
    const load = ['-c', String(CONCURRENCY), ...length, '--workers', '1', '-O', 'lg-json', '-o', out];
    const { cpuS } = await timed(process.execPath, [CLI, ...args, ...load, ...extra, address]);
    const j = JSON.parse(readFileSync(out, 'utf8')) as LoadgenJson;
    if (j.failures > 0) throw new Error(`loadgen: ${j.failures} of ${j.requests} calls failed`);
    return { calls: j.requests, rate: j.rate, durationS: j.duration_ns / 1e9, cpuS };
  };
}

const grpcJsLoop: Peer = async (address, seconds) => {
  const { stdout, cpuS } = await timed(process.execPath, [GRPC_JS_LOOP, '--target', address, '--seconds', String(seconds), '--concurrency', String(CONCURRENCY)]);
  const j = JSON.parse(stdout) as { calls: number; errors: number; duration_ns: number; rate: number };
  if (j.errors > 0) throw new Error(`grpc-js loop: ${j.errors} of ${j.calls} calls failed`);
  return { calls: j.calls, rate: j.rate, durationS: j.duration_ns / 1e9, cpuS };
};

function h2loadPeer(frame: string): Peer {
  return async (address, seconds) => {
    const headers = ['-H', 'content-type: application/grpc', '-H', 'te: trailers'];
    const length = seconds > 0 ? ['-D', String(seconds)] : ['-n', String(CONCURRENCY)];
    const { stdout, cpuS } = await timed('h2load', [...length, '-c', '1', '-t', '1', '-m', String(CONCURRENCY), ...headers, '-d', frame, `http://${address}/${CALL}`]);
    const finished = /finished in ([\d.]+)(us|ms|s), ([\d.]+) req\/s/.exec(stdout);
    const counts = /requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed, (\d+) errored/.exec(stdout);
    if (finished === null || counts === null) throw new Error(`h2load: unexpected output:\n${stdout}`);
    if (Number(counts[2]) + Number(counts[3]) > 0) throw new Error(`h2load: calls failed:\n${stdout}`);
    const durationS = Number(finished[1]) * (finished[2] === 'us' ? 1e-6 : finished[2] === 'ms' ? 1e-3 : 1);
    return { calls: Number(counts[1]), rate: Number(finished[3]), durationS, cpuS };
  };
}

/** startServer starts the reference gRPC server pinned to the target core. */
async function startServer(): Promise<{ address: string; pid: number; stop: () => Promise<void> }> {
  // taskset execs node, so the child's pid is the server's.
  const server = spawn('taskset', ['-c', TARGET_CPU, process.execPath, SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const address = await new Promise<string>((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`the reference gRPC server exited (${code})`)));
    server.stdout.setEncoding('utf8').on('data', (d: string) => {
      const m = /listening on (\S+)/.exec(d);
      if (m) resolve(m[1]);
    });
  });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  return {
    address,
    pid: server.pid!,
    stop: () => {
      server.kill('SIGTERM');
      return exited;
    },
  };
}

/** checkFrame sends frame once over node:http2 as h2load will and checks the server answers grpc-status 0. */
async function checkFrame(address: string, frame: Buffer): Promise<void> {
  const session = connect(`http://${address}`);
  try {
    const status = await new Promise<string | undefined>((resolve, reject) => {
      const req = session.request({ ':method': 'POST', ':path': `/${CALL}`, 'content-type': 'application/grpc', te: 'trailers' });
      let headerStatus: string | undefined;
      req.on('response', (h) => (headerStatus = h['grpc-status'] as string | undefined));
      req.on('trailers', (t) => resolve(t['grpc-status'] as string | undefined));
      req.on('end', () => resolve(headerStatus));
      req.on('error', reject);
      req.resume();
      req.end(frame);
    });
    if (status !== '0') throw new Error(`the pre-framed request got grpc-status ${status}, not 0`);
  } finally {
    session.close();
  }
}

const fmt = (x: number, w = 9) => x.toFixed(0).padStart(w);
const pct = (x: number) => `${(x * 100).toFixed(0).padStart(3)}%`;

export interface Row extends Sample {
  /** startupS is the tool's fixed client CPU per run (startup, connect, exit), measured before the rounds (s). */
  startupS: number;
  /** serverBusy is the server's CPU over the tool's measured interval, as a share of one core. */
  serverBusy: number;
  /** others is the CPU other processes took on the server and the generator core while the tool ran, as shares of a core. */
  others: [number, number];
}

/** GrpcOptions: seconds per run, interleaved rounds, the server warm-up, and runs of one batch per fixed-CPU probe. */
export interface GrpcOptions {
  seconds: number;
  rounds: number;
  warmupS?: number;
  probes?: number;
}

/** grpcBench runs every peer in interleaved rounds against one server and returns each peer's rows, in round order. */
export async function grpcBench({ seconds, rounds, warmupS = 3, probes = 3 }: GrpcOptions): Promise<Record<string, Row[]>> {
  const method = loadGrpcMethod({ proto: bundledProtoPath('echo'), call: CALL });
  const frameBytes = frameMessage(method.encodeRequest(MESSAGE));
  const frame = join(dir, 'frame.bin');
  writeFileSync(frame, frameBytes);

  const peers: Record<string, Peer> = {
    ...Object.fromEntries(Object.entries(loadgenKinds).map(([name, extra]) => [name, loadgenPeer(extra)])),
    'grpc-js': grpcJsLoop,
    h2load: h2loadPeer(frame),
  };
  const rows: Record<string, Row[]> = Object.fromEntries(Object.keys(peers).map((k) => [k, []]));
  const startup: Record<string, number> = {};
  const server = await startServer();
  try {
    await checkFrame(server.address, frameBytes);
    // Warm the server's JIT first, so round 1 does not measure a cold server for one tool only.
    await peers.h2load(server.address, warmupS);
    // Each tool's fixed CPU cost (startup, connecting, exit): the median of `probes` runs of one batch of calls.
    for (const [name, peer] of Object.entries(peers)) {
      const cpu: number[] = [];
      for (let i = 0; i < probes; i++) cpu.push((await peer(server.address, 0)).cpuS);
      startup[name] = median(cpu);
    }
    console.log(`fixed client CPU per run (startup, connect, exit): ${Object.entries(startup).map(([n, c]) => `${n} ${c.toFixed(2)} s`).join(', ')}`);
    for (let round = 1; round <= rounds; round++) {
      for (const [name, peer] of Object.entries(peers)) {
        const serverBefore = cpuTicksS(server.pid);
        const coresBefore = coreBusyS();
        const t0 = performance.now();
        const s = await peer(server.address, seconds);
        const wallS = (performance.now() - t0) / 1e3;
        const serverS = cpuTicksS(server.pid) - serverBefore;
        const cores = coreBusyS();
        const others: [number, number] = [
          Math.max(0, cores[Number(TARGET_CPU)] - coresBefore[Number(TARGET_CPU)] - serverS) / wallS,
          Math.max(0, cores[Number(GENERATOR_CPU)] - coresBefore[Number(GENERATOR_CPU)] - s.cpuS) / wallS,
        ];
        const row: Row = { ...s, startupS: startup[name], serverBusy: serverS / s.durationS, others };
        rows[name].push(row);
        console.log(
          `round ${round}  ${name.padEnd(9)} ${fmt(s.rate)} calls/s  client CPU ${s.cpuS.toFixed(2).padStart(5)} s  ` +
            `calls/CPU-s ${fmt(perCpu(row))} (net of fixed ${fmt(perCpuNet(row))})  server core ${pct(row.serverBusy)}  ` +
            `other processes: core ${TARGET_CPU} ${pct(others[0])}, core ${GENERATOR_CPU} ${pct(others[1])}`,
        );
      }
    }
  } finally {
    await server.stop();
  }
  return rows;
}

/** perCpu is calls per second of the generator's whole-process CPU. */
export const perCpu = (r: Row) => r.calls / r.cpuS;
/** perCpuNet leaves the tool's fixed CPU cost (startup, connect, exit) out: the steady-state cost of a call. */
export const perCpuNet = (r: Row) => r.calls / Math.max(r.cpuS - r.startupS, 0.01);

/** summary prints the medians over rounds and loadgen's ratios to the peers. */
export function summary(rows: Record<string, Row[]>, seconds: number, rounds: number): void {
  const m = (name: string, f: (r: Row) => number) => median(rows[name].map(f));
  console.log(
    `\ngRPC unary: reference server (grpc-js) on core ${TARGET_CPU}, generator on core ${GENERATOR_CPU}, closed loop, ` +
      `${CONCURRENCY} calls in flight on 1 connection, ${seconds}s x ${rounds} rounds, medians`,
  );
  console.log("calls/CPU-s: calls per second of client CPU (whole process); net: with each tool's fixed CPU per run left out (client core too)");
  console.log(`${'tool'.padEnd(9)} ${'calls/s'.padStart(9)} ${'calls/CPU-s'.padStart(11)} ${'net'.padStart(9)} ${'client core'.padStart(11)} ${'server core'.padStart(11)}   net calls/CPU-s by round`);
  for (const name of Object.keys(rows)) {
    console.log(
      `${name.padEnd(9)} ${fmt(m(name, (r) => r.rate))} ${fmt(m(name, perCpu), 11)} ${fmt(m(name, perCpuNet))} ` +
        `${pct(m(name, (r) => (r.cpuS - r.startupS) / r.durationS)).padStart(11)} ${pct(m(name, (r) => r.serverBusy)).padStart(11)}   ` +
        rows[name].map((r) => fmt(perCpuNet(r), 7)).join(' '),
    );
  }
  const saturated = Object.keys(rows).filter((name) => m(name, (r) => r.serverBusy) >= SATURATED);
  if (saturated.length > 0) {
    console.log(
      `\nThe server core was saturated (>= ${pct(SATURATED).trim()} busy) under ${saturated.join(', ')}: there calls/s measures the ` +
        `server, not the client; compare calls per client CPU-second.`,
    );
  }
  const busy = Object.values(rows)
    .flat()
    .map((r) => Math.max(...r.others));
  if (median(busy) >= 0.05) {
    console.log(
      `\nOther processes took ${pct(median(busy)).trim()} of a benchmark core (median over runs, up to ${pct(Math.max(...busy)).trim()}): ` +
        `the machine was not quiet, so these figures are low and noisy; rerun it alone.`,
    );
  }
  console.log('');
  for (const kind of Object.keys(loadgenKinds)) {
    for (const peer of ['grpc-js', 'h2load']) {
      console.log(
        `${kind} / ${peer.padEnd(7)}  calls/s ${(m(kind, (r) => r.rate) / m(peer, (r) => r.rate)).toFixed(2)}x   ` +
          `calls per client CPU-s ${(m(kind, perCpu) / m(peer, perCpu)).toFixed(2)}x (net ${(m(kind, perCpuNet) / m(peer, perCpuNet)).toFixed(2)}x)`,
      );
    }
    for (const [label, f] of [['whole process', perCpu], ['net of fixed CPU', perCpuNet]] as const) {
      const ours = m(kind, f);
      const loop = m('grpc-js', f);
      const met = ours >= 2 * loop && ours >= 20_000;
      console.log(
        `${kind} calls per client CPU-s, ${label}: ${ours.toFixed(0)}; target >= 2x the grpc-js loop (${(2 * loop).toFixed(0)}) and >= 20000: ${met ? 'met' : 'NOT met'}`,
      );
    }
  }
}

