/**
 * The reference inference server: an Open Inference Protocol REST server (spec:
 * inference-protocols.md 1) that really computes a few cheap models (iris, tfsimple, echo), with
 * latency and error injection. It is the demo's embedded target and the tests' fixture, so it is
 * built to stay out of the way: metadata answers are prebuilt Buffers, and an inference costs one
 * JSON parse, a check against the model's metadata, the computation and one JSON encode.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../plan/usage-error.js';
import { DelayQueue } from './delay-queue.js';
import { BadInferRequest, decodeInferRequest } from './infer-request.js';
import { NO_LATENCY, sampleLatencyNs, type LatencyModel } from './latency-model.js';
import { modelsByName, REFERENCE_MODELS } from './models/model-registry.js';
import type { ReferenceModel } from './models/reference-model.js';
import { parseOipRoute, routeModel, type OipRoute } from './oip-route.js';
import { ServerStats } from './server-stats.js';

/** DEFAULT_HOST is where the reference server listens unless told otherwise: loopback only. */
export const DEFAULT_HOST = '127.0.0.1';
/** DEFAULT_ERROR_STATUS is the HTTP status of an injected error. */
export const DEFAULT_ERROR_STATUS = 500;
/** DEFAULT_MAX_BODY_BYTES bounds an inference request body (bytes); larger ones get 413. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;
/** KEEP_ALIVE_TIMEOUT_MS keeps idle client connections open between phases of a load test (ms). */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** SERVER_NAME is the server name reported by `GET /v2`. */
export const SERVER_NAME = 'loadgen-reference-server';
/** SERVER_VERSION is the server version reported by `GET /v2`. */
export const SERVER_VERSION = '1';

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
  /** models to serve (default REFERENCE_MODELS: iris, tfsimple, echo). */
  models?: readonly ReferenceModel[];
  /** random draws uniform [0, 1) values for latency and error injection (default Math.random). */
  random?: () => number;
  /** maxBodyBytes bounds inference request bodies (default DEFAULT_MAX_BODY_BYTES). */
  maxBodyBytes?: number;
}

/** ReferenceServer is a running reference server. */
export interface ReferenceServer {
  /** url is the base URL, e.g. `http://127.0.0.1:34567`. */
  readonly url: string;
  readonly port: number;
  /** stats are the live counters; read them any time, reset() them between phases. */
  readonly stats: ServerStats;
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
  const handler = new RequestHandler(options);
  const server = createServer({ keepAlive: true, noDelay: true }, (req, res) => handler.handle(req, res));
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  await listen(server, host, port);
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://${urlHost(host)}:${actualPort}`,
    port: actualPort,
    stats: handler.stats,
    close: onceAsync(() => closeServer(server, handler)),
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
}

function listen(server: Server, host: string, port: number): Promise<void> {
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

function closeServer(server: Server, handler: RequestHandler): Promise<void> {
  handler.closing = true;
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeIdleConnections();
  });
}

/** ModelRoute is a route that names a model. */
type ModelRoute = Extract<OipRoute, { model: string }>;

/** PendingReply is an answer waiting in the delay queue. */
class PendingReply {
  readonly res: ServerResponse;
  readonly status: number;
  readonly body: Buffer;
  constructor(res: ServerResponse, status: number, body: Buffer) {
    this.res = res;
    this.status = status;
    this.body = body;
  }
}

/** ModelReplies are prebuilt answers for the metadata endpoints of one model. */
interface ModelReplies {
  readonly model: ReferenceModel;
  readonly metadata: Buffer;
  readonly ready: Buffer;
}

const JSON_TYPE = 'application/json';
const LIVE_BODY = Buffer.from('{"live":true}');
const READY_BODY = Buffer.from('{"ready":true}');
const INJECTED_ERROR_BODY = Buffer.from('{"error":"injected error"}');

/** RequestHandler routes requests; one instance per server holds the options, models and stats. */
class RequestHandler {
  readonly stats: ServerStats;
  closing: boolean;
  private readonly latency: LatencyModel;
  private readonly errorRate: number;
  private readonly errorStatus: number;
  private readonly random: () => number;
  private readonly maxBodyBytes: number;
  private readonly models: ReadonlyMap<string, ModelReplies>;
  private readonly serverMetadata: Buffer;
  private readonly queue: DelayQueue<PendingReply>;

  constructor(o: ReferenceServerOptions) {
    this.stats = new ServerStats();
    this.closing = false;
    this.latency = o.latency ?? NO_LATENCY;
    this.errorRate = o.errorRate ?? 0;
    this.errorStatus = o.errorStatus ?? DEFAULT_ERROR_STATUS;
    this.random = o.random ?? Math.random;
    this.maxBodyBytes = o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const models = modelsByName(o.models ?? REFERENCE_MODELS);
    this.models = new Map([...models].map(([name, model]) => [name, modelReplies(model)]));
    this.serverMetadata = Buffer.from(JSON.stringify({ name: SERVER_NAME, version: SERVER_VERSION, extensions: [] }));
    this.queue = new DelayQueue<PendingReply>((p) => this.release(p), o.preciseLatency ?? true);
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    const arrivedMs = performance.now();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const route = parseOipRoute(path);
    this.stats.countRequest(path, routeModel(route));
    if (route.kind === 'unknown') return this.notFound(res, `no such endpoint: ${req.method} ${path}`);
    const method = route.kind === 'infer' ? 'POST' : 'GET';
    if (req.method !== method && !(method === 'GET' && req.method === 'HEAD')) {
      return this.send(res, 405, errorBody(`${req.method} is not allowed on ${path}; use ${method}`), method);
    }
    switch (route.kind) {
      case 'live':
        return this.send(res, 200, LIVE_BODY);
      case 'ready':
        return this.send(res, 200, READY_BODY);
      case 'server-metadata':
        return this.send(res, 200, this.serverMetadata);
      default:
        return this.modelRequest(req, res, route, arrivedMs);
    }
  }

