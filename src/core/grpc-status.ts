/**
 * gRPC status codes by Go's names: the one table from which every report names a gRPC status
 * (spec: ghz.md 2.5).
 */

/**
 * GRPC_STATUS_NAMES are Go's gRPC code names indexed by code (0 = `OK` ... 16 =
 * `Unauthenticated`); note `Canceled` with one L, as Go spells it.
 */
export const GRPC_STATUS_NAMES = [
  'OK',
  'Canceled',
  'Unknown',
  'InvalidArgument',
  'DeadlineExceeded',
  'NotFound',
  'AlreadyExists',
  'PermissionDenied',
  'ResourceExhausted',
  'FailedPrecondition',
  'Aborted',
  'OutOfRange',
  'Unimplemented',
  'Internal',
  'Unavailable',
  'DataLoss',
  'Unauthenticated',
] as const;

/** GrpcStatusName is one of Go's gRPC code names. */
export type GrpcStatusName = (typeof GRPC_STATUS_NAMES)[number];

/** GRPC_STATUS_CODES maps each Go code name to its number, e.g. `Unavailable` -> 14. */
export const GRPC_STATUS_CODES: Readonly<Record<GrpcStatusName, number>> = Object.fromEntries(
  GRPC_STATUS_NAMES.map((name, code) => [name, code]),
) as Record<GrpcStatusName, number>;

/**
 * grpcStatusName is Go's `codes.Code.String()`: the name for codes 0..16 and `Code(<n>)` for
 * any other number.
 */
export function grpcStatusName(code: number): string {
  return code >= 0 && code < GRPC_STATUS_NAMES.length && Number.isInteger(code) ? GRPC_STATUS_NAMES[code] : `Code(${code})`;
}

/**
 * grpcStatusCode parses a status given as a number (`14`) or a Go name (`Unavailable`,
 * case-insensitive; `Cancelled` is accepted too); undefined when it is neither.
 */
export function grpcStatusCode(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    return n < GRPC_STATUS_NAMES.length ? n : undefined;
  }
  const lower = t.toLowerCase() === 'cancelled' ? 'canceled' : t.toLowerCase();
  const i = GRPC_STATUS_NAMES.findIndex((name) => name.toLowerCase() === lower);
  return i < 0 ? undefined : i;
}
