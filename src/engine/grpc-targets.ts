/**
 * toGrpcTarget prepares one unary call for the lean gRPC transport: the HTTP/2 request headers
 * (with grpc-timeout from --timeout and the call's metadata) and the framed message, both built
 * once and reused for every call.
 */
import { grpcTimeoutHeader } from '../transports/grpc/grpc-wire.js';
import type { GrpcCall, GrpcSource } from '../plan/plan.js';
import type { GrpcTarget } from '../transports/exchange.js';
import type { Transport } from '../transports/transport.js';
import { TOOL_VERSION } from '../core/version.js';
import { checkerFor } from '../protocols/checks/response-check.js';

export function toGrpcTarget(call: GrpcCall, source: GrpcSource, timeoutNs: number, transport: Transport): GrpcTarget {
  const headers: Record<string, string | string[]> = {
    ':method': 'POST',
    ':path': call.path,
    'content-type': 'application/grpc',
    te: 'trailers',
    'user-agent': `loadgen/${TOOL_VERSION}`,
  };
  if (timeoutNs > 0) headers['grpc-timeout'] = grpcTimeoutHeader(timeoutNs);
  for (const [k, v] of call.metadata) {
    const key = k.toLowerCase();
    const prev = headers[key];
    headers[key] = prev === undefined ? v : ([] as string[]).concat(prev, v);
  }
  const frame = Buffer.from(call.frame.buffer, call.frame.byteOffset, call.frame.length);
  return {
    kind: 'grpc',
    transport,
    headers,
    frame,
    method: 'POST',
    url: `${source.authority}${call.path}`,
    bytesOut: frame.length,
    check: call.check ? checkerFor(call.check) : null,
  };
}
