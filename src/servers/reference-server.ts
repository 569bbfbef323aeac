/**
 * The reference inference server: an Open Inference Protocol REST server (spec:
 * inference-protocols.md 1, with the binary tensor and model repository extensions of 3), also
 * speaking TF Serving REST (4.1) and Seldon v1 REST (5.1). It computes the cheap model-zoo models
 * (iris, tfsimple, tfsimple_string, echo, add10, synth) and accepts the rest by shape, with
 * latency and error injection, load times and a not-ready window. It is the demo's embedded target
 * and the tests' fixture, so it stays out of the way: metadata answers are prebuilt Buffers, and
 * an inference costs one parse, a check against the model's metadata, the computation and one
 * encode. It records the last decoded requests (stats.lastRequests) so tests can prove what the
 * load generator sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createH2cServer, type Http2Server, type Http2Session } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { UsageError } from '../core/errors.js';
import { serveFaultAdmin, type FaultRequest, type FaultResponse, type FaultSwitch } from './fault-admin.js';
import { GRPC_FAULTS_PATH } from './grpc/grpc-fault-injector.js';
import { FAULTS_PATH, FaultInjector } from './fault-injector.js';
import type { HttpFault, HttpFaultKind } from './http-faults.js';
import type { LatencyModel } from './latency-model.js';
import type { RepositoryIndexEntry } from './model-repository.js';
import { REFERENCE_MODELS } from './models/model-registry.js';
import type { ReferenceModel } from './models/reference-model.js';
import { RequestHandler } from './request-handler.js';
import type { ServerStats } from './server-stats.js';

/** DEFAULT_HOST is where the reference server listens unless told otherwise: loopback only. */
export const DEFAULT_HOST = '127.0.0.1';
/** DEFAULT_ERROR_STATUS is the HTTP status of an injected error. */
export const DEFAULT_ERROR_STATUS = 500;
/** DEFAULT_MAX_BODY_BYTES bounds an inference request body (bytes); larger ones get 413. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;
/** H2_CLOSE_GRACE_MS is how long close() lets h2c sessions finish their streams before destroying them (ms). */
const H2_CLOSE_GRACE_MS = 5_000;
/** KEEP_ALIVE_TIMEOUT_MS keeps idle client connections open between phases of a load test (ms). */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** SERVER_NAME is the server name reported by `GET /v2`. */
export const SERVER_NAME = 'loadgen-reference-server';
/** SERVER_VERSION is the server version reported by `GET /v2`. */
export const SERVER_VERSION = '1';
/** SERVER_EXTENSIONS are the OIP extensions reported by `GET /v2`. */
export const SERVER_EXTENSIONS: readonly string[] = ['binary_tensor_data', 'model_repository'];

