/**
 * ServerStats counts what the reference server received and answered, so tests can check what
 * the load generator actually sent (how many requests, to which paths and models).
 */

/**
 * MAX_KEYS bounds the distinct paths and models counted, so a client sending endless distinct
 * URLs cannot grow the maps without limit; later ones are counted under OTHER_KEY.
 */
export const MAX_KEYS = 1000;
/** OTHER_KEY collects the paths or models beyond MAX_KEYS. */
export const OTHER_KEY = '(other)';

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

  constructor() {
    this.requests = 0;
    this.byPath = new Map();
    this.byModel = new Map();
    this.inferences = 0;
    this.inferencesOk = 0;
    this.errorsInjected = 0;
    this.badRequests = 0;
    this.notFound = 0;
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
  }
}

function increment(counts: Map<string, number>, key: string): void {
  const n = counts.get(key);
  if (n !== undefined) counts.set(key, n + 1);
  else if (counts.size < MAX_KEYS) counts.set(key, 1);
  else counts.set(OTHER_KEY, (counts.get(OTHER_KEY) ?? 0) + 1);
}
