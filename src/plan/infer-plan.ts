/**
 * buildInferPlan turns `loadgen infer` flags into a Plan: the inference request for the model and
 * payload is built once (one JSON body for the whole run), and sent by the same engine as attack.
 * Without --rate or --vus, infer runs one virtual user; without --duration or --iterations, 10 s.
 * The plan also holds the steps before load (--wait-ready's endpoints, --warmup) and the reports.
 */
import { withK6Outputs } from './k6-output-flags.js';
import { withShard } from './shard-flags.js';
import { runOutputs } from './run-output-flags.js';
import { serverMetricsPlan } from './server-metrics-flags.js';
import { parseHeaderFlags } from './headers.js';
import { seldonModelName, seldonRoutingHeaders } from '../protocols/seldon-routing.js';
import type { ResponseCheck } from '../protocols/checks/response-check.js';
import type { PreparedHttpRequest } from '../protocols/prepared-request.js';
import { expectedOutputs } from '../payloads/expected-outputs.js';
import { inferenceRequests, INFER_PROTOCOLS, modelPayloads, seldonRouting, type InferProtocol, type ModelPayload } from './inference-requests.js';
import type { InferFlags } from './infer-flags.js';
import { grpcReadiness, httpReadyUrls, waitReadyNs, warmUpOf } from './infer-readiness.js';
import { parseLoadOptions, runMeta, wholeNumber } from './load-options.js';
import type { GrpcSource, Plan, Readiness, RequestSource } from './plan.js';
import { reportSpecs } from './report-specs.js';
import { encodeModelInferRequest, V2_INFER_PATH } from '../grpc/v2-grpc-request.js';
import { encodePredictRequest, TF_SERVING_PREDICT_PATH } from '../grpc/tfserving-grpc-request.js';
import { encodeSeldonMessage, SELDON_PREDICT_PATH } from '../grpc/seldon-grpc-request.js';
import { frameMessage } from '../transports/grpc/grpc-wire.js';
import { grpcClient } from './grpc-plan.js';
import type { RunMeta } from '../core/run-result.js';
import { UsageError } from '../core/errors.js';

/** DEFAULT_INFER_DURATION is the length of an infer run given no stop condition. */
export const DEFAULT_INFER_DURATION = '10s';

/** InferSource is what an infer run sends, how it is described, and what says it is ready. */
interface InferSource {
  readonly source: RequestSource;
  readonly protocol: RunMeta['protocol'];
  readonly target: string;
  readonly readiness: Omit<Readiness, 'timeoutNs'>;
}

/**
 * buildInferPlan plans an infer run; `metricsUrl` is what a bare --server-metrics means (demo: the
 * embedded server's /metrics), null where it needs a URL.
 */
export function buildInferPlan(f: InferFlags, command = 'infer', metricsUrl: string | null = null): Plan {
  const proto = f.proto ?? 'v2';
  if (!(INFER_PROTOCOLS as readonly string[]).includes(proto)) {
    throw new UsageError(`--proto: "${proto}" is not supported; use one of ${INFER_PROTOCOLS.join(', ')}`);
  }
  const options = parseLoadOptions({
    ...f,
    vus: f.rate === undefined && f.vus === undefined ? 1 : f.vus,
    duration: f.duration === undefined && f.iterations === undefined ? DEFAULT_INFER_DURATION : f.duration,
  });
  const batchSize = wholeNumber(f.batchSize ?? 1, '--batch-size', 1);
  const built = inferSource(f, proto as InferProtocol, batchSize, options.http.tls.insecure);
  const timeoutNs = waitReadyNs(f);
  const serverMetrics = serverMetricsPlan(f, metricsUrl);
  const plan: Plan = {
    meta: runMeta(command, f.name, built.target, options, built.protocol),
    ...options,
    source: built.source,
    vegetaHeaders: false,
    readiness: timeoutNs === null ? null : { timeoutNs, ...built.readiness },
    warmUp: warmUpOf(f),
    reports: reportSpecs(f.report, options.output, built.protocol),
    ...runOutputs(f),
    ghz: null,
    // Left out, not null, when not asked for: --dry-run's plan stays as it was.
    ...(serverMetrics === null ? {} : { serverMetrics }),
  };
  return withShard(withK6Outputs(plan, f), f);
}

