/**
 * Error texts for failed requests, worded as Go's net/http words them (`Get "URL": dial tcp
 * HOST:PORT: connect: connection refused`), because vegeta users grep and group by these strings
 * and vegeta's own report prints them in its error set. errorKindOf gives the same failures
 * their stable kind (core/outcome.ts ErrorKind), from the same codes.
 */
import type { ErrorKind } from '../core/outcome.js';
import { ProtocolError } from './h1/response-parser.js';
import { HpackError } from './h2/hpack.js';
import { errorName } from './h2/frames.js';
import { GrpcFrameError } from './grpc/grpc-wire.js';

/** TimeoutError marks a request that outlived --timeout. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** CanceledError marks a request cancelled because the run stopped and the grace period ran out. */
export class CanceledError extends Error {
  override readonly name = 'CanceledError';
}

/** goMethod is Go's url.Error Op for a method: first letter kept, the rest lower case. */
function goMethod(method: string): string {
  return method.charAt(0) + method.slice(1).toLowerCase();
}

/** describeError turns a transport failure into one stable line, Go style. */
export function describeError(err: unknown, method: string, url: string): string {
  return `${goMethod(method)} "${url}": ${goErrorText(err, url)}`;
}

/**
 * goErrorText words a failure as Go's net package does, without net/http's `Method "URL": `
 * prefix (grpc-go puts `connection error: ` before the same words).
 */
export function goErrorText(err: unknown, url: string): string {
  if (err instanceof TimeoutError) return 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)';
  if (err instanceof CanceledError) return 'context canceled';
  if (err instanceof SocketClosedError) return 'EOF';
  const e = err as { code?: string; message?: string; address?: string; port?: number; cause?: unknown };
  const code = e.code ?? (e.cause as { code?: string } | undefined)?.code;
  const h2 = h2ErrorText(code, e.message);
  if (h2 !== null) return h2;
  switch (code) {
    case 'ECONNREFUSED':
      return `dial tcp ${hostPort(url, e)}: connect: connection refused`;
    case 'ECONNRESET':
      return 'read: connection reset by peer';
    case 'EPIPE':
      return 'write: broken pipe';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `dial tcp: lookup ${new URL(url).hostname}: no such host`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `dial tcp ${hostPort(url, e)}: i/o timeout`;
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return 'EOF';
    case 'ERR_HTTP2_ERROR':
      // On http:// HTTP/2 is only spoken with --h2c: the likely cause is an HTTP/1.1-only server.
      if (url.startsWith('http:')) return `${e.message ?? 'Protocol error'} (the server does not speak HTTP/2 over cleartext; drop --h2c)`;
      return e.message ?? 'Protocol error';
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)';
    default:
      return (e.message ?? String(err)).split('\n')[0];
  }
}

/** errorKindOf is the stable kind of a transport failure, decided as goErrorText words it. */
export function errorKindOf(err: unknown): ErrorKind {
  if (err instanceof TimeoutError) return 'timeout';
  if (err instanceof CanceledError) return 'canceled';
  if (err instanceof SocketClosedError) return 'closed';
  const e = err as { code?: string; message?: string; cause?: unknown };
  const code = e.code ?? (e.cause as { code?: string } | undefined)?.code;
  const h2 = h2ErrorText(code, e.message);
  if (h2 !== null) return h2.startsWith('http2: server sent GOAWAY') ? 'closed' : 'reset';
  switch (code) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'dns';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return 'timeout';
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return 'closed';
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_STATUS':
    case 'HPE_INVALID_VERSION':
    case 'HPE_INVALID_HEADER_TOKEN':
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_INVALID_CHUNK_SIZE':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
    case 'UND_ERR_INFO':
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return 'protocol';
    default:
      if (code !== undefined && TLS_CODE.test(code)) return 'tls';
      if (err instanceof ProtocolError || err instanceof HpackError || err instanceof GrpcFrameError) return 'protocol';
      return 'other';
  }
}

/**
 * h2ErrorText words undici's HTTP/2 stream and session ends as Go's net/http does, or null for
 * other failures: RST_STREAM is `stream error: CODE; received from peer` (Go also names the
 * stream id, which undici does not give) and GOAWAY is `http2: server sent GOAWAY and closed the
 * connection; ErrCode=CODE`. Node reports RST_STREAM NO_ERROR and CANCEL without their code;
 * undici's two messages for those tell them apart.
 */
function h2ErrorText(code: string | undefined, message: string | undefined): string | null {
  if (message === undefined) return null;
  if (code === 'ERR_HTTP2_STREAM_ERROR') {
    const m = /error code NGHTTP2_([A-Z_0-9]+)/.exec(message);
    return m === null ? null : `stream error: ${m[1]}; received from peer`;
  }
  if (code === 'UND_ERR_INFO') {
    if (message === 'HTTP/2: stream half-closed (remote)') return 'stream error: NO_ERROR; received from peer';
    if (message === 'HTTP/2: stream closed before the response was complete') return 'stream error: CANCEL; received from peer';
    return null;
  }
  if (code === 'UND_ERR_SOCKET') {
    const m = /^HTTP\/2: "GOAWAY" frame received with code (\d+)$/.exec(message);
    return m === null ? null : `http2: server sent GOAWAY and closed the connection; ErrCode=${errorName(Number(m[1]))}`;
  }
  return null;
}

/** TLS_CODE matches Node's and OpenSSL's TLS and certificate error codes. */
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|HOSTNAME_MISMATCH$)/;

function hostPort(url: string, e: { address?: string; port?: number }): string {
  if (e.address !== undefined && e.port !== undefined) return `${e.address}:${e.port}`;
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
}

/** SocketClosedError marks a connection the server closed with a request outstanding (Go: EOF). */
export class SocketClosedError extends Error {
  override readonly name = 'SocketClosedError';
}
