/**
 * PrometheusEndpoint serves the latest live snapshot as Prometheus' text exposition on
 * http://HOST:PORT/metrics for `--prometheus-addr` (404 on any other path). It stays up after the
 * run until a scrape has seen the final snapshot or the linger time has passed, whichever comes
 * first, so the last scrape reads the final counts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LiveSnapshot } from '../core/live-snapshot.js';
import { UsageError } from '../core/errors.js';
import { PromExposition } from '../reporters/prom-exposition.js';

export class PrometheusEndpoint {
  private readonly server: Server;
  private readonly exposition: PromExposition;
  private final: boolean;
  private onFinalScrape: (() => void) | null;

  private constructor(server: Server, exposition: PromExposition) {
    this.server = server;
    this.exposition = exposition;
    this.final = false;
    this.onFinalScrape = null;
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void this.serve(req, res));
  }

  /** start listens on host:port; a port that cannot be had is bad input, refused before any load. */
  static async start(host: string, port: number): Promise<PrometheusEndpoint> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => reject(new UsageError(`--prometheus-addr: cannot listen on ${host}:${port}: ${err.code ?? err.message}`)));
      server.listen(port, host, () => resolve());
    });
    return new PrometheusEndpoint(server, new PromExposition());
  }

  /** url is where the metrics are served (the actual port when 0 was asked for). */
  get url(): string {
    const a = this.server.address();
    if (a === null || typeof a === 'string') return String(a);
    return `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}/metrics`;
  }

  update(s: LiveSnapshot, final: boolean): void {
    this.exposition.update(s);
    this.final ||= final;
  }

  /** close waits up to lingerMs for a scrape of the final snapshot, then stops serving. */
  async close(lingerMs: number): Promise<void> {
    if (lingerMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, lingerMs);
        this.onFinalScrape = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: loadgen serves /metrics\n');
      return;
    }
    const sawFinal = this.final;
    const text = await this.exposition.text();
    if (sawFinal) res.once('finish', () => this.onFinalScrape?.());
    res.writeHead(200, { 'content-type': this.exposition.registry.contentType }).end(req.method === 'HEAD' ? undefined : text);
  }
}
