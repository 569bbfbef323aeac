/**
 * The Open Inference Protocol (KServe V2) REST request builder (spec: inference-protocols.md 1.2):
 * `POST <base>/v2/models/<model>[/versions/<v>]/infer` with a JSON body, encoded once per run.
 */
import { UsageError } from '../core/errors.js';
import type { PayloadSpec, TensorSpec } from '../payloads/tensor-spec.js';
import { parseBaseUrl } from './base-url.js';
import type { PreparedHttpRequest } from './prepared-request.js';

/** V2HttpRequestOptions are the inputs of buildV2HttpRequest. */
export interface V2HttpRequestOptions {
  /** baseUrl is the server's URL, e.g. `http://127.0.0.1:8000`, optionally with a path prefix (ingress). */
  baseUrl: string;
  model: string;
  /** version selects `/versions/<v>`; absent means the server's default version. */
  version?: string;
  payload: PayloadSpec;
}

/** V2_JSON_HEADERS are the headers of every JSON inference request. */
const V2_JSON_HEADERS: readonly (readonly [string, string])[] = [['content-type', 'application/json']];

/**
 * buildV2HttpRequest prepares the V2 REST inference request for a payload: the body is the JSON
 * `{"inputs": [{name, shape, datatype, data, parameters?}], "parameters"?, "outputs"?}` as a
 * Buffer. A baseUrl that is not http(s), has a query or fragment, or an empty model name throws a
 * one-line UsageError.
 */
export function buildV2HttpRequest(opts: V2HttpRequestOptions): PreparedHttpRequest {
  const { origin, prefix } = parseBaseUrl(opts.baseUrl);
  return {
    method: 'POST',
    origin,
    path: `${v2ModelPath(prefix, opts)}/infer`,
    headers: V2_JSON_HEADERS.map(([name, value]) => [name, value]),
    body: Buffer.from(JSON.stringify(v2RequestBody(opts.payload))),
  };
}

/**
 * v2ReadinessUrls are the endpoints that say a V2 server can take this model's requests: server
 * liveness and readiness, and the model's (version's) readiness (spec 1.2 health extension).
 */
export function v2ReadinessUrls(opts: Pick<V2HttpRequestOptions, 'baseUrl' | 'model' | 'version'>): { server: string[]; model: string } {
  const { origin, prefix } = parseBaseUrl(opts.baseUrl);
  return { server: [`${origin}${prefix}/v2/health/live`, `${origin}${prefix}/v2/health/ready`], model: `${origin}${v2ModelPath(prefix, opts)}/ready` };
}

/** v2ModelPath is `<prefix>/v2/models/<model>[/versions/<v>]`, the base of a model's endpoints. */
function v2ModelPath(prefix: string, opts: Pick<V2HttpRequestOptions, 'model' | 'version'>): string {
  if (opts.model === '') throw new UsageError('--model: the model name is empty');
  let path = `${prefix}/v2/models/${encodeURIComponent(opts.model)}`;
  if (opts.version !== undefined && opts.version !== '') path += `/versions/${encodeURIComponent(opts.version)}`;
  return path;
}

/** V2InferRequestBody is the JSON body of a V2 inference request (field order as in the spec). */
export interface V2InferRequestBody {
  inputs: V2InputTensor[];
  parameters?: PayloadSpec['parameters'];
  outputs?: PayloadSpec['outputs'];
}

/** V2InputTensor is one input tensor of a V2 JSON request body. */
export interface V2InputTensor {
  name: string;
  shape: number[];
  datatype: string;
  data: TensorSpec['data'];
  parameters?: TensorSpec['parameters'];
}

/** v2RequestBody maps a payload to the V2 JSON body; data stays flat (valid per spec 1.4). */
export function v2RequestBody(payload: PayloadSpec): V2InferRequestBody {
  const body: V2InferRequestBody = {
    inputs: payload.inputs.map((t) => {
      const input: V2InputTensor = { name: t.name, shape: t.shape, datatype: t.datatype, data: t.data };
      if (t.parameters !== undefined) input.parameters = t.parameters;
      return input;
    }),
  };
  if (payload.parameters !== undefined) body.parameters = payload.parameters;
  if (payload.outputs !== undefined) body.outputs = payload.outputs;
  return body;
}
