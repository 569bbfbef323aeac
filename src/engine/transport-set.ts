/**
 * TransportSet gives each origin of a worker its transport, made on first use: the lean HTTP/1.1
 * pool for plain http:// (unless --http-client undici or --h2c), undici for everything else
 * (HTTPS with HTTP/2 by ALPN, h2c); gRPC sources get the lean HTTP/2 gRPC client.
 * The clients a plan may not use are loaded only by TransportSet.forPlan, when it needs them:
 * undici and grpc-js are a quarter of a worker's start-up, and a plain http:// run needs neither.
 */
import type { GrpcSource, HttpOptions, Plan } from '../plan/plan.js';
import type { H2GrpcTransport } from '../transports/grpc/h2-grpc-transport.js';
import type { GrpcJsTransport } from '../transports/grpc/grpc-js-transport.js';
import { H1Transport } from '../transports/h1/h1-transport.js';
import type { Transport } from '../transports/transport.js';
import type { UndiciTransport } from '../transports/undici-transport.js';

/** Clients are the transport classes loaded for a plan; null where the plan cannot need one. */
interface Clients {
  readonly undici: typeof UndiciTransport | null;
  readonly h2grpc: typeof H2GrpcTransport | null;
  readonly grpcJs: typeof GrpcJsTransport | null;
}

const PRECONNECT_MAX_MS = 2000;

export class TransportSet {
  /** forPlan loads the clients the plan's sources can reach and returns the worker's set. */
  static async forPlan(plan: Plan, connections: number, captureHeaders: boolean): Promise<TransportSet> {
    const needs = clientsNeeded(plan);
    const clients: Clients = {
      undici: needs.undici ? (await import('../transports/undici-transport.js')).UndiciTransport : null,
      h2grpc: needs.h2grpc ? (await import('../transports/grpc/h2-grpc-transport.js')).H2GrpcTransport : null,
      grpcJs: needs.grpcJs ? (await import('../transports/grpc/grpc-js-transport.js')).GrpcJsTransport : null,
    };
    return new TransportSet(plan.http, connections, captureHeaders, clients);
  }

  private readonly clients: Clients;
  private readonly http: HttpOptions;
  private readonly connections: number;
  private readonly captureHeaders: boolean;
  private undici: UndiciTransport | null;
  private h1: H1Transport | null;
  private h2grpc: H2GrpcTransport | null;
  private grpcJs: GrpcJsTransport | null;

  private constructor(http: HttpOptions, connections: number, captureHeaders: boolean, clients: Clients) {
    this.clients = clients;
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
      this.grpcJs ??= new (loaded(this.clients.grpcJs, 'grpc-js'))(source, Math.max(1, this.connections), this.http.timeoutNs);
      return this.grpcJs;
    }
    const tls = source.tls;
    this.h2grpc ??= new (loaded(this.clients.h2grpc, 'h2 gRPC'))({
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
    this.undici ??= new (loaded(this.clients.undici, 'undici'))(this.http, this.connections);
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

/** clientsNeeded is which clients the plan's sources can reach (a targets file: any origin). */
function clientsNeeded(plan: Plan): { undici: boolean; h2grpc: boolean; grpcJs: boolean } {
  const source = plan.source;
  const grpc = source.kind === 'grpc' ? source : source.kind === 'mixed' ? source.grpc : null;
  const requests = source.kind === 'list' ? source.requests : source.kind === 'mixed' ? source.http.requests : [];
  const leanOnly = plan.http.client === 'auto' && !plan.http.h2c && requests.every((r) => r.origin.startsWith('http:'));
  return {
    undici: source.kind === 'lazy-targets' || !leanOnly,
    h2grpc: grpc !== null && grpc.client !== 'grpc-js',
    grpcJs: grpc !== null && grpc.client === 'grpc-js',
  };
}

/** loaded is a client forPlan loaded; one it did not is a plan that lied about its sources. */
function loaded<T>(client: T | null, name: string): T {
  if (client === null) throw new Error(`transport-set: the ${name} client was not loaded for this plan`);
  return client;
}
