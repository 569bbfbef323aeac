/**
 * TransportSet gives each origin of a worker its transport, made on first use: the lean HTTP/1.1
 * pool for plain http:// (unless --http-client undici or --h2c), undici for everything else
 * (HTTPS with HTTP/2 by ALPN, h2c).
 */
import type { HttpOptions } from '../plan/plan.js';
import { H1Transport } from '../transports/h1/h1-transport.js';
import type { Transport } from '../transports/transport.js';
import { UndiciTransport } from '../transports/undici-transport.js';

const PRECONNECT_MAX_MS = 2000;

export class TransportSet {
  private readonly http: HttpOptions;
  private readonly connections: number;
  private readonly captureHeaders: boolean;
  private undici: UndiciTransport | null;
  private h1: H1Transport | null;

  constructor(http: HttpOptions, connections: number, captureHeaders: boolean) {
    this.http = http;
    this.connections = connections;
    this.captureHeaders = captureHeaders;
    this.undici = null;
    this.h1 = null;
  }

  for(origin: string): Transport {
    const lean = origin.startsWith('http:') && !this.http.h2c && this.http.client === 'auto';
    if (lean) {
      this.h1 ??= new H1Transport(this.connections, this.http.pipelining, this.captureHeaders);
      return this.h1.poolFor(origin);
    }
    this.undici ??= new UndiciTransport(this.http, this.connections);
    return this.undici;
  }

  /**
   * preconnect opens connections before elapsed zero (lean transport only; undici has no way to
   * connect without a request): the whole cap when there is one, else one per origin. It waits
   * at most PRECONNECT_MAX_MS, so an unreachable target only delays the start a little.
   */
  async preconnect(): Promise<void> {
    if (this.h1 === null) return;
    const n = this.connections > 0 ? this.connections : 1;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.h1.preconnect(n), new Promise<void>((r) => (timer = setTimeout(r, PRECONNECT_MAX_MS)))]);
    clearTimeout(timer);
  }

  async close(): Promise<void> {
    await Promise.all([this.undici?.close(), this.h1?.close()]);
  }
}