/** inferSource builds the requests over HTTP, gRPC (--transport grpc) or both (--mix). */
function inferSource(f: InferFlags, proto: InferProtocol, batchSize: number, insecure: boolean): InferSource {
  const extra = parseHeaderFlags(f.header);
  const transport = f.transport ?? 'http';
  const what = f.models !== undefined ? `models ${f.models}` : `model ${f.model}`;
  const wantsReady = f.waitReady !== undefined;
  const httpList = (models: readonly ModelPayload[]) => {
    const requests: PreparedHttpRequest[] = inferenceRequests(f, proto, models, batchSize).map((r) => ({ ...r, headers: [...r.headers, ...extra] }));
    return { source: { kind: 'list' as const, requests }, ready: wantsReady ? httpReadyUrls(f, proto, models, requests) : [] };
  };
  if (f.mix !== undefined) {
    if (f.transport !== undefined) throw new UsageError('--mix and --transport exclude each other: --mix http:N,grpc:M uses both');
    const pattern = parseMix(f.mix);
    const models = modelPayloads(f, batchSize);
    const http = httpList(models);
    const grpcFlags = { ...f, url: f.grpcUrl ?? f.url };
    const grpc = inferGrpcSource(grpcFlags, proto, models, batchSize, extra, insecure);
    return {
      source: { kind: 'mixed', pattern, http: http.source, grpc },
      protocol: 'mixed',
      target: `${f.url} + ${grpcFlags.url} ${what} (${proto}, HTTP and gRPC ${f.mix})`,
      readiness: { http: http.ready, grpc: wantsReady ? grpcReadiness(f, proto, models, grpc) : null },
    };
  }
  if (f.grpcUrl !== undefined) throw new UsageError('--grpc-url goes with --mix (the gRPC side of a mixed run)');
  if (transport === 'grpc') {
    if (proto !== 'v2' && f.rawContents) throw new UsageError('--raw-contents applies to --proto v2');
    if (proto !== 'v2' && (f.binaryData || f.binaryOutput)) throw new UsageError('--binary-data and --binary-output apply to --proto v2 over HTTP');
    if (proto !== 'v2' && f.format !== undefined) throw new UsageError('--format applies to --transport http; over gRPC TF Serving sends TensorProtos and Seldon data.tensor');
    const models = modelPayloads(f, batchSize);
    const grpc = inferGrpcSource(f, proto, models, batchSize, extra, insecure);
    return {
      source: grpc,
      protocol: 'grpc',
      target: `${f.url} ${what} (${proto}, gRPC)`,
      readiness: { http: [], grpc: wantsReady ? grpcReadiness(f, proto, models, grpc) : null },
    };
  }
  if (transport !== 'http') throw new UsageError(`--transport: "${transport}" is not a transport; use http or grpc`);
  if (f.rawContents) throw new UsageError('--raw-contents applies to --transport grpc');
  const http = httpList(modelPayloads(f, batchSize));
  return { source: http.source, protocol: 'http', target: `${f.url} ${what} (${proto}, HTTP)`, readiness: { http: http.ready, grpc: null } };
}

/**
 * parseMix reads `--mix http:N,grpc:M` into the repeating pattern of transports (0 = HTTP,
 * 1 = gRPC), interleaved as evenly as the weights allow: http:2,grpc:1 gives [0, 1, 0].
 */
