/**
 * TemplatedGrpcFeed renders the call data and metadata of every call (ghz templates such as
 * {{.RequestNumber}} and {{.UUID}}): the one case where per-request serialisation is asked for.
 * Each worker rebuilds the compiled templates from the plan's raw inputs, as they do not cross
 * threads. A render that fails ends the feed with the error, which the run reports as bad input.
 */
import { buildCallData, type CallData } from '../grpc/call-data.js';
import { loadGrpcMethod } from '../grpc/grpc-method.js';
import { frameMessage } from '../transports/grpc/grpc-wire.js';
import { gzipSync } from 'node:zlib';
import { GZIP_METADATA } from '../grpc/metadata.js';
import { buildMetadata, type CallMetadata } from '../grpc/metadata.js';
import { TemplateCall, templateMethodInfo } from '../grpc/template.js';
import type { GrpcSource, GrpcTemplateInputs } from '../plan/plan.js';
import type { GrpcTarget } from '../transports/exchange.js';
import type { Transport } from '../transports/transport.js';
import { toGrpcTarget } from './grpc-targets.js';
import type { RequestFeed } from './request-feed.js';

export class TemplatedGrpcFeed implements RequestFeed {
  failure: Error | null;
  private readonly source: GrpcSource;
  private readonly path: string;
  private readonly data: CallData;
  private readonly metadata: CallMetadata | null;
  private readonly call: TemplateCall;
  private readonly workerId: string;
  private readonly timeoutNs: number;
  private readonly transport: Transport;
  private readonly gzip: boolean;
  private readonly sendsStream: boolean;

  constructor(source: GrpcSource, inputs: GrpcTemplateInputs, workerIndex: number, timeoutNs: number, transport: Transport) {
    const method = loadGrpcMethod(inputs.schema);
    this.failure = null;
    this.source = source;
    this.path = method.path;
    this.data = buildCallData(inputs.data, method);
    this.metadata = buildMetadata(inputs.metadata, templateMethodInfo(method));
    this.call = new TemplateCall();
    this.workerId = `${inputs.name === '' ? '' : `${inputs.name}:`}g${workerIndex}c0`;
    this.timeoutNs = timeoutNs;
    this.transport = transport;
    this.gzip = inputs.gzip;
    this.sendsStream = inputs.sendsStream;
  }

  take(seq: number): GrpcTarget | null {
    if (this.failure !== null) return null;
    try {
      const call = this.call.reset(seq, this.workerId);
      const messages = this.sendsStream ? this.data.streamMessages(call) : [this.data.messageFor(seq, call)];
      const metadata = (this.metadata?.entriesFor(call) ?? []).map(([k, v]) => [k, typeof v === 'string' ? v : v.toString('base64')] as const);
      const frame = Buffer.concat(messages.map((m) => (this.gzip ? frameMessage(gzipSync(m), true) : frameMessage(m))));
      const all = this.gzip ? [...metadata, ...GZIP_METADATA] : metadata;
      return toGrpcTarget({ path: this.path, frame, metadata: all }, this.source, this.timeoutNs, this.transport);
    } catch (err) {
      this.failure = err as Error;
      return null;
    }
  }

  close(): void {}
}
