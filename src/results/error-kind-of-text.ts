/**
 * errorKindOfText recovers an error's stable kind (core/outcome.ts) from its text alone, for
 * results read back from a file (vegeta JSON lines or CSV hold only the text). It reads the words
 * loadgen writes (transports/transport-errors.ts, Go's own) and vegeta's; a live run never needs
 * it, as its transports give every failure its kind.
 */
import type { ErrorKind } from '../core/outcome.js';

/** TEXT_KINDS are tried in order; the first pattern that matches gives the kind. */
const TEXT_KINDS: ReadonlyArray<readonly [RegExp, ErrorKind]> = [
  [/^check: /, 'check'],
  [/^rpc error: code = DeadlineExceeded /, 'timeout'],
  [/^rpc error: code = Canceled desc = context canceled$/, 'canceled'],
  [/^rpc error: code = Unavailable desc = connection error: .*connection refused$/, 'refused'],
  [/^rpc error: code = \w+ desc = /, 'status'],
  [/connection refused$/, 'refused'],
  [/(connection reset by peer|broken pipe)$/, 'reset'],
  [/no such host$/, 'dns'],
  [/(i\/o timeout|context deadline exceeded|Client\.Timeout exceeded.*)$/, 'timeout'],
  [/context canceled$/, 'canceled'],
  [/(^|: )(unexpected )?EOF$/, 'closed'],
  [/(x509: |tls: |remote error: tls)/, 'tls'],
  [/^\d{3}( |$)/, 'status'],
];

/** errorKindOfText is the kind an error text tells of; `other` when it tells none. */
export function errorKindOfText(text: string): ErrorKind {
  for (const [pattern, kind] of TEXT_KINDS) if (pattern.test(text)) return kind;
  return 'other';
}
