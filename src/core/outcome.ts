/**
 * Outcome is how one request (an HTTP exchange or a gRPC call) ended, in one protocol-neutral
 * shape: the protocol, its status code, and, for a failure, a stable kind and the Go-worded text.
 * Transports set it (as fields of the reused exchange, no object per request); the engine records
 * it without knowing HTTP from gRPC; status codes are named by their protocol once, at report time
 * (statusName).
 */
import { grpcStatusName } from './grpc-status.js';

/** Protocol is the protocol of one request's outcome: its status code is an HTTP status or a gRPC code. */
export type Protocol = 'http' | 'grpc';

/**
 * ERROR_KINDS is the closed set of failure kinds, stable across protocols and releases:
 * - `refused`: the connection was refused (nothing listens);
 * - `reset`: the peer reset the connection or the stream (ECONNRESET, EPIPE, RST_STREAM);
 * - `closed`: the peer closed the connection with the request outstanding (Go: EOF);
 * - `timeout`: the request, the call's deadline or the dial timed out;
 * - `canceled`: loadgen cancelled it (the run stopped, a stream was cut);
 * - `dns`: the host name did not resolve;
 * - `tls`: the TLS handshake or certificate check failed;
 * - `status`: the server answered with a failure status (HTTP outside 200..399, a gRPC code but OK);
 * - `check`: the answer had a success status but failed the response check (`--check`);
 * - `protocol`: the answer broke the wire protocol (a malformed response, no gRPC trailers);
 * - `other`: anything else.
 */
export const ERROR_KINDS = ['refused', 'reset', 'closed', 'timeout', 'canceled', 'dns', 'tls', 'status', 'check', 'protocol', 'other'] as const;

/** ErrorKind is one of ERROR_KINDS. */
export type ErrorKind = (typeof ERROR_KINDS)[number];

/**
 * Outcome is one request's end. A success has errorKind null and errorText ""; a failure has both.
 * code is the HTTP status (0 = no response) or the gRPC status code (0 = OK), per protocol.
 */
export interface Outcome {
  readonly protocol: Protocol;
  readonly code: number;
  readonly errorKind: ErrorKind | null;
  /** errorText is the failure worded as Go's net/http or grpc-go words it (transports/transport-errors.ts). */
  readonly errorText: string;
}

/** StatusCount is how many results ended with one status code of one protocol. */
export interface StatusCount {
  readonly protocol: Protocol;
  readonly code: number;
  readonly count: number;
}

/** compareStatus orders status counts HTTP first, then gRPC, each by code. */
export function compareStatus(a: Pick<StatusCount, 'protocol' | 'code'>, b: Pick<StatusCount, 'protocol' | 'code'>): number {
  if (a.protocol !== b.protocol) return a.protocol === 'http' ? -1 : 1;
  return a.code - b.code;
}

/** addStatusCounts adds several lists of status counts up per protocol and code, in compareStatus order. */
export function addStatusCounts(lists: Iterable<readonly StatusCount[]>): StatusCount[] {
  const sums = new Map<string, StatusCount>();
  for (const list of lists) {
    for (const c of list) {
      const key = `${c.protocol}:${c.code}`;
      sums.set(key, { protocol: c.protocol, code: c.code, count: (sums.get(key)?.count ?? 0) + c.count });
    }
  }
  return [...sums.values()].sort(compareStatus);
}

/** RunProtocols says which protocols a run's results came from: one, or both (`mixed`). */
export type RunProtocols = Protocol | 'mixed';

/**
 * statusName names a status code for a report: an HTTP status as its number (`200`), a gRPC code
 * by Go's name (`Unavailable`), with `grpc:` before it in a run of both protocols (`grpc:OK`).
 */
export function statusName(run: RunProtocols, s: Pick<StatusCount, 'protocol' | 'code'>): string {
  if (s.protocol === 'http') return String(s.code);
  return run === 'mixed' ? `grpc:${grpcStatusName(s.code)}` : grpcStatusName(s.code);
}

/**
 * statusKey is a status code's key in the key-value reports (json, vegeta-json, vegeta-text): the
 * decimal code, and in a run of both protocols statusName's `grpc:OK` for the gRPC ones.
 */
export function statusKey(run: RunProtocols, s: Pick<StatusCount, 'protocol' | 'code'>): string {
  return run === 'mixed' ? statusName(run, s) : String(s.code);
}
