/**
 * Where the CPU of a request goes (issue 13): bench/http's c64 closed loop against nginx (core 0),
 * loadgen on core 1 with `--cpu-prof`, and a reading of the worker thread's profile: its busy
 * time (idle excluded) by function and by part of the request's path, in µs per request, beside
 * the process's user and system CPU per request from /usr/bin/time (system time is mostly the
 * kernel's loopback TCP, which wrk pays alike). `npm run build && node dist/bench/http/profile.js
 * [--seconds 8] [--top 25]`. The profile samples wall time: run it on a quiet machine.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startNginx } from '../../test/helpers/nginx.js';
import { CLI, arg, run, scratchDir } from '../lib/bench-env.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** PARTS name the request's path by the functions a sample's own time is in (first match wins). */
const PARTS: Array<[part: string, test: (fn: string, file: string) => boolean]> = [
  ['socket write (native, incl. the syscall)', (fn) => fn === 'writeBuffer' || fn === 'writev' || fn === 'writeLatin1String'],
  ['socket read path (stream, callbacks)', (fn, file) => /stream_base_commons|readable|^net$/.test(file) || fn === 'onStreamRead'],
  ['write path (Writable machinery)', (_fn, file) => /writable|stream_base/.test(file)],
  ['garbage collection', (fn) => fn === '(garbage collector)'],
  ['native, outside JS', (fn) => fn === '(program)'],
  ['response parsing', (fn) => /parseHead|readHead|execute|readLine|findHeader/.test(fn)],
  ['recording (histograms, recorder)', (fn) => /record|CountsArray|BucketIndex|secondOf|countError/.test(fn)],
  ['loadgen: dispatch, exchanges, timers', (_fn, file) => /worker\.js|chunk-/.test(file)],
];

function partOf(fn: string, file: string): string {
  for (const [part, test] of PARTS) if (test(fn, file)) return part;
  return 'other (node internals)';
}

/** busyTimes sums each function's own time (µs) in a profile, idle excluded. */
function busyTimes(p: CpuProfile): { byFunction: Map<string, number>; byPart: Map<string, number>; busyUs: number } {
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byPart = new Map<string, number>();
  let busyUs = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const cf = nodes.get(p.samples[i])!.callFrame;
    // piscina's atomicsWaitLoop blocks in Atomics.wait between tasks: waiting, not CPU.
    if (cf.functionName === '(idle)' || cf.functionName === 'atomicsWaitLoop') continue;
    const dt = p.timeDeltas[i];
    const file = cf.url.split('/').pop() ?? '';
    const fn = cf.functionName || '(anonymous)';
    byFunction.set(`${fn} ${file}:${cf.lineNumber}`, (byFunction.get(`${fn} ${file}:${cf.lineNumber}`) ?? 0) + dt);
    const part = partOf(fn, file);
    byPart.set(part, (byPart.get(part) ?? 0) + dt);
    busyUs += dt;
  }
  return { byFunction, byPart, busyUs };
}

const seconds = arg('seconds', 8);
const top = arg('top', 25);
const dir = scratchDir('profile');
const nginx = await startNginx({ cpu: 0, workers: 1 });
try {
  const report = join(dir, 'r.json');
  const load = ['--url', `${nginx.url}/`, '--vus', '64', '--connections', '64', '-d', `${seconds}s`, '--workers', '1', '--quiet', '--report', `json=${report}`];
  const { stderr } = await run('taskset', ['-c', '1', '/usr/bin/time', '-f', 'bench-cpu %U %S', process.execPath, '--cpu-prof', `--cpu-prof-dir=${dir}`, CLI, 'attack', ...load]);
  const [user, sys] = /bench-cpu ([\d.]+) ([\d.]+)/.exec(stderr)!.slice(1).map(Number);
  const requests = (JSON.parse(readFileSync(report, 'utf8')) as { requests: number }).requests;
  // The worker is the thread with the most busy time.
  const profiles = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => busyTimes(JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile));
  const worker = profiles.sort((a, b) => b.busyUs - a.busyUs)[0];
  const perReq = (us: number) => (us / requests).toFixed(2);
  console.log(`c64 closed loop, ${seconds} s: ${requests} requests (${(requests / seconds).toFixed(0)}/s)`);
  console.log(`process CPU per request: user ${perReq(user * 1e6)} µs, system ${perReq(sys * 1e6)} µs; worker thread busy ${perReq(worker.busyUs)} µs (profile)`);
  console.log('\n| part of the path | µs/request | share of the worker |\n|---|---|---|');
  for (const [part, us] of [...worker.byPart].sort((a, b) => b[1] - a[1])) console.log(`| ${part} | ${perReq(us)} | ${((100 * us) / worker.busyUs).toFixed(1)} % |`);
  console.log(`\n| function (own time) | µs/request | share |\n|---|---|---|`);
  for (const [fn, us] of [...worker.byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`| ${fn} | ${perReq(us)} | ${((100 * us) / worker.busyUs).toFixed(1)} % |`);
} finally {
  await nginx.stop();
}