export function parseMix(text: string): number[] {
  const weights = [0, 0];
  for (const part of text.split(',')) {
    const m = /^\s*(http|grpc):(\d+)\s*$/.exec(part);
    if (!m || weights[m[1] === 'http' ? 0 : 1] !== 0) throw new UsageError(`--mix: "${text}" is not a mix; use http:N,grpc:M, e.g. http:1,grpc:1`);
    weights[m[1] === 'http' ? 0 : 1] = Number(m[2]);
  }
  if (weights[0] === 0 || weights[1] === 0 || weights[0] + weights[1] > 1000) {
    throw new UsageError(`--mix: "${text}" needs both http and grpc with weights from 1 (at most 1000 in all)`);
  }
  const pattern: number[] = [];
  const sent = [0, 0];
  const total = weights[0] + weights[1];
  for (let i = 0; i < total; i++) {
    // Pick the transport furthest behind its share so far.
    const next = sent[0] / weights[0] <= sent[1] / weights[1] ? 0 : 1;
    pattern.push(next);
    sent[next]++;
  }
  return pattern;
}

/**
 * inferGrpcSource prepares one call per model instance in the chosen protocol; --header values
 * become metadata. The server is --url: http://host:port (plaintext), https://host:port, or
 * host:port.
 *
 * - v2: `inference.GRPCInferenceService/ModelInfer`, typed `contents` per datatype, or
 *   `raw_input_contents` with --raw-contents.
 * - tfserving: `tensorflow.serving.PredictionService/Predict`, model_spec from --model,
 *   --model-version and --signature, one TensorProto per input.
 * - seldon: `seldon.protos.Seldon/Predict`, a SeldonMessage with data.tensor, and metadata
 *   `seldon: <model>` (the deployment an ingress routes on; add `namespace` with --header).
 */
function inferGrpcSource(
  f: InferFlags,
  proto: InferProtocol,
  models: readonly ModelPayload[],
  batchSize: number,
  headers: Array<[string, string]>,
  insecure: boolean,
): GrpcSource {
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
  if (proto !== 'v2' && f.seldonModel !== undefined) throw new UsageError('--seldon-model (Seldon Core 2 routing) applies to --proto v2');
  const calls = models.map((m) => {
    const check = (protocol: ResponseCheck['protocol']): ResponseCheck | null =>
      f.check === false ? null : { protocol, expect: m.template === null ? null : expectedOutputs(m.template, batchSize) };
    const metadata = (pairs: ReadonlyArray<readonly [string, string]>): Array<readonly [string, string]> => pairs.map(([k, v]) => [k.toLowerCase(), v] as const);
    if (proto === 'tfserving') {
      const message = encodePredictRequest(m.payload, { model: m.name, version: f.modelVersion, signatureName: f.signature });
      return { path: TF_SERVING_PREDICT_PATH, frame: frameMessage(message), metadata: metadata(headers), check: check('tfserving-grpc') };
    }
    if (proto === 'seldon') {
      const message = encodeSeldonMessage(m.payload);
      const pairs: Array<[string, string]> = headers.some(([k]) => k.toLowerCase() === 'seldon') ? headers : [...headers, ['seldon', m.name]];
      return { path: SELDON_PREDICT_PATH, frame: frameMessage(message), metadata: metadata(pairs), check: check('seldon-grpc') };
    }
    const routing = seldonRouting(f, m.name);
    const name = routing === null ? m.name : seldonModelName(routing);
    const message = encodeModelInferRequest(m.payload, { model: name, version: f.modelVersion, contents: f.rawContents ? 'raw' : 'typed' });
    const pairs = routing === null ? headers : [...headers, ...seldonRoutingHeaders(routing)];
    return { path: V2_INFER_PATH, frame: frameMessage(message), metadata: metadata(pairs), check: check('v2-grpc') };
  });
  return {
    kind: 'grpc',
    authority: u.origin,
    tls: u.protocol === 'https:' ? { skipVerify: insecure, ca: null, cert: null, key: null, serverName: null } : null,
    calls,
    client: grpcClient(f.grpcClient, false),
    maxRecvBytes: 2 ** 31 - 1,
    dynamic: null,
    stream: null,
  };
}
