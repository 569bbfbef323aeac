/**
 * The Seldon Core v1 REST prediction request builder (spec: inference-protocols.md 5.1):
 * `POST <base>[/seldon/<namespace>/<deployment>]/api/v1.0/predictions` with a JSON SeldonMessage
 * whose `data` is an `ndarray` (nested arrays) or a `tensor` (`{shape, values}`, numbers only).
 *
 * A SeldonMessage carries one tensor. A one-input payload is sent as is; a payload of several
 * inputs of shape [B] (or [B,1]), such as mlflow_wine's columns, is sent as a B x k table with the
 * input names in `data.names`. Anything else cannot be expressed and throws a UsageError.
 */
import { UsageError } from '../core/errors.js';
import type { PayloadSpec } from '../payloads/tensor-spec.js';
import { parseBaseUrl } from './base-url.js';
import { seldonRequestBody, type SeldonDataFormat } from '../payloads/seldon-message.js';
import type { PreparedHttpRequest } from './prepared-request.js';

/** SELDON_PREDICTIONS_PATH is the prediction endpoint below the base URL (and ingress prefix). */
export const SELDON_PREDICTIONS_PATH = '/api/v1.0/predictions';

/** SeldonRequestOptions are the inputs of buildSeldonHttpRequest. */
export interface SeldonRequestOptions {
  /** baseUrl is the deployment's (or ingress') URL, e.g. `http://127.0.0.1:9000`. */
  baseUrl: string;
  payload: PayloadSpec;
  /** format defaults to `ndarray`. */
  format?: SeldonDataFormat;
  /** namespace and deployment, both or neither, add the ingress prefix `/seldon/<namespace>/<deployment>`. */
  namespace?: string;
  deployment?: string;
}

/**
 * buildSeldonHttpRequest prepares the prediction request, body encoded once. Bad URLs, only one
 * of namespace and deployment, or a payload a SeldonMessage cannot carry throw a one-line
 * UsageError.
 */
export function buildSeldonHttpRequest(opts: SeldonRequestOptions): PreparedHttpRequest {
  const { origin, prefix } = parseBaseUrl(opts.baseUrl);
  const path = seldonApiPath(prefix, opts) + SELDON_PREDICTIONS_PATH;
  const body = seldonRequestBody(opts.payload, opts.format ?? 'ndarray');
  return { method: 'POST', origin, path, headers: [['content-type', 'application/json']], body: Buffer.from(JSON.stringify(body)) };
}

/** SELDON_METADATA_PATH is the deployment's metadata endpoint, 200 once it serves. */
export const SELDON_METADATA_PATH = '/api/v1.0/metadata';

/** seldonMetadataUrl is the readiness endpoint of the deployment the predictions go to. */
export function seldonMetadataUrl(opts: Pick<SeldonRequestOptions, 'baseUrl' | 'namespace' | 'deployment'>): string {
  const { origin, prefix } = parseBaseUrl(opts.baseUrl);
  return origin + seldonApiPath(prefix, opts) + SELDON_METADATA_PATH;
}

/** seldonApiPath is the base URL's prefix plus the ingress path `/seldon/<namespace>/<deployment>`, if any. */
function seldonApiPath(prefix: string, opts: Pick<SeldonRequestOptions, 'namespace' | 'deployment'>): string {
  const ns = opts.namespace ?? '';
  const deployment = opts.deployment ?? '';
  if ((ns === '') !== (deployment === '')) throw new UsageError('Seldon: give both the namespace and the deployment for the ingress path, or neither');
  return deployment === '' ? prefix : `${prefix}/seldon/${encodeURIComponent(ns)}/${encodeURIComponent(deployment)}`;
}
