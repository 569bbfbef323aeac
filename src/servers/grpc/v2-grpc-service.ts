/**
 * The reference server's `inference.GRPCInferenceService` (spec: inference-protocols.md 2): the
 * REST server's models and model repository (instances, load time, unloaded models), health and
 * metadata, the inference RPCs (v2-grpc-infer.ts) and the repository extension.
 */
import { status, type sendUnaryData, type ServerUnaryCall, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Root, Type } from 'protobufjs';
import { encodeMessage } from '../../grpc/grpc-method.js';
import type { ModelRepository, RepositoryEntry } from '../model-repository.js';
import type { ServerStats } from '../server-stats.js';
import type { CallInjector } from './call-injector.js';
import { v2InferHandlers } from './v2-grpc-infer.js';

/** V2_SERVICE_NAME is the fully qualified OIP gRPC service name. */
export const V2_SERVICE_NAME = 'inference.GRPCInferenceService';

/** V2ServiceContext is what the V2 handlers share with the server. */
export interface V2ServiceContext {
  readonly root: Root;
  readonly repository: ModelRepository;
  readonly stats: ServerStats;
  readonly injector: CallInjector;
  readonly errorCode: number;
  readonly serverName: string;
  readonly serverVersion: string;
}

type Unary = (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => void;

const TO_OBJECT = { longs: Number, arrays: true } as const;
const EMPTY = Buffer.alloc(0);

function path(method: string): string {
  return `/${V2_SERVICE_NAME}/${method}`;
}

/** v2GrpcImplementation builds the handlers of every GRPCInferenceService method. */
export function v2GrpcImplementation(ctx: V2ServiceContext): UntypedServiceImplementation {
  return { ...healthHandlers(ctx), ...modelHandlers(ctx), ...v2InferHandlers(ctx, path), ...repositoryHandlers(ctx) };
}

/** healthHandlers answer ServerLive, ServerReady and ServerMetadata with prebuilt messages. */
function healthHandlers(ctx: V2ServiceContext): Record<string, Unary> {
  const t = (name: string): Type => ctx.root.lookupType(`inference.${name}`);
  const fixed = (method: string, reply: Buffer): Unary => (_call, callback) => {
    ctx.stats.countRequest(path(method), undefined);
    callback(null, reply);
  };
  return {
    ServerLive: fixed('ServerLive', encodeMessage(t('ServerLiveResponse'), { live: true })),
    ServerReady: fixed('ServerReady', encodeMessage(t('ServerReadyResponse'), { ready: true })),
    ServerMetadata: fixed(
      'ServerMetadata',
      encodeMessage(t('ServerMetadataResponse'), { name: ctx.serverName, version: ctx.serverVersion, extensions: ['model_repository'] }),
    ),
  };
}

/** modelHandlers answer ModelReady (empty = not ready, as proto3 leaves false out) and ModelMetadata. */
function modelHandlers(ctx: V2ServiceContext): Record<string, Unary> {
  const readyRequest = ctx.root.lookupType('inference.ModelReadyRequest');
  const metadataRequest = ctx.root.lookupType('inference.ModelMetadataRequest');
  const metadataType = ctx.root.lookupType('inference.ModelMetadataResponse');
  const ready = encodeMessage(ctx.root.lookupType('inference.ModelReadyResponse'), { ready: true });
  const metadata = new WeakMap<RepositoryEntry, Buffer>();
  const metadataOf = (entry: RepositoryEntry): Buffer => {
    let bytes = metadata.get(entry);
    if (bytes === undefined) {
      const m = entry.model;
      bytes = encodeMessage(metadataType, { name: m.name, versions: [...m.versions], platform: m.platform, inputs: m.inputs, outputs: m.outputs });
      metadata.set(entry, bytes);
    }
    return bytes;
  };
  return {
    ModelReady(call, callback) {
      const entry = findModel(ctx, 'ModelReady', readyRequest, call, callback);
      if (entry !== undefined) callback(null, entry.state === 'READY' ? ready : EMPTY);
    },
    ModelMetadata(call, callback) {
      const entry = findModel(ctx, 'ModelMetadata', metadataRequest, call, callback);
      if (entry !== undefined) callback(null, metadataOf(entry));
    },
  };
}

/** findModel decodes a {name, version} request and answers NOT_FOUND for an unknown model or version. */
function findModel(ctx: V2ServiceContext, method: string, type: Type, call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>): RepositoryEntry | undefined {
  const req = decode(type, call.request, callback);
  if (req === undefined) return undefined;
  const name = String(req.name ?? '');
  ctx.stats.countRequest(path(method), name);
  const entry = ctx.repository.get(name);
  const version = String(req.version ?? '');
  if (entry === undefined || (version !== '' && !entry.model.versions.includes(version))) {
    ctx.stats.notFound++;
    callback({ code: status.NOT_FOUND, details: entry === undefined ? `model "${name}" not found` : `model "${name}" has no version "${version}"` });
    return undefined;
  }
  return entry;
}

/** repositoryHandlers implement the model repository extension on the shared ModelRepository. */
function repositoryHandlers(ctx: V2ServiceContext): Record<string, Unary> {
  const indexRequest = ctx.root.lookupType('inference.RepositoryIndexRequest');
  const indexResponse = ctx.root.lookupType('inference.RepositoryIndexResponse');
  const loadRequest = ctx.root.lookupType('inference.RepositoryModelLoadRequest');
  const modelName = (method: string, call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>): string | undefined => {
    const req = decode(loadRequest, call.request, callback);
    if (req === undefined) return undefined;
    const name = String(req.model_name ?? '');
    ctx.stats.countRequest(path(method), name);
    return name;
  };
  return {
    RepositoryIndex(call, callback) {
      const req = decode(indexRequest, call.request, callback);
      if (req === undefined) return;
      ctx.stats.countRequest(path('RepositoryIndex'), undefined);
      // An empty reason stays off the wire, as proto3 encoders leave empty strings out.
      const models = ctx.repository.index(req.ready === true).map((m) => (m.reason === '' ? { name: m.name, version: m.version, state: m.state } : m));
      callback(null, encodeMessage(indexResponse, { models }));
    },
    RepositoryModelLoad(call, callback) {
      const name = modelName('RepositoryModelLoad', call, callback);
      if (name === undefined) return;
      ctx.repository.load(name, (error) => {
        if (error === undefined) return callback(null, EMPTY);
        callback({ code: ctx.repository.get(name) === undefined ? status.NOT_FOUND : status.ABORTED, details: error });
      });
    },
    RepositoryModelUnload(call, callback) {
      const name = modelName('RepositoryModelUnload', call, callback);
      if (name === undefined) return;
      const error = ctx.repository.unload(name);
      if (error === undefined) callback(null, EMPTY);
      else callback({ code: status.NOT_FOUND, details: error });
    },
  };
}

/** decode parses a request message, answering INVALID_ARGUMENT when it is malformed. */
function decode(type: Type, bytes: Buffer, callback: sendUnaryData<Buffer>): Record<string, unknown> | undefined {
  try {
    return type.toObject(type.decode(bytes), TO_OBJECT);
  } catch (err) {
    callback({ code: status.INVALID_ARGUMENT, details: `malformed ${type.name}: ${(err as Error).message}` });
    return undefined;
  }
}
