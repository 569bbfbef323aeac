/**
 * GrpcJsTransport sends unary calls through @grpc/grpc-js (`--grpc-client grpc-js`): the
 * conventional client, for comparison with the lean HTTP/2 one and as a second opinion when
 * a server behaves oddly. Messages stay pre-serialised (identity serialisers); grpc-js allocates
 * its own objects and a callback per call, which is what makes it slower (bench/README.md).
 */
import * as grpc from '@grpc/grpc-js';
import type { GrpcSource } from '../../plan/plan.js';
import { FRAME_HEADER_BYTES, frameMessage } from './grpc-wire.js';
import type { ExchangeOwner, GrpcTarget, HttpExchange } from '../exchange.js';
import type { Transport } from '../transport.js';
import { errorKindOf, TimeoutError } from '../transport-errors.js';
import type { ErrorKind } from '../../core/outcome.js';

const CANCELLED = 1;
const DEADLINE_EXCEEDED = 4;
const UNAVAILABLE = 14;
const identity = (b: Buffer): Buffer => b;

/** Prepared is what grpc-js needs of a target, made on its first call. */
interface Prepared {
  readonly message: Buffer;
  readonly metadata: grpc.Metadata;
}

export class GrpcJsTransport implements Transport, ExchangeOwner {
  private readonly clients: grpc.Client[];
  private readonly timeoutMs: number;
  private readonly prepared: WeakMap<GrpcTarget, Prepared>;
  private next: number;

  constructor(source: GrpcSource, connections: number, timeoutNs: number) {
    const address = source.authority.replace(/^https?:\/\//, '');
    const tls = source.tls;
    const credentials =
      tls === null
        ? grpc.credentials.createInsecure()
        : grpc.credentials.createSsl(
            tls.ca === null ? null : Buffer.from(tls.ca),
            tls.key === null ? null : Buffer.from(tls.key),
            tls.cert === null ? null : Buffer.from(tls.cert),
            tls.skipVerify ? { checkServerIdentity: () => undefined, rejectUnauthorized: false } : undefined,
          );
    const options: grpc.ChannelOptions = {
      'grpc.max_receive_message_length': Math.min(source.maxRecvBytes, 2 ** 31 - 1),
      'grpc.max_send_message_length': -1,
      // Separate channels, as ghz's --connections: grpc-js would otherwise share one subchannel.
      'grpc.use_local_subchannel_pool': 1,
      ...(tls?.serverName ? { 'grpc.ssl_target_name_override': tls.serverName } : {}),
    };
    this.clients = Array.from({ length: Math.max(1, connections) }, () => new grpc.Client(address, credentials, options));
    this.timeoutMs = timeoutNs / 1e6;
    this.prepared = new WeakMap();
    this.next = 0;
  }

  dispatch(x: HttpExchange): void {
    const target = x.target as GrpcTarget;
    const p = this.prepare(target);
    const client = this.clients[this.next];
    this.next = this.next + 1 === this.clients.length ? 0 : this.next + 1;
    const options: grpc.CallOptions = this.timeoutMs > 0 ? { deadline: Date.now() + this.timeoutMs } : {};
    x.owner = this;
    x.handle = client.makeUnaryRequest(target.headers[':path'] as string, identity, identity, p.message, p.metadata, options, (err, value) => {
      x.owner = null;
      x.handle = null;
      // As on the wire (and from the h2 client): the message with its 5-byte prefix.
      if (value !== undefined) x.onData(frameMessage(value));
      const aborted = x.pendingAbort;
      if (aborted !== null) {
        // Our own timeout sweep or a stop cancelled the call: say which, as grpc-go's client would.
        if (aborted instanceof TimeoutError) x.endGrpc(DEADLINE_EXCEEDED, 'timeout', 'context deadline exceeded');
        else x.endGrpc(CANCELLED, 'canceled', 'context canceled');
      } else if (!err) x.endGrpc(0, 'status', '');
      // grpc-go's client words its own deadline so, and so does ghz; grpc-js says "Deadline exceeded".
      else if (err.code === DEADLINE_EXCEEDED) x.endGrpc(DEADLINE_EXCEEDED, 'timeout', 'context deadline exceeded');
      else x.endGrpc(err.code ?? 2, grpcJsKind(err), err.details);
    });
  }

  abortExchange(x: HttpExchange, err: Error): void {
    const call = x.handle as grpc.ClientUnaryCall | null;
    if (call === null) return;
    x.pendingAbort = err;
    call.cancel();
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.close();
  }

  private prepare(target: GrpcTarget): Prepared {
    let p = this.prepared.get(target);
    if (p === undefined) {
      const metadata = new grpc.Metadata();
      for (const [k, v] of Object.entries(target.headers)) {
        if (k.startsWith(':') || k === 'content-type' || k === 'te' || k === 'user-agent' || k === 'grpc-timeout') continue;
        for (const value of ([] as string[]).concat(v)) metadata.add(k, k.endsWith('-bin') ? Buffer.from(value, 'base64') : value);
      }
      p = { message: target.frame.subarray(FRAME_HEADER_BYTES), metadata };
      this.prepared.set(target, p);
    }
    return p;
  }
}

/**
 * grpcJsKind is the kind of a grpc-js call failure: grpc-js makes up UNAVAILABLE for connection
 * failures (the socket error's code in its details), any other code came from the server.
 */
function grpcJsKind(err: grpc.ServiceError): ErrorKind {
  if (err.code !== UNAVAILABLE) return 'status';
  const cause = /\b(ECONNREFUSED|ECONNRESET|EPIPE|ENOTFOUND|EAI_AGAIN|ETIMEDOUT)\b/.exec(err.details);
  return cause === null ? 'status' : errorKindOf({ code: cause[1] });
}
