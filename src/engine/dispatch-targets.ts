/**
 * toDispatchTarget turns a prepared request into what the transports send for every hit: undici
 * options (one flat header array) and the HTTP/1.1 bytes for the lean transport. A header whose
 * value changes per request (X-Vegeta-Seq, or x-request-id) comes first: its value slot in the
 * undici headers is rewritten before each dispatch (undici copies headers synchronously), and the
 * wire bytes are split around it.
 */
import type { HttpOptions } from '../plan/plan.js';
import type { PreparedHttpRequest } from '../protocols/prepared-request.js';
import type { HttpTarget, PerRequestHeader, WireRequest } from '../transports/exchange.js';
import { RequestIdGenerator, REQUEST_ID_HEADER } from '../protocols/seldon-routing.js';
import type { Transport } from '../transports/transport.js';
import { checkerFor } from '../protocols/checks/response-check.js';

export function toDispatchTarget(
  req: PreparedHttpRequest,
  http: HttpOptions,
  vegetaHeaders: boolean,
  attackName: string,
  transport: Transport,
): HttpTarget {
  const headers: string[] = [];
  let perRequest: PerRequestHeader | null = null;
  if (vegetaHeaders) {
    headers.push('X-Vegeta-Seq', '0');
    perRequest = { slot: 1, value: String, seq: true };
    if (attackName !== '') headers.push('X-Vegeta-Attack', attackName);
  } else if (req.requestIdPrefix) {
    const ids = new RequestIdGenerator(req.requestIdPrefix);
    headers.push(REQUEST_ID_HEADER, '');
    perRequest = { slot: 1, value: () => ids.next(), seq: false };
  }
  for (const [k, v] of req.headers) headers.push(k, v);
  // Structured clone turns Buffers into plain Uint8Arrays; both transports take either.
  const body = req.body === null || req.body.length === 0 ? null : Buffer.from(req.body.buffer, req.body.byteOffset, req.body.length);
  const pipelined = http.pipelining > 1;
  return {
    kind: 'http',
    transport,
    options: {
      origin: req.origin,
      path: req.path,
      method: req.method as HttpTarget['options']['method'],
      headers,
      body,
      // undici holds back pipelining for blocking or non-idempotent requests; a load test that
      // asks for pipelining wants it for every request.
      blocking: !pipelined,
      idempotent: pipelined ? true : undefined,
    },
    wire: wireRequest(req, headers, body, perRequest !== null),
    method: req.method,
    url: req.origin + req.path,
    bytesOut: body === null ? 0 : body.length,
    perRequest,
    check: req.check ? checkerFor(req.check) : null,
  };
}

/** HOP_HEADERS are computed by the transport; a user's own copies would contradict the framing. */
const HOP_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** wireRequest lays the request out as HTTP/1.1 bytes, split after the per-request header's name. */
function wireRequest(req: PreparedHttpRequest, headers: readonly string[], body: Buffer | null, split: boolean): WireRequest {
  const hasHost = headers.some((h, i) => i % 2 === 0 && h.toLowerCase() === 'host');
  let head = `${req.method} ${req.path} HTTP/1.1\r\n`;
  if (!hasHost) head += `Host: ${new URL(req.origin).host}\r\n`;
  let rest = '';
  for (let i = split ? 2 : 0; i < headers.length; i += 2) {
    if (!HOP_HEADERS.has(headers[i].toLowerCase())) rest += `${headers[i]}: ${headers[i + 1]}\r\n`;
  }
  if (body !== null || BODY_METHODS.has(req.method)) rest += `Content-Length: ${body === null ? 0 : body.length}\r\n`;
  rest += '\r\n';
  const tail = body === null ? Buffer.from(rest, 'latin1') : Buffer.concat([Buffer.from(rest, 'latin1'), body]);
  const expectsBody = req.method !== 'HEAD';
  if (split) return { head: Buffer.from(`${head}${headers[0]}: `, 'latin1'), tail: Buffer.concat([Buffer.from('\r\n'), tail]), expectsBody };
  return { head: Buffer.concat([Buffer.from(head, 'latin1'), tail]), tail: null, expectsBody };
}
