/**
 * loadgen's errors: a small closed set of classes, each with a stable code and the exit code the
 * CLI leaves with when one ends a command (ERROR_CODES is the one table). Only the CLI entry
 * (cli/main.ts) maps an error to an exit code, through exitCodeOf; nothing else calls
 * process.exit or tells errors apart by their name. Errors cross worker threads as
 * {code, message} (errorCodeOf, codedError) and come back as the same class.
 *
 * A failed request is not an error here: it is a result, with an ErrorKind (core/outcome.ts).
 */

/**
 * ERROR_CODES gives each stable error code its exit code:
 * - `usage`: bad input from the user (flags, files, URLs, payloads), found before any load: 2;
 * - `input-during-run`: bad input met while the run went (a lazy targets file); reports of what
 *   ran are written first: 2;
 * - `not-ready`: --wait-ready timed out (Iter8's ready task fails likewise), no load sent: 3;
 * - `slo-failed`: the run completed but missed a service-level objective: 99;
 * - `run-failed`: the run sent requests and not one succeeded (every request got an error): 1;
 * - `internal`: anything else (a bug, or the system failing under loadgen): 1.
 */
export const ERROR_CODES = {
  usage: { exit: 2 },
  'input-during-run': { exit: 2 },
  'not-ready': { exit: 3 },
  'slo-failed': { exit: 99 },
  'run-failed': { exit: 1 },
  internal: { exit: 1 },
} as const satisfies Record<string, { readonly exit: number }>;

/** ErrorCode is one of loadgen's stable error codes. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** LoadgenError is the base of the closed set: an error with a stable code. */
export abstract class LoadgenError extends Error {
  abstract readonly code: ErrorCode;

  /** exitCode is the process exit code this error ends a command with. */
  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }
}

/**
 * UsageError is bad input from the user (flags, files, URLs, payloads). The CLI prints its
 * message as one line and exits 2.
 */
export class UsageError extends LoadgenError {
  override readonly name = 'UsageError';
  readonly code = 'usage';
}

/** InputDuringRunError is bad input met during a run (a lazy targets file); exit 2 after the reports. */
export class InputDuringRunError extends LoadgenError {
  override readonly name = 'InputDuringRunError';
  readonly code = 'input-during-run';
}

/** NotReadyError says the target did not become ready in time (--wait-ready); no load was sent. Exit 3. */
export class NotReadyError extends LoadgenError {
  override readonly name = 'NotReadyError';
  readonly code = 'not-ready';
}

/** SloFailedError says a completed run missed a service-level objective. Exit 99. */
export class SloFailedError extends LoadgenError {
  override readonly name = 'SloFailedError';
  readonly code = 'slo-failed';
}

/** RunFailedError says a run got no success at all (its reports are written first). Exit 1. */
export class RunFailedError extends LoadgenError {
  override readonly name = 'RunFailedError';
  readonly code = 'run-failed';
}

/** InternalError is any other failure, rebuilt from a worker thread or wrapped. Exit 1. */
export class InternalError extends LoadgenError {
  override readonly name = 'InternalError';
  readonly code = 'internal';
}

const CLASSES: Readonly<Record<ErrorCode, new (message: string) => LoadgenError>> = {
  usage: UsageError,
  'input-during-run': InputDuringRunError,
  'not-ready': NotReadyError,
  'slo-failed': SloFailedError,
  'run-failed': RunFailedError,
  internal: InternalError,
};

/** errorCodeOf is err's stable code: its own for a LoadgenError, `internal` for anything else. */
export function errorCodeOf(err: unknown): ErrorCode {
  return err instanceof LoadgenError ? err.code : 'internal';
}

/** codedError rebuilds the error of a code (as it crossed a thread: {code, message}). */
export function codedError(code: ErrorCode, message: string): LoadgenError {
  const Class = Object.hasOwn(CLASSES, code) ? CLASSES[code] : InternalError;
  return new Class(message);
}

/** exitCodeOf is the exit code an error ends a command with (1 for an error outside the set). */
export function exitCodeOf(err: unknown): number {
  return ERROR_CODES[errorCodeOf(err)].exit;
}

/** EXIT_USAGE is the exit code for bad input (ERROR_CODES.usage). */
export const EXIT_USAGE = ERROR_CODES.usage.exit;
