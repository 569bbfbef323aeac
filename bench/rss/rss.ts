/**
 * RSS over time: an open loop at 5k req/s against nginx (core 0) from the generator core for a
 * while, the tool's resident set (VmRSS of its process, which its worker threads share) sampled
 * every second from /proc. loadgen runs `attack --rate 5000 --workers 2` (issue 13's 2-worker run);
 * hey, which has no open loop, runs 10 connections each limited to 500 req/s (`-c 10 -q 500`);
 * vegeta `-rate 5000` when installed.
 */
import { spawn } from 'node:child_process';
import { startNginx } from '../../test/helpers/nginx.js';
import { CLI, GENERATOR_CPU, TARGET_CPU, rssBytes } from '../lib/bench-env.js';
import { installed } from '../startup/startup.js';

export const RSS_RATE = 5000;

interface RssPeer {
  argv: (url: string, seconds: number) => string[];
  stdin?: (url: string) => string;
}

const RSS_PEERS: Record<string, RssPeer> = {
  loadgen: { argv: (url, s) => [process.execPath, CLI, 'attack', '--url', url, '--rate', String(RSS_RATE), '-d', `${s}s`, '--workers', '2'] },
  hey: { argv: (url, s) => ['hey', '-z', `${s}s`, '-c', '10', '-q', String(RSS_RATE / 10), url] },
  vegeta: { argv: (_url, s) => ['vegeta', 'attack', '-rate', String(RSS_RATE), '-duration', `${s}s`, '-output', '/dev/null'], stdin: (url) => `GET ${url}\n` },
};

/** RssSeries is one tool's VmRSS once a second from its start, in MB (10^6 bytes). */
export type RssSeries = number[];

/** sampleRss runs argv on the generator core and samples its VmRSS every second until it exits. */
async function sampleRss(argv: string[], stdin?: string): Promise<RssSeries> {
  // taskset execs the tool, so the child's pid is the tool's.
  const child = spawn('taskset', ['-c', GENERATOR_CPU, ...argv], { stdio: [stdin === undefined ? 'ignore' : 'pipe', 'ignore', 'ignore'] });
  if (stdin !== undefined) child.stdin!.end(stdin);
  const samples: number[] = [];
  const timer = setInterval(() => {
    const rss = rssBytes(child.pid!);
    if (rss !== null) samples.push(rss / 1e6);
  }, 1000);
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
  clearInterval(timer);
  return samples;
}

/** rssOverTime runs each installed peer once for seconds; peers not installed are absent. */
export async function rssOverTime(seconds: number): Promise<Record<string, RssSeries>> {
  const nginx = await startNginx({ cpu: Number(TARGET_CPU), workers: 1 });
  const out: Record<string, RssSeries> = {};
  try {
    for (const [name, peer] of Object.entries(RSS_PEERS)) {
      if (!installed(peer.argv('', 1)[0])) {
        console.log(`RSS  ${name}: not installed, not measured`);
        continue;
      }
      out[name] = await sampleRss(peer.argv(`${nginx.url}/`, seconds), peer.stdin?.(`${nginx.url}/`));
      const s = out[name];
      console.log(`RSS  ${name.padEnd(8)} ${s.map((x) => x.toFixed(0)).join(' ')} MB (1 s apart)`);
    }
  } finally {
    await nginx.stop();
  }
  return out;
}

/** rssAt is the sample at second s (1-based), or the last one when the run was shorter. */
export const rssAt = (s: RssSeries, second: number): number => s[Math.min(second, s.length) - 1] ?? NaN;
