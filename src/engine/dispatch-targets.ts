/**
 * toDispatchTarget turns a prepared request into the undici options reused for every send. The
 * headers are one flat array; with vegeta headers its second slot holds X-Vegeta-Seq, rewritten
 * before each dispatch (undici copies headers synchronously while it builds the request).
 */
import type { HttpOptions } from '../plan/plan.js';
import type { PreparedHttpRequest } from '../protocols/prepared-request.js';
import type { DispatchTarget } from '../transports/http-transport.js';

export function toDispatchTarget(
  req: PreparedHttpRequest,
  http: HttpOptions,
  vegetaHeaders: boolean,
  attackName: string,
): DispatchTarget {
  const headers: string[] = [];
  if (vegetaHeaders) {
    headers.push('X-Vegeta-Seq', '0');
    if (attackName !== '') headers.push('X-Vegeta-Attack', attackName);
  }
  for (const [k, v] of req.headers) headers.push(k, v);
  // Structured clone turns Buffers into plain Uint8Arrays; undici takes either.
  const body = req.body === null || req.body.length === 0 ? null : req.body;
  const pipelined = http.pipelining > 1;
  return {
    options: {
      origin: req.origin,
      path: req.path,
      method: req.method as DispatchTarget['options']['method'],
      headers,
      body,
      // undici holds back pipelining for blocking or non-idempotent requests; a load test that
      // asks for pipelining wants it for every request.
      blocking: !pipelined,
      idempotent: pipelined ? true : undefined,
    },
    method: req.method,
    url: req.origin + req.path,
    bytesOut: body === null ? 0 : body.length,
    seqSlot: vegetaHeaders ? 1 : -1,
  };
}