/** ReferenceServerOptions configure startReferenceServer; every field is optional. */
export interface ReferenceServerOptions {
  /** host to listen on (default DEFAULT_HOST). */
  host?: string;
  /** port to listen on; 0 (the default) picks a free ephemeral port. */
  port?: number;
  /** latency is how long each inference request is held, from its arrival (default none). */
  latency?: LatencyModel;
  /** errorRate is the probability (0..1) that an inference answers errorStatus (default 0). */
  errorRate?: number;
  /** errorStatus is the injected error's HTTP status (default 500). */
  errorStatus?: number;
  /**
   * preciseLatency (default true) finishes each delay by polling the clock for its last ~1.5 ms,
   * so a 10 ms delay answers within ~0.1 ms of 10 ms; false uses timers only (~1 ms late, no
   * polling CPU). See DelayQueue.
   */
  preciseLatency?: boolean;
  /**
   * capacityHz caps the inference answers per second (default 0: no cap). Answers beyond it wait
   * for capacity after their latency, so past capacity latency grows and throughput stays at the
   * cap (see CapacityLimit).
   */
  capacityHz?: number;
  /** models to serve (default REFERENCE_MODELS: the model zoo). */
  models?: readonly ReferenceModel[];
  /**
   * modelInstances (default false) serves numbered names as copies of their type: `iris3`,
   * `iris3_1` and `iris_1` are iris, `add100` is add10 (the Seldon suite's `<prefix><i>` names).
   */
  modelInstances?: boolean;
  /** modelLoadTimeMs is how long a repository load takes before the model is ready (ms, default 0). */
  modelLoadTimeMs?: number;
  /** startUnloaded makes every model start unloaded (not ready) until a repository load. */
  startUnloaded?: boolean;
  /** notReadyForMs makes the server answer not ready (503) for this long after starting (ms, default 0). */
  notReadyForMs?: number;
  /** seldonModel is the model `POST /api/v1.0/predictions` (no ingress prefix) goes to (default iris). */
  seldonModel?: string;
  /** random draws uniform [0, 1) values for latency and error injection (default Math.random). */
  random?: () => number;
  /** maxBodyBytes bounds inference request bodies (default DEFAULT_MAX_BODY_BYTES). */
  maxBodyBytes?: number;
  /** faults are injected ahead of every route (default none); setFaults or `POST /_loadgen/faults` change them. */
  faults?: readonly HttpFault[];
  /** grpcFaults are the gRPC port's faults, switched at `/_loadgen/grpc-faults` on this server (default: no such route). */
  grpcFaults?: FaultSwitch;
  /** h2c serves HTTP/2 over cleartext (prior knowledge) instead of HTTP/1.1, with the HTTP/2 faults (default false). */
  h2c?: boolean;
}

/** ReferenceServer is a running reference server. */
export interface ReferenceServer {
  /** url is the base URL, e.g. `http://127.0.0.1:34567`. */
  readonly url: string;
  readonly port: number;
  /** stats are the live counters and the recent decoded requests; reset() them between phases. */
  readonly stats: ServerStats;
  /** setNotReady makes health and model readiness (and inferences) answer 503 for durationMs from now; 0 ends it. */
  setNotReady(durationMs: number): void;
  /** setFaults replaces the injected faults (as `POST /_loadgen/faults` does). */
  setFaults(faults: readonly HttpFault[]): void;
  /** faults are the injected faults as text and the requests each kind took (what `GET /_loadgen/faults` answers). */
  faults(): { faults: string[]; counts: Partial<Record<HttpFaultKind, number>> };
  /** modelIndex is the repository index (every model known so far, with its state). */
  modelIndex(): RepositoryIndexEntry[];
  /**
   * close stops listening, closes idle keep-alive connections, answers the requests in flight
   * (with `connection: close`) and resolves when every connection is gone.
   */
  close(): Promise<void>;
}

/**
 * startReferenceServer starts the reference server and resolves once it listens. Bad options
 * (port, error rate or status out of range, a port in use) throw a one-line UsageError.
 */
