/**
 * GrpcMethod is the method a gRPC run calls, resolved once from a .proto file (with import paths)
 * or a protoset (a compiled FileDescriptorSet), as ghz's `--proto`/`--protoset` and `--call` do
 * (spec: ghz.md 1, 5). Server reflection is not supported.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type protobufjs from 'protobufjs';
import type { Method, Namespace, ReflectionObject, Root, Service, Type } from 'protobufjs';
import { UsageError } from '../core/errors.js';
import { bundledProtoPath, isBundledProtoName, protosDir } from './bundled-protos.js';
import { ProtojsonError, protojsonToMessage } from './protojson.js';

let protobufModule: typeof protobufjs | null = null;
/** pb is protobufjs, required on first use: a worker that never reads a schema does not pay for it at start-up. */
function pb(): typeof protobufjs {
  protobufModule ??= createRequire(import.meta.url)('protobufjs') as typeof protobufjs;
  return protobufModule;
}

/** GrpcMethod is one resolved RPC with its message codecs. */
export interface GrpcMethod {
  /** path is the HTTP/2 `:path`, e.g. `/inference.GRPCInferenceService/ModelInfer`. */
  readonly path: string;
  /** service is the fully qualified service name, e.g. `inference.GRPCInferenceService`. */
  readonly service: string;
  /** method is the method's name, e.g. `ModelInfer`. */
  readonly method: string;
  /** requestType and responseType are fully qualified message names, e.g. `inference.ModelInferRequest`. */
  readonly requestType: string;
  readonly responseType: string;
  readonly clientStreaming: boolean;
  readonly serverStreaming: boolean;
  /** requestMessage and responseMessage are the protobufjs types, for validation and decoding. */
  readonly requestMessage: Type;
  readonly responseMessage: Type;
  /**
   * encodeRequest serializes a request given in protojson form (parsed JSON), checking it
   * against the request type; a mismatch throws a one-line UsageError.
   */
  encodeRequest(obj: unknown): Buffer;
  /** decodeResponse parses response bytes into a plain object (proto field names, 64-bit ints and bytes as strings). */
  decodeResponse(buf: Uint8Array): Record<string, unknown>;
}

/** LoadGrpcMethodOptions name the schema source and the call, as ghz's flags do. */
export interface LoadGrpcMethodOptions {
  /** proto is a .proto file, or `v2` / `tfserving` / `seldon` / `echo` for the bundled ones; it wins over protoset. */
  proto?: string;
  /** protoset is a FileDescriptorSet file (`protoc --descriptor_set_out --include_imports`). */
  protoset?: string;
  /** importPaths are searched for imports, before the proto's own folder and the current one. */
  importPaths?: readonly string[];
  /** call is `pkg.Service/Method` or `pkg.Service.Method`. */
  call: string;
}

/** SchemaSource is where loadProtoRoot reads the schema from. */
export type SchemaSource = Omit<LoadGrpcMethodOptions, 'call'>;

/** MAX_LISTED bounds the available names an error message lists. */
const MAX_LISTED = 6;

/**
 * loadGrpcMethod loads the schema and resolves the call in it. Missing or unreadable files,
 * parse errors, unresolvable imports or types, an unknown service or method, and a missing
 * schema source (server reflection is not supported) throw a one-line UsageError.
 */
export function loadGrpcMethod(options: LoadGrpcMethodOptions): GrpcMethod {
  const root = loadProtoRoot(options);
  return resolveGrpcMethod(root, options.call, schemaLabel(options));
}

/**
 * loadProtoRoot loads a .proto (field names kept as written) or a protoset into a resolved
 * protobufjs Root. Errors are one-line UsageErrors naming the flag.
 */
export function loadProtoRoot(source: SchemaSource): Root {
  addCommonProtos();
  if (source.proto !== undefined && source.proto !== '') return loadProto(source.proto, source.importPaths ?? []);
  if (source.protoset !== undefined && source.protoset !== '') return loadProtoset(source.protoset);
  throw new UsageError('--proto or --protoset is required: loadgen does not support server reflection');
}

function schemaLabel(source: SchemaSource): string {
  return source.proto !== undefined && source.proto !== '' ? source.proto : (source.protoset ?? '');
}

function loadProto(proto: string, importPaths: readonly string[]): Root {
  const file = findProtoFile(proto, importPaths);
  const searched = [...importPaths.map((p) => resolve(p)), dirname(file), process.cwd()];
  // A shipped .proto imports others from the package's protos/ folder (tensorflow/core/framework/...).
  const shipped = protosDir();
  if (file.startsWith(shipped + sep)) searched.push(shipped);
  const root = new (pb().Root)();
  root.resolvePath = (origin: string, target: string): string => {
    if (isAbsolute(target)) return target;
    for (const dir of searched) {
      const candidate = join(dir, target);
      if (existsSync(candidate)) return candidate;
    }
    const from = origin === '' ? '' : `${origin}: `;
    throw new UsageError(`--proto: ${from}import "${target}" not found in ${searched.join(', ')} (add its folder with --import-paths)`);
  };
  try {
    root.loadSync(file, { keepCase: true });
    root.resolveAll();
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`--proto: ${oneLine((err as Error).message)}`);
  }
  return root;
}

