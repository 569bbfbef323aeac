/**
 * TransportSet gives each origin of a worker its transport, made on first use: the lean HTTP/1.1
 * pool for plain http:// (unless --http-client undici or --h2c), undici for everything else
 * (HTTPS with HTTP/2 by ALPN, h2c); gRPC sources get the lean HTTP/2 gRPC client.
 */
import type { GrpcSource, HttpOptions } from '../plan/plan.js';
import { H2GrpcTransport } from '../transports/grpc/h2-grpc-transport.js';
import { GrpcJsTransport } from '../transports/grpc/grpc-js-transport.js';
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
  private h2grpc: H2GrpcTransport | null;
  private grpcJs: GrpcJsTransport | null;

  constructor(http: HttpOptions, connections: number, captureHeaders: boolean) {
    this.http = http;
    this.connections = connections;
    this.captureHeaders = captureHeaders;
    this.undici = null;
    this.h1 = null;
    this.h2grpc = null;
    this.grpcJs = null;
  }

  /** grpc gives the worker's gRPC client for a source (one per worker: all calls go to one server). */
  grpc(source: GrpcSource): Transport {
    if (source.client === 'grpc-js') {
      this.grpcJs ??= new GrpcJsTransport(source, Math.max(1, this.connections), this.http.timeoutNs);
      return this.grpcJs;
    }
    const tls = source.tls;
    this.h2grpc ??= new H2GrpcTransport({
      authority: source.authority,
      connections: Math.max(1, this.connections),
      maxRecvBytes: source.maxRecvBytes,
      stream: source.stream,
      tls:
        tls === null
          ? null
          : {
              rejectUnauthorized: !tls.skipVerify,
              ...(tls.ca !== null ? { ca: tls.ca } : {}),
              ...(tls.cert !== null ? { cert: tls.cert } : {}),
              ...(tls.key !== null ? { key: tls.key } : {}),
              ...(tls.serverName !== null ? { servername: tls.serverName } : {}),
            },
    });
    return this.h2grpc;
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
    const n = this.connections > 0 ? this.connections : 1;
    let timer: NodeJS.Timeout | undefined;
    const opening = Promise.all([this.h1?.preconnect(n), this.h2grpc?.preconnect()]);
    await Promise.race([opening, new Promise<void>((r) => (timer = setTimeout(r, PRECONNECT_MAX_MS)))]);
    clearTimeout(timer);
  }

  async close(): Promise<void> {
    await Promise.all([this.undici?.close(), this.h1?.close(), this.h2grpc?.close(), this.grpcJs?.close()]);
  }
}
