/**
 * startPrometheus runs a real Prometheus (Debian's /usr/bin/prometheus) on a free loopback port
 * with its own config and a fresh TSDB directory: scrapeTarget (HOST:PORT) is scraped every
 * second, remoteWrite enables the remote-write receiver. query() runs an instant PromQL query.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

export const PROMETHEUS = ['/usr/bin/prometheus', '/usr/local/bin/prometheus'].find((p) => spawnSync(p, ['--version']).status === 0) ?? null;

export interface Prometheus {
  readonly url: string;
  /** query is an instant query's values (one per series), [] when it has none. */
  query(promql: string): Promise<number[]>;
  stop(): Promise<void>;
}

export async function startPrometheus(opts: { scrapeTarget?: string; remoteWrite?: boolean }): Promise<Prometheus> {
  if (PROMETHEUS === null) throw new Error('prometheus is not installed (apt-get install -y prometheus)');
  const dir = mkdtempSync(join(tmpdir(), 'loadgen-prometheus-'));
  const scrape = opts.scrapeTarget === undefined ? '' : `scrape_configs:\n  - job_name: loadgen\n    scrape_interval: 1s\n    scrape_timeout: 1s\n    static_configs:\n      - targets: ['${opts.scrapeTarget}']\n`;
  writeFileSync(join(dir, 'prometheus.yml'), `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n${scrape}`);
  const port = await freePort();
  const args = [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`];
  if (opts.remoteWrite === true) args.push('--web.enable-remote-write-receiver');
  const child = spawn(PROMETHEUS, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (log += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, child, () => log);
  return {
    url,
    async query(promql) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await res.json()) as { status: string; data: { result: Array<{ value: [number, string] }> } };
      if (body.status !== 'success') throw new Error(`query ${promql}: ${JSON.stringify(body)}`);
      return body.data.result.map((r) => Number(r.value[1]));
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** waitReady polls /-/ready until Prometheus answers 200, failing if it exits first. */
async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${log()}`);
    try {
      const res = await fetch(`${url}/-/ready`);
      await res.text();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** eventually polls check until it returns true, or fails with what it last saw after timeoutMs. */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
