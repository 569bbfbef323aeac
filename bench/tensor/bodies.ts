/**
 * Large request bodies: a 600 KB V2 inference request (one FP32 tensor as JSON) POSTed in a
 * closed loop over 8 connections to nginx (core 0, `return 200`, which reads and discards the
 * body), loadgen `attack --method POST --body FILE` against wrk with a Lua script sending the same
 * bytes, both on core 1; rounds interleaved; requests/s and service-time p50.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startNginx } from '../../test/helpers/nginx.js';
import { TARGET_CPU, pinned, scratchDir } from '../lib/bench-env.js';
import { loadgenClosed, wrkMs, wrkRun } from '../http/http-bench.js';

export const BODY_BYTES = 600 * 1000;
export const BODY_CONNECTIONS = 8;
const dir = scratchDir('tensor');

/** tensorBody is a V2 inference request whose one FP32 tensor makes it BODY_BYTES long (padded with spaces to the byte). */
export function tensorBody(): string {
  const head = '{"inputs":[{"name":"input","datatype":"FP32","shape":[1,';
  const values: string[] = [];
  let size = head.length + 64;
  for (let i = 0; size < BODY_BYTES - 16; i++) {
    const v = ((i * 7919) % 1000) / 1000;
    const s = String(v);
    values.push(s);
    size += s.length + 1;
  }
  const text = `${head}${values.length}],"data":[${values.join(',')}]}]}`;
  return text + ' '.repeat(Math.max(0, BODY_BYTES - text.length));
}

export interface BodyRun {
  rps: number;
  p50Ms: number;
}

/** tensorBodies runs loadgen and wrk rounds times each, interleaved, against one nginx. */
export async function tensorBodies(seconds: number, rounds: number): Promise<Record<'loadgen' | 'wrk', BodyRun[]>> {
  const body = join(dir, 'tensor.json');
  writeFileSync(body, tensorBody());
  const script = join(dir, 'tensor.lua');
  writeFileSync(
    script,
    `local f = io.open("${body}", "rb")\nwrk.method = "POST"\nwrk.body = f:read("*a")\nf:close()\nwrk.headers["Content-Type"] = "application/json"\n`,
  );
  const nginx = await startNginx({ cpu: Number(TARGET_CPU), workers: 1 });
  const url = `${nginx.url}/`;
  const runs: Record<'loadgen' | 'wrk', BodyRun[]> = { loadgen: [], wrk: [] };
  try {
    for (let round = 1; round <= rounds; round++) {
      const args = ['attack', '--url', url, '--method', 'POST', '--body', body, '-H', 'Content-Type: application/json'];
      const l = (await loadgenClosed(args, BODY_CONNECTIONS, seconds)).json;
      if (l.failures > 0) throw new Error(`600 KB bodies: ${l.failures} of ${l.requests} loadgen requests failed`);
      if (l.bytes_out.total < l.requests * BODY_BYTES) throw new Error(`600 KB bodies: loadgen sent ${l.bytes_out.total} bytes for ${l.requests} requests`);
      runs.loadgen.push({ rps: l.rate, p50Ms: l.latency.service.p50_ns / 1e6 });
      const w = await pinned('wrk', ['-t1', `-c${BODY_CONNECTIONS}`, `-d${seconds}s`, '--latency', '-s', script, url]);
      if (/Non-2xx|Socket errors/.test(w)) throw new Error(`600 KB bodies: wrk saw errors:\n${w}`);
      runs.wrk.push({ rps: wrkRun(w, 1).rps, p50Ms: wrkMs(w, '50%') });
      const [a, b] = [runs.loadgen[round - 1], runs.wrk[round - 1]];
      console.log(`round ${round}  600 KB bodies  loadgen ${a.rps.toFixed(0)} req/s p50 ${a.p50Ms.toFixed(3)} ms | wrk ${b.rps.toFixed(0)} req/s p50 ${b.p50Ms.toFixed(3)} ms`);
    }
  } finally {
    await nginx.stop();
  }
  return runs;
}
