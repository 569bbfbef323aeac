/**
 * The reference server's OIP gRPC inference RPCs: ModelInfer (unary) and ModelStreamInfer
 * (bidi, Triton's form: each answer carries a response or an error message and the stream goes
 * on). A request is decoded, checked against its model, computed and held for its latency; an
 * injected error answers the configured status after the latency too.
 */
import { status, type sendUnaryData, type ServerDuplexStream, type ServerUnaryCall } from '@grpc/grpc-js';
import { performance } from 'node:perf_hooks';
import protobuf from 'protobufjs';
import type { Type } from 'protobufjs';
import { encodeMessage } from '../../grpc/grpc-method.js';
import { BadInferRequest } from '../infer-request.js';
import { decodeGrpcInferRequest, encodeGrpcOutputs, type InferRequestObject } from './grpc-infer-tensors.js';
import { StreamReplies } from './stream-replies.js';
import { UnaryReply } from './unary-reply.js';
import type { V2ServiceContext } from './v2-grpc-service.js';

/** INJECTED_ERROR is the message of an injected error status. */
export const INJECTED_ERROR = 'injected error';

const TO_OBJECT = { longs: Number, arrays: true } as const;

/** InferTypes are the message types the inference RPCs use. */
interface InferTypes {
  readonly request: Type;
  readonly response: Type;
  readonly stream: Type;
}

/** InferHandlers are the two inference RPC handlers. */
export interface InferHandlers {
  ModelInfer(call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>): void;
  ModelStreamInfer(call: ServerDuplexStream<Buffer, Buffer>): void;
}

/** v2InferHandlers builds the ModelInfer and ModelStreamInfer handlers; path maps a method name to its HTTP/2 path. */
export function v2InferHandlers(ctx: V2ServiceContext, path: (method: string) => string): InferHandlers {
  const types: InferTypes = {
    request: ctx.root.lookupType('inference.ModelInferRequest'),
    response: ctx.root.lookupType('inference.ModelInferResponse'),
    stream: ctx.root.lookupType('inference.ModelStreamInferResponse'),
  };
  const inferPath = path('ModelInfer');
  const streamPath = path('ModelStreamInfer');
  return {
    ModelInfer(call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>): void {
      const arrivedMs = performance.now();
      const answer = inferAnswer(ctx, types, call.request, inferPath);
      if (answer.kind === 'now') return callback({ code: answer.code, details: answer.message });
      ctx.injector.scheduleInference(arrivedMs, new UnaryReply(callback, answer.code, answer.message, answer.body));
    },
    ModelStreamInfer(call: ServerDuplexStream<Buffer, Buffer>): void {
      const replies = new StreamReplies(call, ctx.injector);
      call.on('data', (request: Buffer) => {
        const arrivedMs = performance.now();
        const answer = inferAnswer(ctx, types, request, streamPath);
        const body =
          answer.kind === 'later' && answer.code === status.OK
            ? inferResponseInStream(answer.body)
            : encodeMessage(types.stream, { error_message: answer.message });
        replies.send(arrivedMs, body, answer.kind === 'later');
      });
      call.on('end', () => replies.finish());
      call.on('error', ignore);
    },
  };
}

/** InferAnswer is either an immediate error (bad request, unknown model) or an answer to hold for its latency. */
type InferAnswer =
  | { readonly kind: 'now'; readonly code: number; readonly message: string }
  | { readonly kind: 'later'; readonly code: number; readonly message: string; readonly body: Buffer };

/** inferAnswer decodes, checks and computes one ModelInferRequest, counting it in the stats. */
function inferAnswer(ctx: V2ServiceContext, types: InferTypes, bytes: Buffer, path: string): InferAnswer {
  let request: InferRequestObject;
  try {
    request = types.request.toObject(types.request.decode(bytes), TO_OBJECT) as InferRequestObject;
  } catch (err) {
    ctx.stats.countRequest(path, undefined);
    ctx.stats.badRequests++;
    return { kind: 'now', code: status.INVALID_ARGUMENT, message: `malformed ModelInferRequest: ${(err as Error).message}` };
  }
  const name = request.model_name ?? '';
  ctx.stats.countRequest(path, name);
  const entry = ctx.repository.get(name);
  if (entry === undefined) {
    ctx.stats.notFound++;
    return { kind: 'now', code: status.NOT_FOUND, message: `model "${name}" not found` };
  }
  const model = entry.model;
  const version = request.model_version ?? '';
  if (version !== '' && !model.versions.includes(version)) {
    ctx.stats.notFound++;
    return { kind: 'now', code: status.NOT_FOUND, message: `model "${name}" has no version "${version}"; versions: ${model.versions.join(', ')}` };
  }
  if (entry.state !== 'READY') return { kind: 'now', code: status.UNAVAILABLE, message: `model "${name}" is not ready (${entry.reason})` };
  ctx.stats.inferences++;
  try {
    const decoded = decodeGrpcInferRequest(request, model);
    if (ctx.injector.shouldFail()) {
      ctx.stats.errorsInjected++;
      return { kind: 'later', code: ctx.errorCode, message: INJECTED_ERROR, body: Buffer.alloc(0) };
    }
    const all = model.infer(decoded.inputs, decoded.batchSize);
    const wanted = decoded.outputs;
    const outputs = wanted === undefined ? all : all.filter((o) => wanted.includes(o.name));
    const body = encodeMessage(types.response, {
      model_name: model.name,
      model_version: version === '' ? model.versions[0] : version,
      id: decoded.id ?? '',
      ...encodeGrpcOutputs(outputs, decoded.raw),
    });
    ctx.stats.inferencesOk++;
    return { kind: 'later', code: status.OK, message: '', body };
  } catch (err) {
    if (err instanceof BadInferRequest) {
      ctx.stats.badRequests++;
      return { kind: 'now', code: status.INVALID_ARGUMENT, message: err.message };
    }
    // A model bug must not take the server (and the test hosting it) down.
    return { kind: 'now', code: status.INTERNAL, message: `model "${model.name}" failed: ${(err as Error).message}` };
  }
}

/** inferResponseInStream wraps encoded ModelInferResponse bytes as ModelStreamInferResponse.infer_response (field 2). */
function inferResponseInStream(body: Buffer): Buffer {
  const bytes = protobuf.Writer.create().uint32(0x12).bytes(body).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

function ignore(): void {}
