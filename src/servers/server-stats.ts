/**
 * ServerStats counts what the reference server received and answered, so tests can check what
 * the load generator actually sent (how many requests, to which paths and models), and keeps the
 * last few decoded inference requests (tensors, parameters, headers) to prove what arrived.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { TensorSpec } from '../payloads/tensor-spec.js';

/**
 * MAX_KEYS bounds the distinct paths and models counted, so a client sending endless distinct
 * URLs cannot grow the maps without limit; later ones are counted under OTHER_KEY.
 */
export const MAX_KEYS = 1000;
/** OTHER_KEY collects the paths or models beyond MAX_KEYS. */
export const OTHER_KEY = '(other)';

/** RECENT_REQUESTS is how many decoded inference requests ServerStats keeps (the newest). */
export const RECENT_REQUESTS = 32;

/** ServedProtocol is the wire protocol an inference request arrived in. */
export type ServedProtocol = 'v2-json' | 'v2-binary' | 'v2-grpc' | 'tfserving' | 'tfserving-grpc' | 'seldon' | 'seldon-grpc';

/**
 * RecordedRequest is one inference request as the server decoded it, before computing: inputs in
 * the model's input order with flat data (binary tensors decoded, FP32 as float32 values).
 */
export interface RecordedRequest {
  readonly protocol: ServedProtocol;
  /** model is the name the request addressed (an instance name such as `iris3` included). */
  readonly model: string;
  readonly path: string;
  /** headers are the request headers as Node parsed them (names lower case). */
  readonly headers: IncomingHttpHeaders;
  readonly inputs: readonly TensorSpec[];
  /**
   * parameters are the request-level parameters (V2 `parameters`; TF Serving `signature_name`;
   * Seldon `names`), undefined when none were sent.
   */
  readonly parameters: Readonly<Record<string, unknown>> | undefined;
  /** outputs are the requested output names (undefined: all). */
  readonly outputs: readonly string[] | undefined;
  /** binaryOutputs are the outputs the answer carries as binary tensor data. */
  readonly binaryOutputs: readonly string[];
}

/** ServerStats are the reference server's counters; they only grow until reset(). */
export class ServerStats {
  /** requests is every HTTP request received. */
  requests: number;
  /** byPath counts requests per URL path (query excluded), e.g. `/v2/models/iris/infer`. */
  readonly byPath: Map<string, number>;
  /** byModel counts requests naming a model under /v2/models/, any endpoint, known or not. */
  readonly byModel: Map<string, number>;
  /** inferences counts inference requests (POST .../infer) to known models. */
  inferences: number;
  /** inferencesOk counts inference responses with status 200. */
  inferencesOk: number;
  /** errorsInjected counts inference requests answered with the injected error. */
  errorsInjected: number;
  /** badRequests counts 400 answers (malformed inference requests). */
  badRequests: number;
  /** notFound counts 404 answers (unknown path, model or version). */
  notFound: number;
  /** notReady counts 503 answers (server or model not ready). */
  notReady: number;
  /** lastError is the message of the latest 4xx/5xx error answer, for test diagnostics. */
  lastError: string | undefined;
  /** recent is a ring of the last RECENT_REQUESTS recorded requests; next is the slot to write. */
  private readonly recent: RecordedRequest[];
  private next: number;

  constructor() {
    this.requests = 0;
    this.byPath = new Map();
    this.byModel = new Map();
    this.inferences = 0;
    this.inferencesOk = 0;
    this.errorsInjected = 0;
    this.badRequests = 0;
    this.notFound = 0;
    this.notReady = 0;
    this.lastError = undefined;
    this.recent = [];
    this.next = 0;
  }

  /** countRequest records one received request for path (and model, when the path names one). */
  countRequest(path: string, model: string | undefined): void {
    this.requests++;
    increment(this.byPath, path);
    if (model !== undefined) increment(this.byModel, model);
  }

  /** reset zeroes every counter, e.g. after a warm-up. */
  reset(): void {
    this.requests = 0;
    this.byPath.clear();
    this.byModel.clear();
    this.inferences = 0;
    this.inferencesOk = 0;
    this.errorsInjected = 0;
    this.badRequests = 0;
    this.notFound = 0;
    this.notReady = 0;
    this.lastError = undefined;
    this.recent.length = 0;
    this.next = 0;
  }

  /** record keeps a decoded inference request, dropping the oldest beyond RECENT_REQUESTS. */
  record(request: RecordedRequest): void {
    if (this.recent.length < RECENT_REQUESTS) this.recent.push(request);
    else this.recent[this.next] = request;
    this.next = (this.next + 1) % RECENT_REQUESTS;
  }

  /** lastRequests are the recorded requests, oldest first (at most RECENT_REQUESTS). */
  get lastRequests(): RecordedRequest[] {
    if (this.recent.length < RECENT_REQUESTS) return this.recent.slice();
    return [...this.recent.slice(this.next), ...this.recent.slice(0, this.next)];
  }

  /** lastRequest is the newest recorded request, or undefined. */
  get lastRequest(): RecordedRequest | undefined {
    return this.recent.length === 0 ? undefined : this.recent[(this.next + RECENT_REQUESTS - 1) % RECENT_REQUESTS];
  }
}

function increment(counts: Map<string, number>, key: string): void {
  const n = counts.get(key);
  if (n !== undefined) counts.set(key, n + 1);
  else if (counts.size < MAX_KEYS) counts.set(key, 1);
  else counts.set(OTHER_KEY, (counts.get(OTHER_KEY) ?? 0) + 1);
}
