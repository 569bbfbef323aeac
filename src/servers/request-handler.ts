/**
 * RequestHandler answers the reference server's requests: OIP REST (health, metadata, readiness,
 * inference with the binary tensor extension, the model repository extension), TF Serving REST
 * and Seldon v1 REST. One instance per server holds the options, the model repository, the
 * readiness window and the stats; answers to inferences wait in a DelayQueue for their latency.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { CapacityLimit } from './capacity-limit.js';
import { DelayQueue } from './delay-queue.js';
import { BadInferRequest } from './infer-request.js';
import { decodeInference, encodeInference, inferenceErrorBody, type InferenceApi, type InferenceReply } from './inference-codec.js';
import { NO_LATENCY, sampleLatencyNs, type LatencyModel } from './latency-model.js';
import { ModelRepository, type RepositoryEntry } from './model-repository.js';
import type { ReferenceModel } from './models/reference-model.js';
import { parseServerRoute, routeMethod, serverRouteModel, type ServerRoute } from './server-route.js';
import { ServerMetrics, type InferenceTimes } from './server-metrics.js';
import { ServerStats } from './server-stats.js';
import { tfServingMetadata, tfServingStatus } from './tfserving-api.js';

/** RequestHandlerOptions are the resolved server options the handler needs. */
export interface RequestHandlerOptions {
  latency: LatencyModel | undefined;
  errorRate: number;
  errorStatus: number;
  random: () => number;
  maxBodyBytes: number;
  preciseLatency: boolean;
  /** capacityHz caps inference answers per second (beyond it they queue); 0 = no cap. */
  capacityHz: number;
  models: readonly ReferenceModel[];
  instances: boolean;
  modelLoadTimeMs: number;
  startUnloaded: boolean;
  notReadyForMs: number;
  seldonModel: string | undefined;
  serverMetadata: Buffer;
}

/** PendingReply is an answer waiting in the delay queue, with what its metrics need. */
class PendingReply {
  readonly res: ServerResponse;
  readonly status: number;
  readonly reply: InferenceReply;
  readonly served: ServedInference;
  constructor(res: ServerResponse, status: number, reply: InferenceReply, served: ServedInference) {
    this.res = res;
    this.status = status;
    this.reply = reply;
    this.served = served;
  }
}

/** ServedInference is one inference as ServerMetrics counts it once its answer is sent. */
interface ServedInference {
  readonly model: string;
  readonly version: string;
  readonly batch: number;
  readonly times: InferenceTimes;
}

const JSON_TYPE = 'application/json';
const LIVE_BODY = Buffer.from('{"live":true}');
const READY_BODY = Buffer.from('{"ready":true}');
const NOT_READY_BODY = Buffer.from('{"ready":false}');
const EMPTY_OBJECT = Buffer.from('{}');
const INJECTED_ERROR = 'injected error';

/** RequestHandler routes and answers requests. */
export class RequestHandler {
  readonly stats: ServerStats;
  readonly metrics: ServerMetrics;
  readonly repository: ModelRepository;
  closing: boolean;
  private readonly o: RequestHandlerOptions;
  private readonly latency: LatencyModel;
  private readonly queue: DelayQueue<PendingReply>;
  private readonly capacity: CapacityLimit | null;
  /** notReadyUntilMs is the performance.now() time until which the server reports not ready. */
  private notReadyUntilMs: number;

  constructor(o: RequestHandlerOptions) {
    this.o = o;
    this.stats = new ServerStats();
    this.metrics = new ServerMetrics();
    this.repository = new ModelRepository({ models: o.models, instances: o.instances, loadTimeMs: o.modelLoadTimeMs, startUnloaded: o.startUnloaded });
    this.closing = false;
    this.latency = o.latency ?? NO_LATENCY;
    this.queue = new DelayQueue<PendingReply>((p) => this.release(p), o.preciseLatency);
    this.capacity = o.capacityHz > 0 ? new CapacityLimit(o.capacityHz) : null;
    this.notReadyUntilMs = o.notReadyForMs > 0 ? performance.now() + o.notReadyForMs : 0;
  }

  /** setNotReady makes the server answer not ready (503) for durationMs from now; 0 ends it. */
  setNotReady(durationMs: number): void {
    this.notReadyUntilMs = durationMs > 0 ? performance.now() + durationMs : 0;
  }

