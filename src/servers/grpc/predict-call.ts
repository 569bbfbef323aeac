/**
 * predictCall is the shared body of the reference gRPC server's TF Serving and Seldon Predict
 * handlers: find the model, count and record the request, decode it into the checked V2 form,
 * inject an error or compute, and hold the answer for its latency, as ModelInfer does
 * (v2-grpc-infer.ts). Each protocol supplies its decoding and its answer.
 */
import { status, type Metadata, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { TensorSpec } from '../../payloads/tensor-spec.js';
import { BadInferRequest, type DecodedInferRequest } from '../infer-request.js';
import type { ModelRepository } from '../model-repository.js';
import type { ReferenceModel } from '../models/reference-model.js';
import type { ServedProtocol, ServerStats } from '../server-stats.js';
import type { CallInjector } from './call-injector.js';
import { UnaryReply } from './unary-reply.js';
import { INJECTED_ERROR } from './v2-grpc-infer.js';

/** PredictContext is what the Predict handlers share with the server. */
export interface PredictContext {
  readonly repository: ModelRepository;
  readonly stats: ServerStats;
  readonly injector: CallInjector;
  readonly errorCode: number;
}

/** PredictProtocol decodes one protocol's request and encodes its answer. */
export interface PredictProtocol<R> {
  readonly protocol: ServedProtocol;
  readonly path: string;
  /** parse decodes the request bytes (throwing on malformed bytes). */
  parse(bytes: Buffer): R;
  /** target names the model (and version, '' = any) the request is for. */
  target(request: R, metadata: Metadata): { model: string; version: string };
  /** decode checks the request against the model (throwing a BadInferRequest). */
  decode(request: R, model: ReferenceModel): DecodedInferRequest;
  /** answer encodes the computed outputs. */
  answer(request: R, model: ReferenceModel, version: string, outputs: readonly TensorSpec[]): Buffer;
}

/** predictHandler is a unary handler for protocol p. */
export function predictHandler<R>(ctx: PredictContext, p: PredictProtocol<R>): (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => void {
  return (call, callback) => {
    const arrivedMs = performance.now();
    const fail = (code: number, message: string): void => {
      ctx.stats.lastError = message;
      callback({ code, details: message });
    };
    let request: R;
    try {
      request = p.parse(call.request);
    } catch (err) {
      ctx.stats.countRequest(p.path, undefined);
      ctx.stats.badRequests++;
      return fail(status.INVALID_ARGUMENT, `malformed request: ${(err as Error).message}`);
    }
    const { model: name, version } = p.target(request, call.metadata);
    ctx.stats.countRequest(p.path, name);
    const entry = ctx.repository.get(name);
    if (entry === undefined) {
      ctx.stats.notFound++;
      return fail(status.NOT_FOUND, `model "${name}" not found`);
    }
    const model = entry.model;
    if (version !== '' && !model.versions.includes(version)) {
      ctx.stats.notFound++;
      return fail(status.NOT_FOUND, `model "${name}" has no version "${version}"; versions: ${model.versions.join(', ')}`);
    }
    if (entry.state !== 'READY') {
      ctx.stats.notReady++;
      return fail(status.UNAVAILABLE, `model "${name}" is not ready (${entry.reason})`);
    }
    ctx.stats.inferences++;
    let body: Buffer;
    try {
      const decoded = p.decode(request, model);
      ctx.stats.record({
        protocol: p.protocol,
        model: name,
        path: p.path,
        headers: metadataHeaders(call.metadata),
        inputs: decoded.inputs,
        parameters: decoded.parameters,
        outputs: decoded.outputs,
        binaryOutputs: [],
      });
      if (ctx.injector.shouldFail()) {
        ctx.stats.errorsInjected++;
        ctx.injector.schedule(arrivedMs, new UnaryReply(callback, ctx.errorCode, INJECTED_ERROR, Buffer.alloc(0)));
        return;
      }
      const all = model.infer(decoded.inputs, decoded.batchSize);
      const wanted = decoded.outputs;
      const outputs = wanted === undefined ? all : all.filter((o) => wanted.includes(o.name));
      body = p.answer(request, model, version === '' ? model.versions[0] : version, outputs);
    } catch (err) {
      if (err instanceof BadInferRequest) {
        ctx.stats.badRequests++;
        return fail(status.INVALID_ARGUMENT, err.message);
      }
      // A model bug must not take the server (and the test hosting it) down.
      return fail(status.INTERNAL, `model "${model.name}" failed: ${(err as Error).message}`);
    }
    ctx.stats.inferencesOk++;
    ctx.injector.schedule(arrivedMs, new UnaryReply(callback, status.OK, '', body));
  };
}

/** metadataHeaders turns call metadata into header form (text values; binary ones base64). */
function metadataHeaders(metadata: Metadata): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [key, value] of Object.entries(metadata.getMap())) out[key] = Buffer.isBuffer(value) ? value.toString('base64') : String(value);
  return out;
}
