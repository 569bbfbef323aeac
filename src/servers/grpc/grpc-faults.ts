/**
 * GrpcFault is one failure the reference gRPC server injects into calls, parsed from
 * `--grpc-fault` text (`loadgen serve --grpc-port P --grpc-fault ...`, or
 * `POST /_loadgen/grpc-faults` on the HTTP port at run time):
 *
 *   status:CODE[@SHARE]       answer the gRPC status CODE (a name such as Unavailable, or 1..16)
 *   stall[@SHARE]             read the call and never answer (the client's deadline ends it)
 *   rst-stream[:CODE][@SHARE] read the call, then RST_STREAM with CODE
 *                             (an HTTP/2 error code, default INTERNAL_ERROR; grpc-go reads
 *                             REFUSED_STREAM as Unavailable, CANCEL as Canceled, most as Internal)
 *   goaway[:CODE][@SHARE]     read the call, then GOAWAY (default NO_ERROR) and close the
 *                             connection: every call in flight on it fails
 *
 * SHARE is the probability (0..1, default 1) that a call gets the fault; the shares of one set are
 * disjoint slices of one draw and sum to at most 1, as the HTTP faults' (http-faults.ts).
 */
import { h2FaultCode, parseFaultSet, type FaultText } from '../fault-text.js';
import { grpcStatusCode, grpcStatusName } from '../../core/grpc-status.js';
import { errorName } from '../../transports/h2/frames.js';

export type GrpcFault =
  | { readonly kind: 'status'; readonly code: number; readonly share: number }
  | { readonly kind: 'stall'; readonly share: number }
  | { readonly kind: 'rst-stream'; readonly code: number; readonly share: number }
  | { readonly kind: 'goaway'; readonly code: number; readonly share: number };

/** GrpcFaultKind is a fault's kind, the key of the injector's counts. */
export type GrpcFaultKind = GrpcFault['kind'];

/** GRPC_FAULT_FORMS lists the accepted forms, for help text and errors. */
export const GRPC_FAULT_FORMS = 'status:CODE[@SHARE], stall[@SHARE], rst-stream[:CODE][@SHARE] or goaway[:CODE][@SHARE]';

/** parseGrpcFaults reads a set of faults (each text may hold several, comma- or space-separated); bad text throws one UsageError line. */
export function parseGrpcFaults(texts: readonly string[], flag = '--grpc-fault'): GrpcFault[] {
  return parseFaultSet(texts, flag, GRPC_FAULT_FORMS, parseOne, (f) => f.share);
}

function parseOne(text: FaultText): GrpcFault {
  const { kind, arg, share, bad } = text;
  switch (kind) {
    case 'status': {
      const code = arg === undefined ? undefined : grpcStatusCode(arg);
      if (code === undefined || code === 0) throw bad('CODE is a gRPC error status: a name such as Unavailable or a number 1..16');
      return { kind, code, share };
    }
    case 'stall':
      if (arg !== undefined) throw bad('stall takes no value');
      return { kind, share };
    case 'rst-stream':
    case 'goaway':
      return { kind, code: h2FaultCode(text), share };
    default:
      throw bad(`"${kind}" is not a gRPC fault`);
  }
}

/** formatGrpcFault renders a fault back in the text form parseGrpcFaults reads. */
export function formatGrpcFault(f: GrpcFault): string {
  const share = f.share !== 1 ? `@${f.share}` : '';
  switch (f.kind) {
    case 'status':
      return `status:${grpcStatusName(f.code)}${share}`;
    case 'stall':
      return `stall${share}`;
    default:
      return `${f.kind}:${errorName(f.code)}${share}`;
  }
}
