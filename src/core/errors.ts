/**
 * UsageError is bad input from the user (flags, files, URLs, payloads). The CLI entry prints its
 * message as one line and exits with EXIT_USAGE; nothing else in loadgen maps errors to exit codes.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** EXIT_USAGE is the exit code for bad input. */
export const EXIT_USAGE = 2;
