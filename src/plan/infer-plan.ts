/**
 * buildInferPlan turns `loadgen infer` flags into a Plan: the inference request for the model and
 * payload is built once (one JSON body for the whole run), and sent by the same engine as attack.
 * Without --rate or --vus, infer runs one virtual user; without --duration or --iterations, 10 s.
 */
import { parseHeaderFlags } from './headers.js';
import { seldonModelName, seldonRoutingHeaders } from '../protocols/seldon-routing.js';
import type { ResponseCheck } from '../protocols/checks/response-check.js';
import { expectedOutputs } from '../payloads/expected-outputs.js';
import { inferenceRequests, INFER_PROTOCOLS, modelPayloads, seldonRouting, type InferenceFlags, type InferProtocol, type ModelPayload } from './inference-requests.js';
import { parseLoadOptions, runMeta, wholeNumber, type LoadFlags } from './load-options.js';
import type { GrpcSource, Plan } from './plan.js';
import { encodeModelInferRequest, V2_INFER_PATH } from '../grpc/v2-grpc-request.js';
import { frameMessage } from '../grpc/grpc-wire.js';
import { grpcClient } from './grpc-plan.js';
import { UsageError } from './usage-error.js';

export interface InferFlags extends LoadFlags, InferenceFlags {
  proto?: string;
  header?: string | string[];
  name?: string;
  transport?: string;
  rawContents?: boolean;
  grpcClient?: string;
}

/** DEFAULT_INFER_DURATION is the length of an infer run given no stop condition. */
export const DEFAULT_INFER_DURATION = '10s';

export function buildInferPlan(f: InferFlags, command = 'infer'): Plan {
  const proto = f.proto ?? 'v2';
  if (!(INFER_PROTOCOLS as readonly string[]).includes(proto)) {
    throw new UsageError(`--proto: "${proto}" is not supported; use one of ${INFER_PROTOCOLS.join(', ')}`);
  }
  const loadFlags: LoadFlags = {
    ...f,
    vus: f.rate === undefined && f.vus === undefined ? 1 : f.vus,
    duration: f.duration === undefined && f.iterations === undefined ? DEFAULT_INFER_DURATION : f.duration,
  };
  const options = parseLoadOptions(loadFlags);
  const batchSize = wholeNumber(f.batchSize ?? 1, '--batch-size', 1);
  const extra = parseHeaderFlags(f.header);
  const transport = f.transport ?? 'http';
  const what = f.models !== undefined ? `models ${f.models}` : `model ${f.model}`;
  if (transport === 'grpc') {
    if (proto !== 'v2') throw new UsageError(`--transport grpc speaks --proto v2 so far; ${proto} runs over HTTP`);
    return {
      meta: runMeta(command, f.name, `${f.url} ${what} (${proto}, gRPC)`, options, 'grpc'),
      ...options,
      source: v2GrpcSource(f, modelPayloads(f, batchSize), batchSize, extra, options.http.tls.insecure),
      vegetaHeaders: false,
    };
  }
  if (transport !== 'http') throw new UsageError(`--transport: "${transport}" is not a transport; use http or grpc`);
  if (f.rawContents) throw new UsageError('--raw-contents applies to --transport grpc');
  const requests = inferenceRequests(f, proto as InferProtocol, batchSize);
  return {
    meta: runMeta(command, f.name, `${f.url} ${what} (${proto}, HTTP)`, options),
    ...options,
    source: { kind: 'list', requests: requests.map((r) => ({ ...r, headers: [...r.headers, ...extra] })) },
    vegetaHeaders: false,
  };
}

/**
 * v2GrpcSource prepares `inference.GRPCInferenceService/ModelInfer` for the payload: typed
 * `contents` per datatype, or `raw_input_contents` with --raw-contents; --header values become
 * metadata. The server is --url: http://host:port (plaintext), https://host:port, or host:port.
 */
function v2GrpcSource(f: InferFlags, models: readonly ModelPayload[], batchSize: number, headers: Array<[string, string]>, insecure: boolean): GrpcSource {
  const url = /^[a-z]+:\/\//i.test(f.url) ? f.url : `http://${f.url}`;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`--url: "${f.url}" is not a server address; use host:port or http://host:port`);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.port === '') {
    throw new UsageError(`--url: "${f.url}" must name a port, e.g. http://127.0.0.1:8001 (https:// for TLS)`);
  }
  if (f.requestIdPrefix !== undefined) throw new UsageError('--request-id-prefix is for --transport http so far');
  const calls = models.map((m) => {
    const routing = seldonRouting(f, m.name);
    const name = routing === null ? m.name : seldonModelName(routing);
    const message = encodeModelInferRequest(m.payload, { model: name, version: f.modelVersion, contents: f.rawContents ? 'raw' : 'typed' });
    const pairs = routing === null ? headers : [...headers, ...seldonRoutingHeaders(routing)];
    const check: ResponseCheck | null = f.check === false ? null : { protocol: 'v2-grpc', expect: m.template === null ? null : expectedOutputs(m.template, batchSize) };
    return { path: V2_INFER_PATH, frame: frameMessage(message), metadata: pairs.map(([k, v]) => [k.toLowerCase(), v] as const), check };
  });
  return {
    kind: 'grpc',
    authority: u.origin,
    tls: u.protocol === 'https:' ? { skipVerify: insecure, ca: null, cert: null, key: null, serverName: null } : null,
    calls,
    client: grpcClient(f.grpcClient, false),
    maxRecvBytes: 2 ** 31 - 1,
    dynamic: null,
  };
}