export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? 0;
  checkOptions(options, port);
  const handler = new RequestHandler({
    latency: options.latency,
    errorRate: options.errorRate ?? 0,
    errorStatus: options.errorStatus ?? DEFAULT_ERROR_STATUS,
    random: options.random ?? Math.random,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    preciseLatency: options.preciseLatency ?? true,
    capacityHz: options.capacityHz ?? 0,
    models: options.models ?? REFERENCE_MODELS,
    instances: options.modelInstances ?? false,
    modelLoadTimeMs: options.modelLoadTimeMs ?? 0,
    startUnloaded: options.startUnloaded ?? false,
    notReadyForMs: options.notReadyForMs ?? 0,
    seldonModel: options.seldonModel,
    serverMetadata: Buffer.from(JSON.stringify({ name: SERVER_NAME, version: SERVER_VERSION, extensions: SERVER_EXTENSIONS })),
  });
  const faults = new FaultInjector(options.faults ?? [], options.random ?? Math.random, options.h2c === true);
  const grpcFaults = options.grpcFaults;
  const onRequest = (req: FaultRequest, res: FaultResponse): void => {
    if (req.url === FAULTS_PATH) return faults.admin(req, res);
    if (req.url === GRPC_FAULTS_PATH && grpcFaults !== undefined) return serveFaultAdmin(req, res, GRPC_FAULTS_PATH, grpcFaults);
    // node:http2's compatibility request and response carry every member the routes use.
    if (!faults.take(req, res)) return handler.handle(req as IncomingMessage, res as ServerResponse);
    handler.stats.countRequest((req.url ?? '/').split('?')[0], undefined);
  };
  const server: Server | Http2Server = options.h2c === true ? createH2cServer(onRequest) : createServer({ keepAlive: true, noDelay: true }, onRequest);
  server.on('connection', (socket: Socket) => faults.onConnection(socket));
  if ('keepAliveTimeout' in server) server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  const sessions = trackSessions(server);
  await listen(server, host, port);
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://${urlHost(host)}:${actualPort}`,
    port: actualPort,
    stats: handler.stats,
    setNotReady: (durationMs: number) => handler.setNotReady(durationMs),
    setFaults: (f: readonly HttpFault[]) => faults.set(f),
    faults: () => faults.state(),
    modelIndex: () => handler.repository.index(false),
    close: onceAsync(() => closeServer(server, handler, faults, sessions)),
  };
}

/** onceAsync makes close() idempotent: later calls get the first call's promise. */
function onceAsync(fn: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= fn());
}

function checkOptions(o: ReferenceServerOptions, port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: must be 0..65535, got ${port}`);
  const rate = o.errorRate ?? 0;
  if (!(rate >= 0 && rate <= 1)) throw new UsageError(`--error-rate: must be between 0 and 1, got ${rate}`);
  const status = o.errorStatus ?? DEFAULT_ERROR_STATUS;
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new UsageError(`--error-status: must be an HTTP error status 400..599, got ${status}`);
  }
  const capacity = o.capacityHz ?? 0;
  if (!(Number.isFinite(capacity) && capacity >= 0)) throw new UsageError(`--capacity: must be a positive rate, e.g. 100/s, got ${capacity}`);
  for (const [flag, ms] of [
    ['--model-load-time', o.modelLoadTimeMs],
    ['--not-ready-for', o.notReadyForMs],
  ] as const) {
    if (ms !== undefined && !(Number.isFinite(ms) && ms >= 0)) throw new UsageError(`${flag}: must be a non-negative number of ms, got ${ms}`);
  }
}

function listen(server: Server | Http2Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(new UsageError(`--port: cannot listen on ${host}:${port}: ${err.code ?? err.message}`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** urlHost is the host as it appears in a URL; wildcard addresses become loopback. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** H2Connections are an h2c server's open sessions and the sockets under them, which server.close() waits for but does not end. */
interface H2Connections {
  readonly sessions: Set<Http2Session>;
  readonly sockets: Set<Socket>;
}

function trackSessions(server: Server | Http2Server): H2Connections {
  const open: H2Connections = { sessions: new Set(), sockets: new Set() };
  if ('closeIdleConnections' in server) return open;
  server.on('session', (s: Http2Session) => {
    open.sessions.add(s);
    s.once('close', () => open.sessions.delete(s));
  });
  server.on('connection', (socket: Socket) => {
    open.sockets.add(socket);
    socket.once('close', () => open.sockets.delete(socket));
  });
  return open;
}

function closeServer(server: Server | Http2Server, handler: RequestHandler, faults: FaultInjector, h2: H2Connections): Promise<void> {
  handler.closing = true;
  faults.close();
  handler.closeRepository();
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    // A graceful close: no new streams, those in flight are answered, then the session ends; a
    // client that never reads its answers keeps its socket open, destroyed after H2_CLOSE_GRACE_MS.
    if (h2.sockets.size === 0) return;
    for (const s of h2.sessions) s.close();
    setTimeout(() => {
      for (const socket of h2.sockets) socket.destroy();
    }, H2_CLOSE_GRACE_MS).unref();
  });
}
