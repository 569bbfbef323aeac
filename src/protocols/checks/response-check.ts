/**
 * ResponseCheck names the check a response must pass to count as a success (k6-check-like): the
 * protocol's well-formed inference response with the expected outputs. It is plain data, so it
 * travels in the plan; checkerFor gives the worker the function that runs it.
 */
import type { ExpectedOutputs } from '../../payloads/expected-outputs.js';
import type { Checker } from '../../transports/exchange.js';
import { checkSeldonResponse } from './seldon-check.js';
import { checkSeldonGrpcResponse } from './seldon-grpc-check.js';
import { checkTfServingResponse } from './tfserving-check.js';
import { checkTfServingGrpcResponse } from './tfserving-grpc-check.js';
import { checkV2BinaryResponse } from './v2-binary-check.js';
import { checkV2JsonResponse } from './v2-json-check.js';
import { checkV2GrpcResponse, v2ModelInferMethod } from './v2-grpc-check.js';
import { tfServingPredictMethod } from '../../grpc/tfserving-grpc-request.js';
import { seldonPredictMethod } from '../../grpc/seldon-grpc-request.js';

export interface ResponseCheck {
  readonly protocol: 'v2' | 'v2-binary' | 'v2-grpc' | 'tfserving' | 'tfserving-grpc' | 'seldon' | 'seldon-grpc';
  readonly expect: ExpectedOutputs | null;
}

type CheckFunction = (status: number, headers: Readonly<Record<string, string>>, body: Buffer, expect: ExpectedOutputs | null) => string | null;

/** CHECKS are each protocol's check and, for gRPC, the schema it decodes with (loaded by warm). */
const CHECKS: Readonly<Record<ResponseCheck['protocol'], { readonly run: CheckFunction; readonly warm?: () => unknown }>> = {
  v2: { run: checkV2JsonResponse },
  'v2-binary': { run: checkV2BinaryResponse },
  'v2-grpc': { run: checkV2GrpcResponse, warm: v2ModelInferMethod },
  tfserving: { run: checkTfServingResponse },
  'tfserving-grpc': { run: checkTfServingGrpcResponse, warm: tfServingPredictMethod },
  seldon: { run: checkSeldonResponse },
  'seldon-grpc': { run: checkSeldonGrpcResponse, warm: seldonPredictMethod },
};

export function checkerFor(check: ResponseCheck): Checker {
  const { run, warm } = CHECKS[check.protocol];
  // The schema is loaded now, before the run, rather than inside the first response's check.
  warm?.();
  return (status, headers, body) => run(status, headers, body, check.expect);
}
