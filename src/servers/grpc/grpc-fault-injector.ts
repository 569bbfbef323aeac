/**
 * GrpcFaultInjector applies the reference gRPC server's current faults (grpc-faults.ts) to every
 * service at once, as a grpc-js server interceptor: a faulted call is read to its end and never
 * reaches its handler; it gets the injected status, or is held (stall), or its HTTP/2 stream is
 * reset or its connection sent GOAWAY and closed. grpc-js has no public way to reset a stream with
 * a chosen code, so those two take the call's node:http2 stream from grpc-js's innermost call
 * object (its `stream` field), and fail loudly if a grpc-js upgrade moved it.
 */
import { Metadata, ServerInterceptingCall, type ServerInterceptingCallInterface, type ServerInterceptor } from '@grpc/grpc-js';
import { constants, type ServerHttp2Stream } from 'node:http2';
import type { FaultSwitch } from '../fault-admin.js';
import { formatGrpcFault, parseGrpcFaults, type GrpcFault, type GrpcFaultKind } from './grpc-faults.js';

/** GRPC_FAULTS_PATH is the HTTP port's admin route that reads and changes the gRPC faults at run time. */
export const GRPC_FAULTS_PATH = '/_loadgen/grpc-faults';

export class GrpcFaultInjector implements FaultSwitch {
  private faults: readonly GrpcFault[];
  private counts: Partial<Record<GrpcFaultKind, number>>;
  /** held are the streams of stalled calls, cancelled on close so shutdown does not wait for them. */
  private readonly held: Set<ServerHttp2Stream>;
  private readonly random: () => number;
  /** interceptor is the grpc-js server interceptor that applies the faults. */
  readonly interceptor: ServerInterceptor;

  constructor(faults: readonly GrpcFault[], random: () => number) {
    this.faults = faults;
    this.counts = {};
    this.held = new Set();
    this.random = random;
    this.interceptor = (_method, call) => this.intercept(call);
  }

  /** set replaces the faults and resets the counts. */
  set(faults: readonly GrpcFault[]): void {
    this.faults = faults;
    this.counts = {};
  }

  /** replace sets the faults parsed from text (the admin route's POST body). */
  replace(text: string): void {
    this.set(parseGrpcFaults([text], 'grpc-faults'));
  }

  /** state is what GET answers: the faults as text and the calls each kind took. */
  state(): { faults: string[]; counts: Record<string, number> } {
    return { faults: this.faults.map(formatGrpcFault), counts: { ...this.counts } };
  }

  /** close cancels every stalled call (RST_STREAM CANCEL). */
  close(): void {
    for (const s of this.held) s.close(constants.NGHTTP2_CANCEL);
    this.held.clear();
  }

  private intercept(call: ServerInterceptingCallInterface): ServerInterceptingCall {
    const fault = this.faults.length === 0 ? null : this.draw();
    // Unfaulted calls pass through as they are: grpc-js only uses the interface, and the
    // reference server stays as fast as before for benchmarks.
    if (fault === null) return call as ServerInterceptingCall;
    this.count(fault.kind);
    const stream = fault.kind === 'status' ? null : streamOf(call);
    // The handler's listener never hears of the call: its messages are read and dropped here.
    return new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMessage: () => call.startRead(),
          onReceiveHalfClose: () => this.apply(fault, call, stream),
        }),
    });
  }

  private apply(f: GrpcFault, call: ServerInterceptingCallInterface, stream: ServerHttp2Stream | null): void {
    if (f.kind === 'status') return call.sendStatus({ code: f.code, details: `injected ${formatGrpcFault(f)}`, metadata: new Metadata() });
    if (stream === null || stream.destroyed) return;
    switch (f.kind) {
      case 'stall':
        this.held.add(stream);
        stream.once('close', () => this.held.delete(stream));
        return;
      case 'rst-stream':
        stream.close(f.code);
        return;
      case 'goaway': {
        const session = stream.session;
        if (session === undefined || session.destroyed) return;
        session.goaway(f.code, stream.id ?? 0);
        // The code again: destroy sends a last GOAWAY of its own, NO_ERROR unless told.
        session.destroy(new Error(`injected GOAWAY ${f.code}`), f.code);
        return;
      }
    }
  }

  private draw(): GrpcFault | null {
    const u = this.random();
    let edge = 0;
    for (const f of this.faults) {
      edge += f.share;
      if (u < edge) return f;
    }
    return null;
  }

  private count(kind: GrpcFaultKind): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }
}

/** streamOf finds the node:http2 stream under grpc-js's chain of intercepting calls. */
function streamOf(call: ServerInterceptingCallInterface): ServerHttp2Stream {
  for (let c = call as { stream?: ServerHttp2Stream; nextCall?: unknown } | undefined; c !== undefined; c = c.nextCall as typeof c) {
    if (c.stream !== undefined && typeof c.stream.close === 'function') return c.stream;
  }
  throw new Error('loadgen: the gRPC fault injector found no HTTP/2 stream in the grpc-js call (a grpc-js upgrade moved it); rst-stream, goaway and stall cannot be injected');
}
