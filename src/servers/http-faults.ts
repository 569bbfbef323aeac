/**
 * HttpFault is one failure the reference server injects on HTTP, parsed from `--fault` text
 * (`loadgen serve --fault ...`, or `POST /_loadgen/faults` at run time):
 *
 *   status:CODE[@SHARE]     answer CODE (400..599) with a JSON error body
 *   reset[@SHARE]           send the headers and half the body, then reset the connection (RST)
 *   stall[@SHARE]           read the request and never answer (the client's timeout ends it)
 *   trickle:EVERY[@SHARE]   a 200 whose 10 body chunks leave EVERY apart (a slow upstream)
 *   huge:SIZE[@SHARE]       a 200 with a SIZE body (e.g. 8MiB)
 *   close-after:N           close each connection after N answered requests (no answer to the next)
 *   refuse                  reset every connection as it is accepted (a full backlog, a REJECT rule)
 *
 * and two HTTP/2 faults, for `serve --h2c` only:
 *
 *   goaway[:CODE][@SHARE]     read the request, then GOAWAY (CODE, default NO_ERROR) and close the
 *                             session: this stream and every other one in flight on it fail
 *   rst-stream[:CODE][@SHARE] read the request, then RST_STREAM with CODE (default INTERNAL_ERROR)
 *
 * CODE is an RFC 9113 error code name (REFUSED_STREAM, CANCEL, ...) or number. Over h2c
 * close-after and refuse act on the TCP connection under the session, and reset resets it after
 * half the body, failing every stream on it.
 *
 * SHARE is the probability (0..1, default 1) that a request gets the fault. The shares of one set
 * are disjoint slices of one draw, so `status:503@0.1 reset@0.1` is 10 % of each; they must sum
 * to at most 1.
 */
import { parseDuration, parseSize, type Nanos } from '../core/units.js';
import type { UsageError } from '../core/errors.js';
import { h2FaultCode, parseFaultSet, type FaultText } from './fault-text.js';
import { errorName } from '../transports/h2/frames.js';

export type HttpFault =
  | { readonly kind: 'status'; readonly status: number; readonly share: number }
  | { readonly kind: 'reset'; readonly share: number }
  | { readonly kind: 'stall'; readonly share: number }
  | { readonly kind: 'trickle'; readonly everyNs: Nanos; readonly share: number }
  | { readonly kind: 'huge'; readonly bytes: number; readonly share: number }
  | { readonly kind: 'close-after'; readonly requests: number }
  | { readonly kind: 'refuse' }
  | { readonly kind: 'goaway'; readonly code: number; readonly share: number }
  | { readonly kind: 'rst-stream'; readonly code: number; readonly share: number };

/** HttpFaultKind is a fault's kind, the key of the injector's counts. */
export type HttpFaultKind = HttpFault['kind'];

/** FAULT_FORMS lists the accepted forms, for help text and errors. */
export const FAULT_FORMS =
  'status:CODE[@SHARE], reset[@SHARE], stall[@SHARE], trickle:EVERY[@SHARE], huge:SIZE[@SHARE], close-after:N, refuse, or with --h2c goaway[:CODE][@SHARE], rst-stream[:CODE][@SHARE]';

/** H2_FAULT_KINDS are the faults only an HTTP/2 (h2c) server can inject. */
export const H2_FAULT_KINDS: ReadonlySet<HttpFaultKind> = new Set(['goaway', 'rst-stream']);

/** parseHttpFaults reads a set of faults (each text may hold several, comma- or space-separated); bad text throws one UsageError line. */
export function parseHttpFaults(texts: readonly string[], flag = '--fault'): HttpFault[] {
  return parseFaultSet(texts, flag, FAULT_FORMS, parseOne, (f) => ('share' in f ? f.share : 0));
}

function parseOne(text: FaultText): HttpFault {
  const { kind, arg, share, hasShare, flag, bad } = text;
  const needArg = (): string => {
    if (arg === undefined || arg === '') throw bad(`${kind} needs a value after the colon`);
    return arg;
  };
  const noShare = (): void => {
    if (hasShare) throw bad(`${kind} applies to every connection; it takes no @SHARE`);
  };
  switch (kind) {
    case 'status': {
      const status = Number(needArg());
      if (!Number.isInteger(status) || status < 400 || status > 599) throw bad('CODE is an HTTP error status 400..599');
      return { kind, status, share };
    }
    case 'reset':
    case 'stall':
      if (arg !== undefined) throw bad(`${kind} takes no value`);
      return { kind, share };
    case 'trickle': {
      const everyNs = durationOf(needArg(), bad);
      return { kind, everyNs, share };
    }
    case 'huge': {
      let bytes: number;
      try {
        bytes = parseSize(needArg(), flag);
      } catch {
        throw bad('SIZE is a byte size, e.g. 8MiB');
      }
      if (!(bytes > 0 && bytes <= 2 ** 30)) throw bad('SIZE is 1 byte to 1GiB');
      return { kind, bytes, share };
    }
    case 'close-after': {
      noShare();
      const requests = Number(needArg());
      if (!Number.isInteger(requests) || requests < 1) throw bad('N is a whole number >= 1');
      return { kind, requests };
    }
    case 'goaway':
    case 'rst-stream':
      return { kind, code: h2FaultCode(text), share };
    case 'refuse':
      noShare();
      if (arg !== undefined) throw bad('refuse takes no value');
      return { kind };
    default:
      throw bad(`"${kind}" is not a fault`);
  }
}

function durationOf(text: string, bad: (why: string) => UsageError): Nanos {
  let d: Nanos;
  try {
    d = parseDuration(text, '--fault');
  } catch {
    throw bad('EVERY is a duration, e.g. 100ms');
  }
  if (!(d > 0)) throw bad('EVERY must be positive');
  return d;
}

/** formatHttpFault renders a fault back in the text form parseHttpFaults reads. */
export function formatHttpFault(f: HttpFault): string {
  const share = 'share' in f && f.share !== 1 ? `@${f.share}` : '';
  switch (f.kind) {
    case 'status':
      return `status:${f.status}${share}`;
    case 'trickle':
      return `trickle:${f.everyNs / 1e6}ms${share}`;
    case 'huge':
      return `huge:${f.bytes}${share}`;
    case 'close-after':
      return `close-after:${f.requests}`;
    case 'goaway':
    case 'rst-stream':
      return `${f.kind}:${errorName(f.code)}${share}`;
    default:
      return `${f.kind}${share}`;
  }
}
