/**
 * GrpcProbe makes single unary gRPC calls on one HTTP/2 session, for the steps before load:
 * readiness (ServerReady, ModelReady) and warm-up calls. Few and sequential, so simplicity wins
 * over speed here; the load itself goes through H2GrpcTransport.
 */
import { connect, type ClientHttp2Session, type SecureClientSessionOptions } from 'node:http2';
import { decodeGrpcMessage, FRAME_HEADER_BYTES } from '../transports/grpc/grpc-wire.js';

/** GrpcAnswer is a finished call: its status, message and response message bytes. */
export interface GrpcAnswer {
  readonly status: number;
  readonly message: string;
  /** body is the DATA received (length-prefixed message). */
  readonly body: Buffer;
}

export class GrpcProbe {
  private readonly session: ClientHttp2Session;

  constructor(authority: string, tls: SecureClientSessionOptions | null) {
    this.session = connect(authority, tls ?? {});
    this.session.on('error', () => {});
  }

  /** call sends one framed request and resolves with the answer (status 14 when unreachable). */
  call(path: string, frame: Buffer, metadata: ReadonlyArray<readonly [string, string]>, timeoutMs: number): Promise<GrpcAnswer> {
    return new Promise((resolve) => {
      const headers: Record<string, string> = { ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers' };
      for (const [k, v] of metadata) headers[k] = v;
      let status = -1;
      let message = '';
      const chunks: Buffer[] = [];
      let stream;
      try {
        stream = this.session.request(headers);
      } catch (err) {
        return resolve({ status: 14, message: (err as Error).message, body: Buffer.alloc(0) });
      }
      stream.setTimeout(timeoutMs, () => stream.close());
      const read = (h: Record<string, unknown>) => {
        if (h['grpc-status'] !== undefined) status = Number(h['grpc-status']);
        if (typeof h['grpc-message'] === 'string') message = decodeGrpcMessage(h['grpc-message']);
      };
      stream.on('response', read);
      stream.on('trailers', read);
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (err: Error) => (message ||= err.message));
      stream.on('close', () => resolve({ status: status < 0 ? 14 : status, message, body: Buffer.concat(chunks) }));
      stream.end(frame);
    });
  }

  close(): void {
    this.session.close();
  }
}

/** messageOf strips the 5-byte prefix of a single-message answer. */
export function messageOf(body: Buffer): Buffer {
  return body.length < FRAME_HEADER_BYTES ? Buffer.alloc(0) : body.subarray(FRAME_HEADER_BYTES);
}
