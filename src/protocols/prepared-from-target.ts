import type { PreparedHttpRequest } from './prepared-request.js';
import type { Target } from './targets.js';
import { movedCredentials } from './url-credentials.js';

/**
 * preparedFromTarget splits a vegeta target's URL into origin and path for the transport;
 * credentials in the URL become its Basic Authorization header (protocols/url-credentials.ts).
 */
export function preparedFromTarget(target: Target): PreparedHttpRequest {
  const t = movedCredentials(target);
  const u = new URL(t.url);
  return { method: t.method, origin: u.origin, path: u.pathname + u.search, headers: t.headers, body: t.body };
}
