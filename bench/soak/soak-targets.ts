/**
 * The soak's targets, pinned to the target core, each able to say how many requests it served:
 * nginx (its stub_status counter, read before and after the run) and the reference gRPC server
 * (bench/grpc/server.ts, the service `loadgen serve --grpc-port` runs, which prints the calls it
 * received when it stops).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startNginx } from '../../test/helpers/nginx.js';
import { TARGET_CPU } from '../lib/bench-env.js';

const GRPC_SERVER = fileURLToPath(new URL('../grpc/server.js', import.meta.url));

/** SoakTarget is a running target: where to send, and stop() resolving to the requests it served since start. */
export interface SoakTarget {
  /** address is nginx's base URL (`http://127.0.0.1:PORT`) or the gRPC server's HOST:PORT. */
  readonly address: string;
  stop(): Promise<number>;
}

/** stubRequests reads nginx's total request count (which counts this request too). */
async function stubRequests(url: string): Promise<number> {
  const text = await (await fetch(`${url}/nginx_status`)).text();
  const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s*$/m.exec(text);
  if (m === null) throw new Error(`nginx stub_status: unexpected answer: ${text}`);
  return Number(m[3]);
}

/** startNginxTarget starts nginx (one worker, target core); stop() gives the requests served between. */
export async function startNginxTarget(): Promise<SoakTarget> {
  const nginx = await startNginx({ cpu: Number(TARGET_CPU), workers: 1 });
  const before = await stubRequests(nginx.url);
  return {
    address: nginx.url,
    stop: async () => {
      const after = await stubRequests(nginx.url);
      await nginx.stop();
      // Each reading counts itself: the one before and the one after are not the run's.
      return after - before - 1;
    },
  };
}

/** startGrpcTarget starts the reference gRPC server on the target core; stop() gives the calls it received. */
export async function startGrpcTarget(): Promise<SoakTarget> {
  // taskset execs node, so the child's pid is the server's.
  const server = spawn('taskset', ['-c', TARGET_CPU, process.execPath, GRPC_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const address = await new Promise<string>((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`the reference gRPC server exited (${code}): ${out}`)));
    server.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
  });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  return {
    address,
    stop: async () => {
      server.kill('SIGTERM');
      await exited;
      const m = /served (\d+) calls/.exec(out);
      if (m === null) throw new Error(`the reference gRPC server did not say how many calls it served: ${out}`);
      return Number(m[1]);
    },
  };
}
