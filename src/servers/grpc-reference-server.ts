/**
 * The reference gRPC server: the Open Inference Protocol gRPC service
 * (`inference.GRPCInferenceService`, spec: inference-protocols.md 2), TF Serving's
 * `tensorflow.serving.PredictionService/Predict` (4.2) and Seldon v1's `seldon.protos.Seldon/Predict`
 * (5.2), computing the same models as the REST reference server, plus loadgen's echo service (`loadgen.echo.Echo`) for `loadgen grpc`
 * tests, both with latency and error injection, on @grpc/grpc-js, plaintext or TLS. Faults
 * (status, stall, rst-stream, goaway: grpc/grpc-faults.ts) apply to every service's calls.
 */
import { Server, ServerCredentials, status } from '@grpc/grpc-js';
import { bundledProtoPath } from '../grpc/bundled-protos.js';
import { loadProtoRoot } from '../grpc/grpc-method.js';
import { grpcStatusName } from '../core/grpc-status.js';
import { UsageError } from '../core/errors.js';
import { CallInjector } from './grpc/call-injector.js';
import { GrpcFaultInjector } from './grpc/grpc-fault-injector.js';
import type { GrpcFault } from './grpc/grpc-faults.js';
import type { FaultSwitch } from './fault-admin.js';
import { ECHO_SERVICE_NAME, echoGrpcImplementation } from './grpc/echo-grpc-service.js';
import { rawServiceDefinition } from './grpc/raw-service-definition.js';
import { V2_SERVICE_NAME, v2GrpcImplementation } from './grpc/v2-grpc-service.js';
import { SELDON_SERVICE_NAME, seldonGrpcImplementation } from './grpc/seldon-grpc-service.js';
import { TF_SERVING_SERVICE_NAME, tfServingGrpcImplementation } from './grpc/tfserving-grpc-service.js';
import { NO_LATENCY, parseLatencyModel, type LatencyModel } from './latency-model.js';
import { ModelRepository } from './model-repository.js';
import { REFERENCE_MODELS } from './models/model-registry.js';
import type { ReferenceModel } from './models/reference-model.js';
import { DEFAULT_HOST, DEFAULT_MAX_BODY_BYTES, SERVER_NAME, SERVER_VERSION } from './reference-server.js';
import { ServerStats } from './server-stats.js';

/** DEFAULT_GRPC_ERROR_CODE is the status of an injected error: 13, `Internal` (REST's 500). */
export const DEFAULT_GRPC_ERROR_CODE = status.INTERNAL;

/** CLOSE_GRACE_MS is how long close() lets calls in flight finish before cancelling them (ms). */
export const CLOSE_GRACE_MS = 5_000;

/** GrpcReferenceServerOptions configure startGrpcReferenceServer; every field is optional. */
export interface GrpcReferenceServerOptions {
  /** host to listen on (default 127.0.0.1). */
  host?: string;
  /** port to listen on; 0 (the default) picks a free ephemeral port. */
  port?: number;
  /** latency holds each inference or echo answer, from the call's arrival: a model or its text form (`10ms`, `uniform:5ms-15ms`, ...). */
  latency?: LatencyModel | string;
  /** errorRate is the probability (0..1) that an inference or echo call fails with errorCode (default 0). */
  errorRate?: number;
  /** errorCode is the injected error's gRPC status code, 1..16 (default 13, Internal). */
  errorCode?: number;
  /**
   * capacityHz caps the V2 ModelInfer answers per second (default 0: no cap), as the REST server's
   * capacityHz: answers beyond it wait for capacity after their latency.
   */
  capacityHz?: number;
  /** preciseLatency (default true) polls the clock for the last ~1.5 ms of each delay (see DelayQueue). */
  preciseLatency?: boolean;
  /** models to serve (default REFERENCE_MODELS, the REST server's model zoo). */
  models?: readonly ReferenceModel[];
  /** modelInstances serves numbered names (`iris3`, `iris3_1`) as copies of their type, as the REST server does (default false). */
  modelInstances?: boolean;
  /** modelLoadTimeMs is how long RepositoryModelLoad takes before the model is ready (ms, default 0). */
  modelLoadTimeMs?: number;
  /** startUnloaded makes every model start unloaded (not ready, inferences UNAVAILABLE) until RepositoryModelLoad. */
  startUnloaded?: boolean;
  /** random draws uniform [0, 1) values for latency and error injection (default Math.random). */
  random?: () => number;
  /** maxMessageBytes bounds received messages (default 64 MiB, as the REST server's body limit). */
  maxMessageBytes?: number;
  /** seldonModel is the model a Seldon Predict without `seldon` metadata goes to (default iris, as the REST server). */
  seldonModel?: string;
  /** tls serves TLS with this PEM certificate chain and private key (contents, not paths). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** faults are injected into every call (default none); setFaults or `POST /_loadgen/grpc-faults` on the HTTP port change them. */
  faults?: readonly GrpcFault[];
}

/** GrpcReferenceServer is a running reference gRPC server. */
export interface GrpcReferenceServer {
  /** address is `host:port` to dial, e.g. `127.0.0.1:34567`. */
  readonly address: string;
  readonly port: number;
  /** stats count calls by path (`/inference.GRPCInferenceService/ModelInfer`) and model. */
  readonly stats: ServerStats;
  /** faults switches the injected faults: replace(text) as `POST /_loadgen/grpc-faults` does, state() as GET answers. */
  readonly faults: FaultSwitch;
  /** setFaults replaces the injected faults. */
  setFaults(faults: readonly GrpcFault[]): void;
  /** close stops accepting calls, lets those in flight finish (up to CLOSE_GRACE_MS) and resolves when done. */
  close(): Promise<void>;
}

