/**
 * UndiciTransport sends through undici: an Agent (a keep-alive pool per origin) driven through its
 * lowest seam, dispatch(options, handler), with reusable handler objects instead of promises and
 * streams. It carries HTTPS (HTTP/2 by ALPN) and h2c. Plain HTTP/1.1 goes through the lean
 * transport by default, because undici measured slower here and defers each write to the next
 * event-loop turn (see bench/README.md); `--http-client undici` selects undici for it too.
 */
import { Agent } from 'undici';
import type { HttpOptions } from '../plan/plan.js';
import type { HttpExchange, HttpTarget } from './exchange.js';
import type { Transport } from './transport.js';

export class UndiciTransport implements Transport {
  private readonly agent: Agent;

  /** connections is this worker's cap per origin (0 = opened as needed). */
  constructor(http: HttpOptions, connections: number) {
    const tls = http.tls;
    this.agent = new Agent({
      connections: connections > 0 ? connections : null,
      pipelining: http.pipelining,
      allowH2: http.http2 || http.h2c,
      keepAliveTimeout: 30_000,
      // Timeouts are loadgen's whole-request --timeout, swept by the InFlightList.
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: {
        // undici's Pool does not pass useH2c on to its connector; inside connect it arrives.
        useH2c: http.h2c,
        rejectUnauthorized: !tls.insecure,
        ...(tls.cert !== null ? { cert: tls.cert } : {}),
        ...(tls.key !== null ? { key: tls.key } : {}),
        ...(tls.ca !== null ? { ca: [...tls.ca] } : {}),
      },
    } as Agent.Options);
  }

  dispatch(x: HttpExchange): void {
    const target = x.target as HttpTarget;
    const perRequest = target.perRequest;
    if (perRequest !== null && perRequest.seq) target.options.headers[perRequest.slot] = perRequest.value(x.seq);
    this.agent.dispatch(target.options, x);
  }

  async close(): Promise<void> {
    await this.agent.destroy();
  }
}
