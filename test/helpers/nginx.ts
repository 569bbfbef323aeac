/**
 * startNginx runs a real nginx on a free loopback port with a few fixed locations, for tests and
 * benchmarks: `/` answers "hello\n", `/status/404` a 404, `/big` 100 000 bytes, `/nginx_status`
 * nginx's stub_status (requests served so far, this one included). With grpcUpstream
 * it is also a gRPC proxy: `grpcAddress` takes h2c and passes every call on (grpc_pass). With
 * httpUpstream every other path is passed on (proxy_pass) over kept-alive HTTP/1.1 connections.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { freePort } from './ports.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NGINX = ['/usr/sbin/nginx', '/usr/local/sbin/nginx'].find((p) => spawnSync(p, ['-v']).status === 0) ?? null;

export interface Nginx {
  readonly url: string;
  /** grpcAddress is HOST:PORT of the gRPC proxy (empty without grpcUpstream). */
  readonly grpcAddress: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}


/**
 * startNginx starts nginx; cpu pins it with taskset (benchmarks), workers sets worker_processes,
 * grpcUpstream (HOST:PORT) adds the gRPC proxy, httpUpstream (HOST:PORT) the HTTP one (both with
 * 32 idle upstream connections kept, as an executor in front of a model server would).
 */
export async function startNginx(opts: { cpu?: number; workers?: number; grpcUpstream?: string; httpUpstream?: string } = {}): Promise<Nginx> {
  if (NGINX === null) throw new Error('nginx is not installed (apt-get install -y nginx)');
  const prefix = mkdtempSync(join(tmpdir(), 'loadgen-nginx-'));
  chmodSync(prefix, 0o755); // nginx workers run as nobody when started by root
  const port = await freePort();
  const grpcPort = opts.grpcUpstream === undefined ? 0 : await freePort();
  const grpcServer =
    opts.grpcUpstream === undefined
      ? ''
      : `server {
    listen 127.0.0.1:${grpcPort} http2;
    location / { grpc_pass grpc://grpc_upstream; }
  }
  upstream grpc_upstream { server ${opts.grpcUpstream}; keepalive 32; }`;
  const httpProxy =
    opts.httpUpstream === undefined
      ? ''
      : `location / { proxy_pass http://http_upstream; proxy_http_version 1.1; proxy_set_header Connection ""; }`;
  const httpUpstream = opts.httpUpstream === undefined ? '' : `upstream http_upstream { server ${opts.httpUpstream}; keepalive 32; }`;
  writeFileSync(join(prefix, 'big'), Buffer.alloc(100_000, 'x'));
  writeFileSync(
    join(prefix, 'nginx.conf'),
    `worker_processes ${opts.workers ?? 1};
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  server {
    listen 127.0.0.1:${port};
    location = / { default_type text/plain; return 200 "hello\\n"; }
    location = /status/404 { return 404; }
    location = /big { root ${prefix}; default_type application/octet-stream; }
    location = /nginx_status { stub_status; }
    ${httpProxy}
  }
  ${httpUpstream}
  ${grpcServer}
}
`,
  );
  const cmd = opts.cpu === undefined ? [NGINX] : ['taskset', '-c', String(opts.cpu), NGINX];
  const child = spawn(cmd[0], [...cmd.slice(1), '-p', prefix, '-c', join(prefix, 'nginx.conf')], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    grpcAddress: opts.grpcUpstream === undefined ? '' : `127.0.0.1:${grpcPort}`,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGQUIT');
      }),
  };
}
