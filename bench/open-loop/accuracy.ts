/**
 * Open-loop accuracy: loadgen `attack --rate R --workers 1 --connections 64` on core 1 against
 * nginx on core 0, at each rate, for how close the sends keep to the schedule. (Without a cap the
 * open loop opens connections as needed; on a busy 2-core machine at 50k/s that ran into EMFILE
 * and nginx's 4096 connections, 88 % of requests failing, so the bench caps it as the c64 closed
 * loop does. With the cap a request waiting for a free connection counts as sent: the send
 * figures are the scheduler's, and "responses/s" shows whether the target kept up.)
 *
 * - Rate error: the achieved pace, (requests - 1) / (last send - first send) from the run record
 *   (`--result`), against R; and the first second's sends (the record's series, second 0) against
 *   the schedule's (hit i is due at (i + 1) / R, so second 0 holds ceil(R) - 1 of them).
 * - Send lateness: the record keeps no per-request lateness (the workers' SendLateness only feeds
 *   the live view's p99), so it comes from the per-request results stream of the same run
 *   (`--output FILE --output-format csv`: each line's actual send time and hit number):
 *   actual send - intended send ((hit + 1) / R after the run's start), p50/p99/max over the run
 *   and over its first second. Writing that stream costs loadgen CPU of its own, at 50k/s a few
 *   percent of its core, so these figures are, if anything, pessimistic.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { startNginx } from '../../test/helpers/nginx.js';
import { CLI, TARGET_CPU, pinned, scratchDir, type LoadgenJson } from '../lib/bench-env.js';

const dir = scratchDir('open-loop');
export const OPEN_LOOP_CONNECTIONS = 64;

export interface Lateness {
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

/** OpenLoopRun is one run at one rate. */
export interface OpenLoopRun {
  rate: number;
  requests: number;
  /** rateErrorPct is (achieved pace - rate) / rate, in %. */
  rateErrorPct: number;
  /** responseRate is responses per second from the first send to the last response. */
  responseRate: number;
  /** failedPct is the share of requests that failed, in %. */
  failedPct: number;
  /** firstSecondErrorPct is (sends in second 0 - the schedule's) / the schedule's, in %. */
  firstSecondErrorPct: number;
  lateness: Lateness;
  firstSecond: Lateness;
}

/** openLoopRun runs loadgen at rate for seconds against url and reads its record and results stream. */
export async function openLoopRun(url: string, rate: number, seconds: number): Promise<OpenLoopRun> {
  const record = join(dir, `record-${rate}.json`);
  const results = join(dir, `results-${rate}.csv`);
  const args = ['attack', '--url', url, '--rate', String(rate), '-d', `${seconds}s`, '--workers', '1', '--connections', String(OPEN_LOOP_CONNECTIONS), '--result', record, '--output', results, '--output-format', 'csv'];
  await pinned(process.execPath, [CLI, ...args]);
  const text = readFileSync(record, 'utf8');
  const json = JSON.parse(text) as LoadgenJson;
  // start_unix_ns exceeds 2^53: read its digits, not the parsed number.
  const startUnixNs = BigInt(/"start_unix_ns"\s*:\s*"?(\d+)/.exec(text)![1]);
  const pace = (json.requests - 1) / ((json.latest_ns - json.earliest_ns) / 1e9);
  const scheduledFirst = Math.ceil(rate) - 1;
  const firstSent = json.series.find((s) => s.second === 0)?.requests ?? 0;
  const { all, first } = await latenessOf(results, startUnixNs, rate);
  return {
    rate,
    requests: json.requests,
    rateErrorPct: ((pace - rate) / rate) * 100,
    responseRate: json.requests / ((json.end_ns - json.earliest_ns) / 1e9),
    failedPct: (json.failures / json.requests) * 100,
    firstSecondErrorPct: ((firstSent - scheduledFirst) / scheduledFirst) * 100,
    lateness: percentiles(all),
    firstSecond: percentiles(first),
  };
}

/** latenessOf reads a CSV results stream: each line's actual send minus its intended send, in µs (all, and the first second's). */
async function latenessOf(path: string, startUnixNs: bigint, rate: number): Promise<{ all: Float64Array; first: Float64Array }> {
  const all: number[] = [];
  const first: number[] = [];
  const intervalNs = 1e9 / rate;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (line === '') continue;
    const comma = line.indexOf(',');
    const sentNs = Number(BigInt(line.slice(0, comma)) - startUnixNs);
    // Columns: timestamp, code, latency, bytes out, bytes in, error, body, attack, seq, ...; the
    // bench's lines have an empty error, body and attack, so seq is the 9th comma-separated field.
    const hit = Number(line.split(',', 9)[8]);
    const intendedNs = (hit + 1) * intervalNs;
    const lateUs = Math.max(0, sentNs - intendedNs) / 1e3;
    all.push(lateUs);
    if (intendedNs < 1e9) first.push(lateUs);
  }
  return { all: Float64Array.from(all), first: Float64Array.from(first) };
}

function percentiles(xs: Float64Array): Lateness {
  if (xs.length === 0) return { p50Us: NaN, p99Us: NaN, maxUs: NaN };
  xs.sort();
  const at = (q: number) => xs[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)];
  return { p50Us: at(0.5), p99Us: at(0.99), maxUs: xs[xs.length - 1] };
}

/** openLoopAccuracy runs every rate rounds times (rates interleaved) against one nginx; runs per rate. */
export async function openLoopAccuracy(rates: readonly number[], seconds: number, rounds: number): Promise<Record<number, OpenLoopRun[]>> {
  const nginx = await startNginx({ cpu: Number(TARGET_CPU), workers: 1 });
  const runs: Record<number, OpenLoopRun[]> = Object.fromEntries(rates.map((r) => [r, []]));
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const rate of rates) {
        const r = await openLoopRun(`${nginx.url}/`, rate, seconds);
        runs[rate].push(r);
        console.log(
          `round ${round}  open loop ${String(rate).padStart(6)}/s  rate error ${r.rateErrorPct.toFixed(4)} %  ` +
            `responses ${r.responseRate.toFixed(0)}/s  failed ${r.failedPct.toFixed(2)} %  first second ${r.firstSecondErrorPct.toFixed(3)} %  ` +
            `lateness p50 ${r.lateness.p50Us.toFixed(0)} µs p99 ${r.lateness.p99Us.toFixed(0)} µs max ${r.lateness.maxUs.toFixed(0)} µs  ` +
            `(first second: p99 ${r.firstSecond.p99Us.toFixed(0)} µs max ${r.firstSecond.maxUs.toFixed(0)} µs)`,
        );
      }
    }
  } finally {
    await nginx.stop();
  }
  return runs;
}
