/**
 * Start-up, as a user sees it, on the generator core:
 * - first request: from spawning the tool to the first byte of its first request arriving at a
 *   local server (a bare net.Server in this process, answering a minimal HTTP 200); loadgen runs
 *   `attack --url U -n 1 --vus 1` (closed loop, so no pacing delay before the first send), hey
 *   `-n 1 -c 1`, vegeta one hit;
 * - `--help`: from spawning the tool to its exit.
 * Medians of N runs per tool, tools interleaved. A peer that is not installed is reported as such.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { CLI, GENERATOR_CPU, median } from '../lib/bench-env.js';

interface StartupPeer {
  /** firstRequest is the command that sends one request to url. */
  firstRequest: (url: string) => string[];
  help: string[];
  /** stdin is written to the tool's stdin (vegeta reads its targets there). */
  stdin?: (url: string) => string;
}

export const STARTUP_PEERS: Record<string, StartupPeer> = {
  loadgen: { firstRequest: (url) => [process.execPath, CLI, 'attack', '--url', url, '-n', '1', '--vus', '1'], help: [process.execPath, CLI, '--help'] },
  hey: { firstRequest: (url) => ['hey', '-n', '1', '-c', '1', url], help: ['hey', '-h'] },
  vegeta: { firstRequest: () => ['vegeta', 'attack', '-rate', '1', '-duration', '1s'], help: ['vegeta', '-h'], stdin: (url) => `GET ${url}\n` },
};

/** installed says whether cmd runs here (a peer that does not is reported, not measured). */
export function installed(cmd: string): boolean {
  return cmd === process.execPath || spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

export interface StartupTimes {
  firstRequestMs: number[];
  helpMs: number[];
}

/** spawnPinned starts argv on the generator core and resolves with the milliseconds until it exits. */
function spawnPinned(argv: string[], stdin?: string): { exited: Promise<number> } {
  const t0 = performance.now();
  const child = spawn('taskset', ['-c', GENERATOR_CPU, ...argv], { stdio: [stdin === undefined ? 'ignore' : 'pipe', 'ignore', 'ignore'] });
  if (stdin !== undefined) child.stdin!.end(stdin);
  return { exited: new Promise((resolve) => child.once('exit', () => resolve(performance.now() - t0))) };
}

/** startup measures every installed peer n times (interleaved); peers not installed are absent from the result. */
export async function startup(n: number): Promise<Record<string, StartupTimes>> {
  let arrived: (() => void) | null = null;
  const server = createServer((socket) => {
    socket.once('data', () => {
      arrived?.();
      arrived = null;
    });
    socket.on('data', () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok'));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const peers = Object.entries(STARTUP_PEERS).filter(([, p]) => installed(p.help[0]));
  const times: Record<string, StartupTimes> = Object.fromEntries(peers.map(([name]) => [name, { firstRequestMs: [], helpMs: [] }]));
  try {
    for (let i = 0; i < n; i++) {
      for (const [name, peer] of peers) {
        const t0 = performance.now();
        const first = new Promise<number>((resolve) => (arrived = () => resolve(performance.now() - t0)));
        const { exited } = spawnPinned(peer.firstRequest(url), peer.stdin?.(url));
        const ms = await Promise.race([first, exited.then(() => null)]);
        if (ms === null) throw new Error(`start-up: ${name} exited without sending a request (${peer.firstRequest(url).join(' ')})`);
        times[name].firstRequestMs.push(ms);
        await exited;
        times[name].helpMs.push(await spawnPinned(peer.help).exited);
      }
    }
  } finally {
    server.close();
  }
  for (const [name, t] of Object.entries(times)) {
    console.log(`start-up  ${name.padEnd(8)} first request median ${median(t.firstRequestMs).toFixed(1)} ms (min ${Math.min(...t.firstRequestMs).toFixed(1)})  --help median ${median(t.helpMs).toFixed(1)} ms`);
  }
  for (const [name] of Object.entries(STARTUP_PEERS).filter(([, p]) => !installed(p.help[0]))) console.log(`start-up  ${name}: not installed, not measured`);
  return times;
}
