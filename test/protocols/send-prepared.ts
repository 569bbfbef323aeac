/**
 * sendPrepared performs a PreparedHttpRequest with fetch, as the engine's transport would, and
 * returns what a response check takes: status, lower-case headers and the raw body.
 */
import type { PreparedHttpRequest } from '../../src/protocols/prepared-request.js';

export interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export async function sendPrepared(req: PreparedHttpRequest, extraHeaders: [string, string][] = []): Promise<RawReply> {
  const res = await fetch(req.origin + req.path, {
    method: req.method,
    headers: [...req.headers, ...extraHeaders],
    body: req.body === null ? undefined : new Uint8Array(req.body),
  });
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => (headers[name] = value));
  return { status: res.status, headers, body: Buffer.from(await res.arrayBuffer()) };
}
