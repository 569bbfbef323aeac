/**
 * bench/http: loadgen against its peers on one generator core (the measurements are in
 * http-bench.ts; bench/run-all.ts runs them too).
 *
 * Usage: npm run bench:http [-- --seconds 10 --rounds 3 --throughput-only | --latency-only]. Needs
 * nginx, wrk, hey (apt-get install -y nginx wrk hey), /usr/bin/time and autocannon (a dev
 * dependency). Run it alone on the machine.
 */
import { arg, median } from '../lib/bench-env.js';
import { CONNECTIONS, GENERATOR_CPU, TARGET_CPU, latency, throughput } from './http-bench.js';

const SECONDS = arg('seconds', 10);
const ROUNDS = arg('rounds', 3);
const fmt = (x: number) => x.toFixed(0).padStart(9);

async function printThroughput(): Promise<void> {
  const results = await throughput(SECONDS, ROUNDS);
  console.log(`\nThroughput: nginx on core ${TARGET_CPU}, generator on core ${GENERATOR_CPU}, closed loop, ${CONNECTIONS} connections, ${SECONDS}s x ${ROUNDS} rounds`);
  console.log(`${'tool'.padEnd(11)} ${'median'.padStart(9)}  rounds                          loadgen/tool  req per CPU-s  loadgen/tool`);
  const ours = median(results.loadgen.map((r) => r.rps));
  const oursCpu = median(results.loadgen.map((r) => r.requests / r.cpuS));
  for (const [name, runs] of Object.entries(results)) {
    const rps = median(runs.map((r) => r.rps));
    const perCpu = median(runs.map((r) => r.requests / r.cpuS));
    console.log(`${name.padEnd(11)} ${fmt(rps)}  ${runs.map((r) => fmt(r.rps)).join(' ')}   ${(ours / rps).toFixed(2)}x  ${fmt(perCpu)}  ${(oursCpu / perCpu).toFixed(2)}x`);
  }
}

async function printLatency(): Promise<void> {
  const rows = await latency(SECONDS, ROUNDS);
  const p = (name: 'loadgen' | 'wrk', k: 'p50' | 'p99') => median(rows[name].map((r) => r[k]));
  console.log(`\nLatency: server holds 10 ms (core ${TARGET_CPU}), 1 connection (core ${GENERATOR_CPU}), ${SECONDS}s x ${ROUNDS} rounds, medians`);
  console.log(`loadgen  p50 ${p('loadgen', 'p50').toFixed(3)} ms  p99 ${p('loadgen', 'p99').toFixed(3)} ms`);
  console.log(`wrk      p50 ${p('wrk', 'p50').toFixed(3)} ms  p99 ${p('wrk', 'p99').toFixed(3)} ms`);
  console.log(`loadgen - wrk: p50 ${(p('loadgen', 'p50') - p('wrk', 'p50')).toFixed(3)} ms, p99 ${(p('loadgen', 'p99') - p('wrk', 'p99')).toFixed(3)} ms`);
}

const only = process.argv.includes('--latency-only') ? 'latency' : process.argv.includes('--throughput-only') ? 'throughput' : 'both';
if (only !== 'latency') await printThroughput();
if (only !== 'throughput') await printLatency();