/** findProtoFile resolves --proto: a path, a bundled name, or a path relative to an import path. */
function findProtoFile(proto: string, importPaths: readonly string[]): string {
  if (existsSync(proto)) return resolve(proto);
  if (isBundledProtoName(proto)) return bundledProtoPath(proto);
  if (!isAbsolute(proto)) {
    for (const dir of importPaths) {
      const candidate = join(dir, proto);
      if (existsSync(candidate)) return resolve(candidate);
    }
  }
  throw new UsageError(`--proto: cannot read "${proto}": no such file`);
}

function loadProtoset(path: string): Root {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`--protoset: cannot read "${path}": ${e.code ?? e.message}`);
  }
  try {
    const set = descriptorTypes().FileDescriptorSet.decode(bytes);
    const root = (pb().Root as unknown as { fromDescriptor(set: unknown): Root }).fromDescriptor(set);
    root.resolveAll();
    return root;
  } catch (err) {
    throw new UsageError(`--protoset: "${path}" is not a usable FileDescriptorSet: ${oneLine((err as Error).message)}`);
  }
}

/**
 * resolveGrpcMethod finds `pkg.Service/Method` (or `pkg.Service.Method`) in root. source names
 * the schema in error messages, which list a few of the available services or methods.
 */
export function resolveGrpcMethod(root: Root, call: string, source: string): GrpcMethod {
  const m = /^\.?([A-Za-z_][\w.]*)[/.]([A-Za-z_]\w*)$/.exec(call.trim());
  if (m === null) throw new UsageError(`--call: want pkg.Service/Method or pkg.Service.Method, got "${call}"`);
  const [, serviceName, methodName] = m;
  const found = root.lookup(serviceName);
  if (found === null || !(found instanceof pb().Service)) {
    const services = listServices(root);
    const available = services.length === 0 ? 'it defines no service' : `available: ${listed(services)}`;
    throw new UsageError(`--call: service "${serviceName}" not found in ${source}; ${available}`);
  }
  const service = found as Service;
  const method = service.methods[methodName] as Method | undefined;
  if (method === undefined) {
    throw new UsageError(`--call: method "${methodName}" not found in service ${serviceName}; available: ${listed(Object.keys(service.methods))}`);
  }
  method.resolve();
  return makeMethod(service, method);
}

function makeMethod(service: Service, method: Method): GrpcMethod {
  const requestMessage = method.resolvedRequestType as Type;
  const responseMessage = method.resolvedResponseType as Type;
  const serviceFull = qualified(service);
  return {
    path: `/${serviceFull}/${method.name}`,
    service: serviceFull,
    method: method.name,
    requestType: qualified(requestMessage),
    responseType: qualified(responseMessage),
    clientStreaming: method.requestStream === true,
    serverStreaming: method.responseStream === true,
    requestMessage,
    responseMessage,
    encodeRequest(obj: unknown): Buffer {
      let message;
      try {
        message = protojsonToMessage(requestMessage, obj);
      } catch (err) {
        if (err instanceof ProtojsonError) throw new UsageError(err.message);
        throw err;
      }
      return encodeMessage(requestMessage, message);
    },
    decodeResponse(buf: Uint8Array): Record<string, unknown> {
      const decoded = responseMessage.decode(buf);
      return responseMessage.toObject(decoded, { longs: String, enums: String, bytes: String, json: true }) as Record<string, unknown>;
    },
  };
}

/** encodeMessage serializes an encode-ready object as a Buffer (no copy when protobufjs gives one). */
export function encodeMessage(type: Type, message: Record<string, unknown>): Buffer {
  const bytes = type.encode(message).finish();
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** qualified is a reflection object's full name without the leading dot. */
function qualified(obj: ReflectionObject): string {
  return obj.fullName.replace(/^\./, '');
}

/** listServices returns the fully qualified services of root, google.* excluded, sorted. */
function listServices(root: Root): string[] {
  const out: string[] = [];
  const walk = (ns: Namespace): void => {
    for (const child of ns.nestedArray) {
      if (child instanceof pb().Service) out.push(qualified(child));
      if ('nestedArray' in child && (child as Namespace).nestedArray !== undefined) walk(child as Namespace);
    }
  };
  walk(root);
  return out.filter((s) => !s.startsWith('google.')).sort();
}

function listed(names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED).join(', ');
  return names.length > MAX_LISTED ? `${shown}, ... (${names.length} in all)` : shown;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

interface DescriptorTypes {
  FileDescriptorSet: Type;
}

let descriptorCache: DescriptorTypes | undefined;
let commonAdded = false;

/** descriptorTypes loads protobufjs' descriptor extension (which also adds Root.fromDescriptor). */
function descriptorTypes(): DescriptorTypes {
  descriptorCache ??= createRequire(import.meta.url)('protobufjs/ext/descriptor') as DescriptorTypes;
  return descriptorCache;
}

/**
 * addCommonProtos registers the well-known .proto files protobufjs does not bundle (api,
 * descriptor, source_context, type), as @grpc/proto-loader does, so imports of them resolve.
 */
function addCommonProtos(): void {
  if (commonAdded) return;
  commonAdded = true;
  const require = createRequire(import.meta.url);
  for (const name of ['api', 'descriptor', 'source_context', 'type']) {
    const json = require(`protobufjs/google/protobuf/${name}.json`) as { nested: { google: { nested: { protobuf: { nested: Record<string, unknown> } } } } };
    pb().common(name, json.nested.google.nested.protobuf.nested);
  }
}