  private serverReady(now: number): boolean {
    return now >= this.notReadyUntilMs;
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    const arrivedMs = performance.now();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const route = parseServerRoute(path);
    this.stats.countRequest(path, serverRouteModel(route));
    if (route.kind === 'unknown') return this.error(res, 404, 'v2', `no such endpoint: ${req.method} ${path}`);
    const method = routeMethod(route);
    if (req.method !== method && !(method === 'GET' && req.method === 'HEAD')) {
      return this.send(res, 405, Buffer.from(JSON.stringify({ error: `${req.method} is not allowed on ${path}; use ${method}` })), method);
    }
    switch (route.kind) {
      case 'live':
        return this.send(res, 200, LIVE_BODY);
      case 'ready':
        if (this.serverReady(arrivedMs)) return this.send(res, 200, READY_BODY);
        this.stats.notReady++;
        return this.send(res, 503, NOT_READY_BODY);
      case 'server-metadata':
        return this.send(res, 200, this.o.serverMetadata);
      case 'metrics':
        return void this.metrics.text().then((text) => this.send(res, 200, Buffer.from(text), undefined, this.metrics.registry.contentType));
      case 'repository-index':
      case 'repository-load':
      case 'repository-unload':
        return this.readBody(req, res, (body) => this.repositoryRequest(res, route, body));
      default:
        return this.modelRequest(req, res, route, arrivedMs);
    }
  }

  private modelRequest(req: IncomingMessage, res: ServerResponse, route: ServerRoute, arrivedMs: number): void {
    const api: InferenceApi = route.kind.startsWith('tfs-') ? 'tfserving' : route.kind === 'seldon-predict' ? 'seldon' : 'v2';
    const name = route.kind === 'seldon-predict' ? (route.deployment ?? this.defaultSeldonModel()) : serverRouteModel(route);
    const entry = name === undefined ? undefined : this.repository.get(name);
    if (entry === undefined) {
      const serving = this.repository.names().slice(0, 20).join(', ');
      return this.error(res, 404, api, `model "${name ?? ''}" not found; serving ${serving}`);
    }
    const version = 'version' in route ? route.version : undefined;
    if (version !== undefined && !entry.model.versions.includes(version)) {
      return this.error(res, 404, api, `model "${entry.model.name}" has no version "${version}"; versions: ${entry.model.versions.join(', ')}`);
    }
    const ready = entry.state === 'READY' && this.serverReady(arrivedMs);
    switch (route.kind) {
      case 'model-metadata':
        return this.send(res, 200, entry.metadata);
      case 'model-ready':
        if (!ready) this.stats.notReady++;
        return this.send(res, ready ? 200 : 503, Buffer.from(JSON.stringify({ name: entry.model.name, ready })));
      case 'tfs-status':
        return this.send(res, 200, tfServingStatus(version ?? entry.version, entry.state === 'READY' ? 'AVAILABLE' : entry.state === 'LOADING' ? 'LOADING' : 'END'));
      case 'tfs-metadata':
        return this.send(res, 200, tfServingMetadata(entry.model, version ?? entry.version));
    }
    this.stats.inferences++;
    if (!ready) {
      this.stats.notReady++;
      const why = entry.state === 'READY' ? 'the server is not ready' : `model "${entry.model.name}" is not ready (${entry.state})`;
      return this.error(res, 503, api, why);
    }
    this.readBody(req, res, (body) => this.infer(req, res, api, entry, version ?? entry.version, body, arrivedMs));
  }

  private defaultSeldonModel(): string | undefined {
    if (this.o.seldonModel !== undefined) return this.o.seldonModel;
    return this.o.models.some((m) => m.name === 'iris') ? 'iris' : this.o.models[0]?.name;
  }

