/**
 * The reference server's `loadgen.echo.Echo` service (protos/loadgen/echo.proto), the target of
 * `loadgen grpc` tests: Unary returns the request bytes untouched (no decode), ServerStream
 * replies `count` numbered copies, ClientStream answers the last message with `count` set to the
 * number received, Bidi echoes each message. Every answer goes through the CallInjector (latency;
 * injected errors end the call with the configured status).
 */
import {
  status,
  type sendUnaryData,
  type ServerDuplexStream,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { performance } from 'node:perf_hooks';
import type { Root, Type } from 'protobufjs';
import { encodeMessage } from '../../grpc/grpc-method.js';
import type { ServerStats } from '../server-stats.js';
import type { CallInjector } from './call-injector.js';
import { StreamReplies } from './stream-replies.js';
import { UnaryReply } from './unary-reply.js';

/** ECHO_SERVICE_NAME is the fully qualified echo service name. */
export const ECHO_SERVICE_NAME = 'loadgen.echo.Echo';

/** MAX_STREAM_REPLIES bounds ServerStream's `count`, so one request cannot flood the server. */
export const MAX_STREAM_REPLIES = 10_000;

/** EchoServiceContext is what the echo handlers share with the server. */
export interface EchoServiceContext {
  readonly root: Root;
  readonly stats: ServerStats;
  readonly injector: CallInjector;
  readonly errorCode: number;
}

const INJECTED_ERROR = 'injected error';
const TO_OBJECT = { longs: String, arrays: false } as const;

/** echoGrpcImplementation builds the Echo handlers. */
export function echoGrpcImplementation(ctx: EchoServiceContext): UntypedServiceImplementation {
  const type = ctx.root.lookupType('loadgen.echo.EchoMessage');
  const path = (method: string): string => `/${ECHO_SERVICE_NAME}/${method}`;

  const unary = (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>): void => {
    const arrivedMs = performance.now();
    ctx.stats.countRequest(path('Unary'), undefined);
    const fail = ctx.injector.shouldFail();
    if (fail) ctx.stats.errorsInjected++;
    ctx.injector.schedule(arrivedMs, new UnaryReply(callback, fail ? ctx.errorCode : status.OK, INJECTED_ERROR, call.request));
  };

  const serverStream = (call: ServerWritableStream<Buffer, Buffer>): void => {
    const arrivedMs = performance.now();
    ctx.stats.countRequest(path('ServerStream'), undefined);
    const replies = new StreamReplies(call, ctx.injector);
    const message = decode(type, call.request);
    if (message === undefined) return replies.fail(arrivedMs, status.INVALID_ARGUMENT, 'malformed loadgen.echo.EchoMessage', false);
    if (ctx.injector.shouldFail()) {
      ctx.stats.errorsInjected++;
      return replies.fail(arrivedMs, ctx.errorCode, INJECTED_ERROR);
    }
    const count = Math.min(Math.max(Number(message.count ?? 0), 1), MAX_STREAM_REPLIES);
    for (let i = 0; i < count; i++) replies.send(arrivedMs, encodeMessage(type, { ...message, sequence: i }));
    replies.finish();
  };

  const clientStream = (call: ServerReadableStream<Buffer, Buffer>, callback: sendUnaryData<Buffer>): void => {
    ctx.stats.countRequest(path('ClientStream'), undefined);
    let last: Buffer = Buffer.alloc(0);
    let received = 0;
    call.on('data', (chunk: Buffer) => {
      last = chunk;
      received++;
    });
    call.on('error', ignore);
    call.on('end', () => {
      const arrivedMs = performance.now();
      const message = decode(type, last);
      if (message === undefined) return callback({ code: status.INVALID_ARGUMENT, details: 'malformed loadgen.echo.EchoMessage' });
      const fail = ctx.injector.shouldFail();
      if (fail) ctx.stats.errorsInjected++;
      const body = encodeMessage(type, { ...message, count: received });
      ctx.injector.schedule(arrivedMs, new UnaryReply(callback, fail ? ctx.errorCode : status.OK, INJECTED_ERROR, body));
    });
  };

  const bidi = (call: ServerDuplexStream<Buffer, Buffer>): void => {
    ctx.stats.countRequest(path('Bidi'), undefined);
    const replies = new StreamReplies(call, ctx.injector);
    call.on('data', (chunk: Buffer) => {
      const arrivedMs = performance.now();
      if (ctx.injector.shouldFail()) {
        ctx.stats.errorsInjected++;
        replies.fail(arrivedMs, ctx.errorCode, INJECTED_ERROR);
      } else {
        replies.send(arrivedMs, chunk);
      }
    });
    call.on('end', () => replies.finish());
    call.on('error', ignore);
  };

  return { Unary: unary, ServerStream: serverStream, ClientStream: clientStream, Bidi: bidi };
}

function decode(type: Type, bytes: Buffer): Record<string, unknown> | undefined {
  try {
    return type.toObject(type.decode(bytes), TO_OBJECT);
  } catch {
    return undefined;
  }
}

function ignore(): void {}
