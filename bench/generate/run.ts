/**
 * bench/generate: how many streams and streamed tokens per second one generator core sustains.
 * The reference LLM server (`serve --llm --ttft 0 --itl 0`: every token due at once) runs pinned
 * to core 0, `loadgen generate` (one worker, closed loop) pinned to core 1; prints streams/s,
 * output tokens/s and TTFT/ITL p50 per round, then the medians.
 *
 * Usage: npm run bench:generate [-- --seconds 10 --rounds 3 --vus 64 --tokens 256]. Needs taskset.
 * Run it alone on the machine: the figures are CPU-bound.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../bundle/main.js', import.meta.url));
const PORT = 18_555;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}
const SECONDS = arg('seconds', 10);
const ROUNDS = arg('rounds', 3);
const VUS = arg('vus', 64);
const TOKENS = arg('tokens', 256);
const dir = mkdtempSync(join(tmpdir(), 'loadgen-bench-generate-'));

interface Record {
  llm: { requests: number; output_tokens: number; requests_per_sec: number; output_tokens_per_sec: number; ttft: { p50_ns: number }; itl: { p50_ns: number } };
}

async function startServer(): Promise<() => void> {
  const child = spawn('taskset', ['-c', '0', process.execPath, CLI, 'serve', '--llm', '--port', String(PORT), '--ttft', '0', '--itl', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (d: string) => d.includes('listening') && resolve());
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return () => child.kill('SIGTERM');
}

async function round(i: number): Promise<Record['llm']> {
  const out = join(dir, `r${i}.json`);
  const args = ['generate', '--quiet', '--url', `http://127.0.0.1:${PORT}`, '--vus', String(VUS), '--connections', String(VUS), '--workers', '1'];
  args.push('-d', `${SECONDS}s`, '--output-tokens', String(TOKENS), '--input-tokens', '16', '--result', out);
  await run('taskset', ['-c', '1', process.execPath, CLI, ...args], { maxBuffer: 16 << 20 });
  return (JSON.parse(readFileSync(out, 'utf8')) as Record).llm;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const stop = await startServer();
try {
  const rounds: Array<Record['llm']> = [];
  for (let i = 0; i < ROUNDS; i++) {
    const l = await round(i);
    rounds.push(l);
    console.log(
      `round ${i + 1}: ${l.requests_per_sec.toFixed(1)} streams/s, ${l.output_tokens_per_sec.toFixed(0)} tokens/s, TTFT p50 ${(l.ttft.p50_ns / 1e6).toFixed(3)} ms, ITL p50 ${(l.itl.p50_ns / 1e3).toFixed(1)} µs`,
    );
  }
  console.log(`median: ${median(rounds.map((l) => l.requests_per_sec)).toFixed(1)} streams/s, ${median(rounds.map((l) => l.output_tokens_per_sec)).toFixed(0)} tokens/s (${VUS} streams of ${TOKENS} tokens, one generator core)`);
} finally {
  stop();
}
