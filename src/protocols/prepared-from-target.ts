import type { PreparedHttpRequest } from './prepared-request.js';
import type { Target } from './targets.js';

/** preparedFromTarget splits a vegeta target's URL into origin and path for the transport. */
export function preparedFromTarget(t: Target): PreparedHttpRequest {
  const u = new URL(t.url);
  return { method: t.method, origin: u.origin, path: u.pathname + u.search, headers: t.headers, body: t.body };
}
