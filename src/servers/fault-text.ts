/**
 * The text form both fault sets share (http-faults.ts for `--fault`, grpc/grpc-faults.ts for
 * `--grpc-fault`): faults separated by commas or spaces, each `KIND[:ARG][@SHARE]`, where SHARE is
 * the probability (0..1, default 1) that a request gets it; the shares of one set are disjoint
 * slices of one draw and sum to at most 1.
 */
import { UsageError } from '../core/errors.js';
import { h2ErrorCodeOf, INTERNAL_ERROR, NO_ERROR } from '../transports/h2/frames.js';

/** FaultText is one fault's text taken apart; bad makes its one-line error. */
export interface FaultText {
  readonly kind: string;
  readonly arg: string | undefined;
  readonly share: number;
  /** hasShare is true when the text gave `@SHARE`. */
  readonly hasShare: boolean;
  /** flag is the flag (or admin route) the text came from, for errors. */
  readonly flag: string;
  bad(why: string): UsageError;
}

/** parseFaultSet reads every fault of texts with parseOne and checks that their shares sum to at most 1. */
export function parseFaultSet<F>(texts: readonly string[], flag: string, forms: string, parseOne: (f: FaultText) => F, shareOf: (f: F) => number): F[] {
  const faults = texts
    .flatMap((t) => t.split(/[\s,]+/))
    .filter((t) => t !== '')
    .map((t) => parseOne(splitFault(t, flag, forms)));
  const total = faults.reduce((sum, f) => sum + shareOf(f), 0);
  if (total > 1 + 1e-9) throw new UsageError(`${flag}: the shares add up to ${+total.toFixed(6)}; they are slices of one draw and must sum to at most 1`);
  return faults;
}

function splitFault(text: string, flag: string, forms: string): FaultText {
  const at = text.lastIndexOf('@');
  const head = at < 0 ? text : text.slice(0, at);
  const colon = head.indexOf(':');
  const bad = (why: string): UsageError => new UsageError(`${flag}: "${text}": ${why}; use ${forms}`);
  const share = at < 0 ? 1 : Number(text.slice(at + 1));
  if (!(share >= 0 && share <= 1) || text.slice(at + 1) === '') throw bad('SHARE is a probability 0..1');
  return { kind: (colon < 0 ? head : head.slice(0, colon)).toLowerCase(), arg: colon < 0 ? undefined : head.slice(colon + 1), share, hasShare: at >= 0, flag, bad };
}

/**
 * h2FaultCode reads the HTTP/2 error code of a goaway or rst-stream fault (both fault sets have
 * them): a name or number, by default NO_ERROR for goaway and INTERNAL_ERROR for rst-stream.
 */
export function h2FaultCode({ kind, arg, bad }: FaultText): number {
  const code = arg === undefined ? (kind === 'goaway' ? NO_ERROR : INTERNAL_ERROR) : h2ErrorCodeOf(arg);
  if (code === undefined) throw bad('CODE is an HTTP/2 error code: a name such as REFUSED_STREAM or a number 0..13');
  return code;
}
