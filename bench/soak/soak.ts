/**
 * bench/soak: loadgen held at a steady open-loop rate for minutes, to show that its memory stays
 * flat and that no result is lost over a long run. HTTP: `attack --rate 5000 --workers 2` against
 * nginx; gRPC: `grpc --rps 2000 -c 64 --workers 2` (ghz's command, which keeps the per-call log
 * ghz's reports need) against the reference gRPC server. Target on core 0, loadgen on core 1
 * (taskset), its VmRSS sampled every 10 s. Each run checks its counts exactly: the target served
 * what loadgen recorded, and recorded + dropped is the whole schedule (rate x duration).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { bundledProtoPath } from '../../src/grpc/bundled-protos.js';
import { CLI, GENERATOR_CPU, readJson, rssBytes, scratchDir, type LoadgenJson } from '../lib/bench-env.js';
import { startGrpcTarget, startNginxTarget, type SoakTarget } from './soak-targets.js';

export const SOAK_HTTP_RATE = 5000;
export const SOAK_GRPC_RATE = 2000;
/** SOAK_SAMPLE_S is the time between two RSS samples (s). */
export const SOAK_SAMPLE_S = 10;
const GRPC_CONCURRENCY = 64;

/** SoakKind names one soak: what it loads and how. */
interface SoakKind {
  readonly rateHz: number;
  start(): Promise<SoakTarget>;
  argv(address: string, seconds: number, record: string): string[];
}

const KINDS = {
  http: {
    rateHz: SOAK_HTTP_RATE,
    start: startNginxTarget,
    argv: (url, s, record) => ['attack', '--url', `${url}/`, '--rate', String(SOAK_HTTP_RATE), '-d', `${s}s`, '--workers', '2', '--result', record],
  },
  grpc: {
    rateHz: SOAK_GRPC_RATE,
    start: startGrpcTarget,
    argv: (address, s, record) => [
      'grpc', '--insecure', '--proto', bundledProtoPath('echo'), '--call', 'loadgen.echo.Echo/Unary', '-d', '{"text":"hello"}',
      '--rps', String(SOAK_GRPC_RATE), '-c', String(GRPC_CONCURRENCY), '-z', `${s}s`, '--workers', '2', '--result', record, address,
    ],
  },
} satisfies Record<string, SoakKind>;

export type SoakName = keyof typeof KINDS;

/** SoakRun is one soak's outcome. rssMb[i] is VmRSS (MB, 10^6 bytes) at (i + 1) * SOAK_SAMPLE_S seconds. */
export interface SoakRun {
  readonly seconds: number;
  readonly rateHz: number;
  /** schedule is rate x duration: every hit the open loop was to send. */
  readonly schedule: number;
  readonly recorded: number;
  readonly dropped: number;
  readonly failures: number;
  /** served is what the target counted, for recorded to match exactly. */
  readonly served: number;
  /** seriesTotal is the sum of the record's per-second counts. */
  readonly seriesTotal: number;
  /** achievedRate is recorded requests per second of the run (the record's `rate`). */
  readonly achievedRate: number;
  readonly peakRssMb: number | null;
  readonly rssMb: number[];
}

/** soak runs one soak for seconds and checks its counts (throws when a result went missing). */
export async function soak(name: SoakName, seconds: number): Promise<SoakRun> {
  const kind: SoakKind = KINDS[name];
  const target = await kind.start();
  const record = join(scratchDir('soak'), `${name}.json`);
  let rssMb: number[];
  let served: number;
  try {
    rssMb = await sampled([process.execPath, CLI, ...kind.argv(target.address, seconds, record)]);
  } finally {
    served = await target.stop();
  }
  const j = readJson<LoadgenJson>(record);
  const run: SoakRun = {
    seconds,
    rateHz: kind.rateHz,
    schedule: Math.round(kind.rateHz * seconds),
    recorded: j.requests,
    dropped: j.dropped,
    failures: j.failures,
    served,
    seriesTotal: j.series.reduce((n, s) => n + s.requests, 0),
    achievedRate: j.rate,
    peakRssMb: j.generator === undefined ? null : j.generator.peak_rss_bytes / 1e6,
    rssMb,
  };
  console.log(`soak ${name}: ${describe(run)}`);
  const problems = countProblems(run);
  if (problems.length > 0) throw new Error(`soak ${name}: ${problems.join('; ')}`);
  return run;
}

/** countProblems lists what does not add up in a run's counts (nothing when exact). */
export function countProblems(r: SoakRun): string[] {
  const out: string[] = [];
  if (r.recorded !== r.served) out.push(`loadgen recorded ${r.recorded} requests, the target served ${r.served}`);
  if (r.recorded + r.dropped !== r.schedule) out.push(`recorded ${r.recorded} + dropped ${r.dropped} != schedule ${r.schedule}`);
  if (r.seriesTotal !== r.recorded) out.push(`the per-second series adds up to ${r.seriesTotal}, not ${r.recorded}`);
  return out;
}

/** RssStats sums up an RSS series; growthPct is the end against minute 1 (the sample at 60 s). */
export interface RssStats {
  first: number;
  min: number;
  max: number;
  last: number;
  atMinute1: number;
  growthPct: number;
}

export function rssStats(rssMb: readonly number[]): RssStats {
  const atMinute1 = rssMb[Math.min(60 / SOAK_SAMPLE_S, rssMb.length) - 1] ?? NaN;
  const last = rssMb.at(-1) ?? NaN;
  return { first: rssMb[0] ?? NaN, min: Math.min(...rssMb), max: Math.max(...rssMb), last, atMinute1, growthPct: (last / atMinute1 - 1) * 100 };
}

function describe(r: SoakRun): string {
  const s = rssStats(r.rssMb);
  const counts = `${r.recorded} recorded, ${r.served} served, ${r.dropped} dropped, ${r.failures} failed of ${r.schedule} scheduled; ${r.achievedRate.toFixed(1)}/s`;
  const rss = `RSS MB first ${s.first.toFixed(1)} min ${s.min.toFixed(1)} max ${s.max.toFixed(1)} last ${s.last.toFixed(1)}, minute 1 -> end ${s.growthPct >= 0 ? '+' : ''}${s.growthPct.toFixed(1)} %`;
  return `${counts}\n  ${rss}\n  every ${SOAK_SAMPLE_S} s: ${r.rssMb.map((x) => x.toFixed(0)).join(' ')}`;
}

/** sampled runs argv on the generator core and samples its VmRSS every SOAK_SAMPLE_S until it exits. */
async function sampled(argv: string[]): Promise<number[]> {
  // taskset execs node, so the child's pid is loadgen's.
  const child = spawn('taskset', ['-c', GENERATOR_CPU, ...argv], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  const samples: number[] = [];
  const timer = setInterval(() => {
    const rss = rssBytes(child.pid!);
    if (rss !== null) samples.push(rss / 1e6);
  }, SOAK_SAMPLE_S * 1000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearInterval(timer);
  if (code !== 0) throw new Error(`loadgen exited ${code}: ${stderr}`);
  return samples;
}