/**
 * startGrpcReferenceServer starts the server and resolves once it listens. Bad options (port,
 * error rate or code out of range, latency text, a port in use, unusable TLS material) throw a
 * one-line UsageError.
 */
export async function startGrpcReferenceServer(options: GrpcReferenceServerOptions = {}): Promise<GrpcReferenceServer> {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? 0;
  const errorCode = options.errorCode ?? DEFAULT_GRPC_ERROR_CODE;
  checkOptions(options, port, errorCode);
  const latency = typeof options.latency === 'string' ? parseLatencyModel(options.latency) : (options.latency ?? NO_LATENCY);
  const stats = new ServerStats();
  const random = options.random ?? Math.random;
  const injector = new CallInjector({ latency, errorRate: options.errorRate ?? 0, preciseLatency: options.preciseLatency ?? true, random, capacityHz: options.capacityHz ?? 0 });
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_BODY_BYTES;
  const faults = new GrpcFaultInjector(options.faults ?? [], random);
  const server = new Server({ 'grpc.max_receive_message_length': maxMessageBytes, 'grpc.max_send_message_length': -1, interceptors: [faults.interceptor] });

  const v2Root = loadProtoRoot({ proto: bundledProtoPath('v2') });
  const echoRoot = loadProtoRoot({ proto: bundledProtoPath('echo') });
  const repository = new ModelRepository({
    models: options.models ?? REFERENCE_MODELS,
    instances: options.modelInstances ?? false,
    loadTimeMs: options.modelLoadTimeMs ?? 0,
    startUnloaded: options.startUnloaded ?? false,
  });
  server.addService(
    rawServiceDefinition(v2Root.lookupService(V2_SERVICE_NAME)),
    v2GrpcImplementation({ root: v2Root, repository, stats, injector, errorCode, serverName: SERVER_NAME, serverVersion: SERVER_VERSION }),
  );
  const tfsRoot = loadProtoRoot({ proto: bundledProtoPath('tfserving') });
  server.addService(rawServiceDefinition(tfsRoot.lookupService(TF_SERVING_SERVICE_NAME)), tfServingGrpcImplementation({ root: tfsRoot, repository, stats, injector, errorCode }));
  const seldonRoot = loadProtoRoot({ proto: bundledProtoPath('seldon') });
  const models = options.models ?? REFERENCE_MODELS;
  const defaultModel = options.seldonModel ?? (models.some((m) => m.name === 'iris') ? 'iris' : (models[0]?.name ?? ''));
  server.addService(
    rawServiceDefinition(seldonRoot.lookupService(SELDON_SERVICE_NAME)),
    seldonGrpcImplementation({ root: seldonRoot, repository, stats, injector, errorCode, defaultModel }),
  );
  server.addService(rawServiceDefinition(echoRoot.lookupService(ECHO_SERVICE_NAME)), echoGrpcImplementation({ root: echoRoot, stats, injector, errorCode }));

  const actualPort = await bind(server, host, port, credentials(options.tls));
  const address = `${dialHost(host)}:${actualPort}`;
  return {
    address,
    port: actualPort,
    stats,
    faults,
    setFaults: (f: readonly GrpcFault[]) => faults.set(f),
    close: onceAsync(() => {
      repository.finishPending();
      faults.close();
      return shutdown(server);
    }),
  };
}

function checkOptions(o: GrpcReferenceServerOptions, port: number, errorCode: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: must be 0..65535, got ${port}`);
  const rate = o.errorRate ?? 0;
  if (!(rate >= 0 && rate <= 1)) throw new UsageError(`--error-rate: must be between 0 and 1, got ${rate}`);
  const capacity = o.capacityHz ?? 0;
  if (!(Number.isFinite(capacity) && capacity >= 0)) throw new UsageError(`--capacity: must be a positive rate, e.g. 100/s, got ${capacity}`);
  const loadTime = o.modelLoadTimeMs ?? 0;
  if (!(loadTime >= 0 && Number.isFinite(loadTime))) throw new UsageError(`--model-load-time: must be a non-negative number of ms, got ${loadTime}`);
  if (!Number.isInteger(errorCode) || errorCode < 1 || errorCode > 16) {
    throw new UsageError(`--error-code: must be a gRPC error status 1..16 (e.g. 14 for ${grpcStatusName(14)}), got ${errorCode}`);
  }
}

function credentials(tls: GrpcReferenceServerOptions['tls']): ServerCredentials {
  if (tls === undefined) return ServerCredentials.createInsecure();
  try {
    return ServerCredentials.createSsl(null, [{ cert_chain: Buffer.from(tls.cert), private_key: Buffer.from(tls.key) }], false);
  } catch (err) {
    throw new UsageError(`--tls: unusable certificate or key: ${(err as Error).message}`);
  }
}

function bind(server: Server, host: string, port: number, creds: ServerCredentials): Promise<number> {
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise((resolve, reject) => {
    server.bindAsync(target, creds, (err, actual) => {
      if (err !== null) reject(new UsageError(`--port: cannot listen on ${target}: ${err.message.replace(/\s+/g, ' ')}`));
      else resolve(actual);
    });
  });
}

/** dialHost is the host clients dial; wildcard addresses become loopback. */
function dialHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function shutdown(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, CLOSE_GRACE_MS);
    force.unref();
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}

/** onceAsync makes close() idempotent: later calls get the first call's promise. */
function onceAsync(fn: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= fn());
}
