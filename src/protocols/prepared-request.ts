/**
 * PreparedHttpRequest is an HTTP request built once, before a run, and sent many times by the
 * engine's HTTP transport: everything the transport needs and nothing it must compute per request.
 * Keep this shape stable: protocol builders produce it, the transport consumes it.
 */

import type { ResponseCheck } from './checks/response-check.js';

/** PreparedHttpRequest is one ready-to-send HTTP request. */
export interface PreparedHttpRequest {
  /** method is the request method as sent, e.g. `POST` (any token: vegeta targets allow custom methods). */
  method: string;
  /** origin is scheme, host and port, e.g. `http://127.0.0.1:8000` (no trailing slash, no path). */
  origin: string;
  /** path is the request target starting with `/`, query included, e.g. `/v2/models/iris/infer`. */
  path: string;
  /** headers are name/value pairs, names lower case; the transport adds host and content-length. */
  headers: [string, string][];
  /** body is the encoded body, built once and reused for every send; null for no body. */
  body: Buffer | null;
  /** check, when set, is what a response must pass to count as a success (inference protocols). */
  check?: ResponseCheck | null;
  /** requestIdPrefix, when set, sends `x-request-id: <prefix>_<15 random alphanumerics>` per request. */
  requestIdPrefix?: string | null;
}
