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
import { checkV2GrpcResponse } from './v2-grpc-check.js';

export interface ResponseCheck {
  readonly protocol: 'v2' | 'v2-binary' | 'v2-grpc' | 'tfserving' | 'tfserving-grpc' | 'seldon' | 'seldon-grpc';
  readonly expect: ExpectedOutputs | null;
}

const CHECKS = {
  v2: checkV2JsonResponse,
  'v2-binary': checkV2BinaryResponse,
  'v2-grpc': checkV2GrpcResponse,
  tfserving: checkTfServingResponse,
  'tfserving-grpc': checkTfServingGrpcResponse,
  seldon: checkSeldonResponse,
  'seldon-grpc': checkSeldonGrpcResponse,
} as const;

export function checkerFor(check: ResponseCheck): Checker {
  const run = CHECKS[check.protocol];
  return (status, headers, body) => run(status, headers, body, check.expect);
}
