/**
 * The steps before an infer run, planned from the flags: --wait-ready's endpoints, named by the
 * protocol's request builders for the very models and paths the run sends to, and --warmup's
 * budget per model.
 */
import { parseDuration, type Nanos } from '../core/units.js';
import { UsageError } from '../core/errors.js';
import type { PreparedHttpRequest } from '../protocols/prepared-request.js';
import { seldonMetadataUrl } from '../protocols/seldon-http.js';
import { tfServingModelStatusUrl } from '../protocols/tfserving-http.js';
import { v2ReadinessUrls } from '../protocols/v2-http.js';
import type { InferFlags } from './infer-flags.js';
import { routedModelName, type InferProtocol, type ModelPayload } from './inference-requests.js';
import { wholeNumber } from './load-options.js';
import type { GrpcReadiness, GrpcSource, ReadyUrl, WarmUp } from './plan.js';

/** waitReadyNs reads --wait-ready; null without it. */
export function waitReadyNs(f: InferFlags): Nanos | null {
  return f.waitReady === undefined ? null : parseDuration(f.waitReady, '--wait-ready');
}

/**
 * httpReadyUrls are the endpoints that must answer 2xx before an HTTP run: V2's server health and
 * each model's ready endpoint, TF Serving's model status, Seldon's deployment metadata. Each is
 * sent with the headers of the requests it stands for (routing headers included).
 */
export function httpReadyUrls(f: InferFlags, protocol: InferProtocol, models: readonly ModelPayload[], requests: readonly PreparedHttpRequest[]): ReadyUrl[] {
  const headersOf = (i: number) => requests[i].headers;
  const named = models.map((m) => ({ baseUrl: f.url, model: routedModelName(f, m.name), version: f.modelVersion }));
  switch (protocol) {
    case 'v2': {
      const urls = named.map((m) => v2ReadinessUrls(m));
      return [...urls[0].server.map((url) => ({ url, headers: headersOf(0) })), ...urls.map((u, i) => ({ url: u.model, headers: headersOf(i) }))];
    }
    case 'tfserving':
      return named.map((m, i) => ({ url: tfServingModelStatusUrl(m), headers: headersOf(i) }));
    case 'seldon':
      return [{ url: seldonMetadataUrl({ baseUrl: f.url }), headers: headersOf(0) }];
  }
}

/**
 * grpcReadiness is V2's ServerLive, ServerReady and ModelReady for each model by the name its
 * ModelInfer calls carry. TF Serving's and Seldon's gRPC services have no such checks here yet.
 */
export function grpcReadiness(f: InferFlags, protocol: InferProtocol, models: readonly ModelPayload[], source: GrpcSource): GrpcReadiness {
  if (protocol !== 'v2') throw new UsageError(`--wait-ready over gRPC checks V2's ServerReady and ModelReady; with --proto ${protocol} use --transport http`);
  // source.calls has one call per model, in the models' order.
  const named = models.map((m, i) => ({ name: routedModelName(f, m.name), metadata: source.calls[i].metadata }));
  return { models: named, metadata: source.calls[0].metadata };
}

/** warmUpOf reads --warmup N and --warmup-duration D; null when neither asks for any. */
export function warmUpOf(f: InferFlags): WarmUp | null {
  const count = wholeNumber(f.warmup ?? 0, '--warmup', 0);
  const durationMs = f.warmupDuration === undefined ? 0 : parseDuration(f.warmupDuration, '--warmup-duration') / 1e6;
  return count > 0 || durationMs > 0 ? { count, durationMs } : null;
}