  /** readBody collects a request body up to maxBodyBytes (413 beyond), then calls then. */
  private readBody(req: IncomingMessage, res: ServerResponse, then: (body: Buffer) => void): void {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const max = this.o.maxBodyBytes;
    req.on('error', ignore);
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > max) {
        if (!res.headersSent) {
          if (res.req.httpVersionMajor < 2) res.setHeader('connection', 'close');
          this.send(res, 413, Buffer.from(JSON.stringify({ error: `request body exceeds ${max} bytes` })));
        }
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (bytes > max) return;
      then(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, bytes));
    });
  }

  /** infer decodes, records, computes and queues the answer for the request's latency deadline. */
  private infer(req: IncomingMessage, res: ServerResponse, api: InferenceApi, entry: RepositoryEntry, version: string, body: Buffer, arrivedMs: number): void {
    const model = entry.model;
    const times: InferenceTimes = { arrivedMs, bodyMs: performance.now(), decodedMs: 0, inferredMs: 0, encodedMs: 0 };
    let reply: InferenceReply;
    let status = 200;
    let batch = 0;
    try {
      const decoded = decodeInference(api, body, model, req.headers);
      const r = decoded.request;
      batch = r.batchSize;
      this.stats.record({
        protocol: decoded.protocol,
        model: model.name,
        path: req.url ?? '/',
        headers: req.headers,
        inputs: r.inputs,
        parameters: r.parameters,
        outputs: r.outputs,
        binaryOutputs: r.binaryOutputs ?? [],
      });
      times.decodedMs = performance.now();
      if (this.o.errorRate > 0 && this.o.random() < this.o.errorRate) {
        status = this.o.errorStatus;
        times.inferredMs = times.decodedMs;
        reply = { body: inferenceErrorBody(api, INJECTED_ERROR), contentType: JSON_TYPE, jsonLength: -1 };
        this.stats.errorsInjected++;
      } else {
        const outputs = model.infer(r.inputs, r.batchSize);
        times.inferredMs = performance.now();
        reply = encodeInference(decoded, model.name, version, outputs);
        this.stats.inferencesOk++;
      }
      times.encodedMs = performance.now();
    } catch (err) {
      const now = performance.now();
      times.decodedMs = times.decodedMs || now;
      times.inferredMs = times.encodedMs = now;
      this.metrics.observe(model.name, version, false, batch, times, now);
      if (err instanceof BadInferRequest) return this.error(res, 400, api, err.message);
      // A model bug must not take the server (and the test or demo hosting it) down.
      return this.error(res, 500, api, `model "${model.name}" failed: ${(err as Error).message}`);
    }
    const served: ServedInference = { model: model.name, version, batch, times };
    const readyMs = arrivedMs + sampleLatencyNs(this.latency, this.o.random) / 1e6;
    const now = performance.now();
    // Past capacity an answer waits for a free slot after its latency, as behind a busy model.
    const deadlineMs = this.capacity === null ? readyMs : this.capacity.releaseMs(Math.max(readyMs, now));
    if (deadlineMs <= now) return this.sendInference(res, status, reply, served);
    this.queue.push(deadlineMs, new PendingReply(res, status, reply, served));
  }

  /** repositoryRequest answers the repository extension: index, load (after the load time), unload. */
  private repositoryRequest(res: ServerResponse, route: ServerRoute, body: Buffer): void {
    let parsed: unknown = {};
    if (body.length > 0) {
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        return this.error(res, 400, 'v2', 'invalid JSON body');
      }
    }
    if (route.kind === 'repository-index') {
      const readyOnly = (parsed as { ready?: unknown } | null)?.ready === true;
      return this.send(res, 200, Buffer.from(JSON.stringify(this.repository.index(readyOnly))));
    }
    if (route.kind === 'repository-unload') {
      const problem = this.repository.unload(route.model);
      return problem === undefined ? this.send(res, 200, EMPTY_OBJECT) : this.error(res, 400, 'v2', problem);
    }
    if (route.kind === 'repository-load') {
      this.repository.load(route.model, (problem) => {
        if (res.destroyed) return;
        if (problem === undefined) this.send(res, 200, EMPTY_OBJECT);
        else this.error(res, 400, 'v2', problem);
      });
    }
  }

  /** closeRepository answers loads still waiting, so closing the server does not wait for them. */
  closeRepository(): void {
    this.repository.finishPending();
  }

  private release(p: PendingReply): void {
    if (!p.res.destroyed) this.sendInference(p.res, p.status, p.reply, p.served);
  }

  private sendInference(res: ServerResponse, status: number, reply: InferenceReply, served: ServedInference): void {
    if (reply.jsonLength >= 0) res.setHeader('inference-header-content-length', reply.jsonLength);
    this.send(res, status, reply.body, undefined, reply.contentType);
    this.metrics.observe(served.model, served.version, status === 200, served.batch, served.times, performance.now());
  }

  /** error answers status with api's error body, counting 400s, 404s and keeping the message. */
  private error(res: ServerResponse, status: number, api: InferenceApi, message: string): void {
    if (status === 400) this.stats.badRequests++;
    if (status === 404) this.stats.notFound++;
    this.stats.lastError = message;
    this.send(res, status, inferenceErrorBody(api, message));
  }

  private send(res: ServerResponse, status: number, body: Buffer, allow?: string, contentType = JSON_TYPE): void {
    res.statusCode = status;
    res.setHeader('content-type', contentType);
    res.setHeader('content-length', body.length);
    if (allow !== undefined) res.setHeader('allow', allow);
    // While closing, end each connection after its answer so close() resolves.
    // (HTTP/2 has no connection header; the session is closed instead.)
    if (this.closing && res.req.httpVersionMajor < 2) res.setHeader('connection', 'close');
    res.end(body);
  }
}

function ignore(): void {}