  private modelRequest(req: IncomingMessage, res: ServerResponse, route: ModelRoute, arrivedMs: number): void {
    const entry = this.models.get(route.model);
    if (entry === undefined) return this.notFound(res, `model "${route.model}" not found; serving ${[...this.models.keys()].join(', ')}`);
    if (route.version !== undefined && !entry.model.versions.includes(route.version)) {
      return this.notFound(res, `model "${route.model}" has no version "${route.version}"; versions: ${entry.model.versions.join(', ')}`);
    }
    if (route.kind === 'model-metadata') return this.send(res, 200, entry.metadata);
    if (route.kind === 'model-ready') return this.send(res, 200, entry.ready);
    this.stats.inferences++;
    this.readBody(req, res, entry.model, route.version ?? entry.model.versions[0], arrivedMs);
  }

  /** readBody collects the request body, then answers the inference. */
  private readBody(req: IncomingMessage, res: ServerResponse, model: ReferenceModel, version: string, arrivedMs: number): void {
    if (req.headers['inference-header-content-length'] !== undefined) {
      return this.badRequest(res, 'binary tensor data (Inference-Header-Content-Length) is not supported');
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on('error', ignore);
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > this.maxBodyBytes) {
        if (!res.headersSent) {
          res.setHeader('connection', 'close');
          this.send(res, 413, errorBody(`request body exceeds ${this.maxBodyBytes} bytes`));
        }
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (bytes > this.maxBodyBytes) return;
      this.infer(res, model, version, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, bytes), arrivedMs);
    });
  }

  /** infer decodes, computes and queues the answer for the request's latency deadline. */
  private infer(res: ServerResponse, model: ReferenceModel, version: string, body: Buffer, arrivedMs: number): void {
    let reply: Buffer;
    let status = 200;
    try {
      const request = decodeInferRequest(body, model);
      if (this.errorRate > 0 && this.random() < this.errorRate) {
        status = this.errorStatus;
        reply = INJECTED_ERROR_BODY;
        this.stats.errorsInjected++;
      } else {
        reply = inferResponse(model, version, request.id, model.infer(request.inputs, request.batchSize), request.outputs);
        this.stats.inferencesOk++;
      }
    } catch (err) {
      if (err instanceof BadInferRequest) return this.badRequest(res, err.message);
      // A model bug must not take the server (and the test or demo hosting it) down.
      return this.send(res, 500, errorBody(`model "${model.name}" failed: ${(err as Error).message}`));
    }
    const deadlineMs = arrivedMs + sampleLatencyNs(this.latency, this.random) / 1e6;
    if (deadlineMs <= performance.now()) return this.send(res, status, reply);
    this.queue.push(deadlineMs, new PendingReply(res, status, reply));
  }

  private release(p: PendingReply): void {
    if (!p.res.destroyed) this.send(p.res, p.status, p.body);
  }

  private badRequest(res: ServerResponse, message: string): void {
    this.stats.badRequests++;
    this.send(res, 400, errorBody(message));
  }

  private notFound(res: ServerResponse, message: string): void {
    this.stats.notFound++;
    this.send(res, 404, errorBody(message));
  }

  private send(res: ServerResponse, status: number, body: Buffer, allow?: string): void {
    res.statusCode = status;
    res.setHeader('content-type', JSON_TYPE);
    res.setHeader('content-length', body.length);
    if (allow !== undefined) res.setHeader('allow', allow);
    // While closing, end each connection after its answer so close() resolves.
    if (this.closing) res.setHeader('connection', 'close');
    res.end(body);
  }
}

function ignore(): void {}

function errorBody(message: string): Buffer {
  return Buffer.from(JSON.stringify({ error: message }));
}

function modelReplies(model: ReferenceModel): ModelReplies {
  const meta = { name: model.name, versions: model.versions, platform: model.platform, inputs: model.inputs, outputs: model.outputs };
  return { model, metadata: Buffer.from(JSON.stringify(meta)), ready: Buffer.from(JSON.stringify({ name: model.name, ready: true })) };
}

/** inferResponse encodes an OIP inference response, keeping only the requested outputs. */
function inferResponse(
  model: ReferenceModel,
  version: string,
  id: string | undefined,
  outputs: ReturnType<ReferenceModel['infer']>,
  requested: string[] | undefined,
): Buffer {
  const selected = requested === undefined ? outputs : outputs.filter((o) => requested.includes(o.name));
  const response = { model_name: model.name, model_version: version, id, outputs: selected };
  return Buffer.from(JSON.stringify(response));
}
