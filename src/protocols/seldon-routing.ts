/**
 * Seldon Core 2 routing (spec: inference-protocols.md 6.1, model-zoo.md 7): the headers (HTTP)
 * or metadata (gRPC) that send a request to a model or pipeline through Envoy, or straight to a
 * server, plus the optional `x-request-id`. The helpers are pure and return header pairs, names
 * lower case; send the same pairs on readiness probes (model-zoo.md 4 #9).
 */
import { randomFillSync } from 'node:crypto';
import { UsageError } from '../core/errors.js';

/** SeldonRouting says where a request goes. */
export interface SeldonRouting {
  /** model is the model (or pipeline) name without version, e.g. `iris0`. */
  model: string;
  /** pipeline routes to the pipeline gateway: `seldon-model: <name>.pipeline`. */
  pipeline?: boolean;
  /** envoy (default true) goes through the mesh; false bypasses it with the versioned name. */
  envoy?: boolean;
  /** schedulerProxy (with envoy false) uses version suffix `_0` instead of `_1`. */
  schedulerProxy?: boolean;
}

/** SELDON_MODEL_HEADER routes through the mesh. */
export const SELDON_MODEL_HEADER = 'seldon-model';
/** SELDON_INTERNAL_MODEL_HEADER routes to a server directly, bypassing Envoy. */
export const SELDON_INTERNAL_MODEL_HEADER = 'seldon-internal-model';
/** REQUEST_ID_HEADER carries the optional request id. */
export const REQUEST_ID_HEADER = 'x-request-id';
/** ACCEPT_IDENTITY turns response compression off (correctly spelled, model-zoo.md 4 #10). */
export const ACCEPT_IDENTITY: readonly [string, string] = ['accept-encoding', 'identity'];

/**
 * seldonModelName is the name used everywhere for routing (URL path, Host, headers, gRPC
 * `model_name`): the model itself through Envoy, `<model>_1` when bypassing it (`<model>_0`
 * through the scheduler proxy).
 */
export function seldonModelName(r: SeldonRouting): string {
  if (r.envoy ?? true) return r.model;
  return `${r.model}_${r.schedulerProxy === true ? 0 : 1}`;
}

/**
 * seldonRoutingHeaders returns `seldon-model` (`<name>.pipeline` for a pipeline) and, when
 * bypassing Envoy, `seldon-internal-model`, both with seldonModelName. The HTTP `Host` header
 * should also be that name; it is the transport's to set (see seldonModelName).
 */
export function seldonRoutingHeaders(r: SeldonRouting): [string, string][] {
  if (r.model === '') throw new UsageError('Seldon routing: the model name is empty');
  const name = seldonModelName(r);
  const headers: [string, string][] = [[SELDON_MODEL_HEADER, r.pipeline === true ? `${name}.pipeline` : name]];
  if (!(r.envoy ?? true)) headers.push([SELDON_INTERNAL_MODEL_HEADER, name]);
  return headers;
}

/** REQUEST_ID_RANDOM_CHARS is the number of random alphanumerics after the prefix. */
export const REQUEST_ID_RANDOM_CHARS = 15;

const ALPHABET = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'latin1');
/** UNBIASED_LIMIT is the largest multiple of 62 below 256: bytes at or above it are redrawn. */
const UNBIASED_LIMIT = 248;
const POOL_BYTES = 4096;
/** PREFIX_PATTERN keeps the prefix a valid header value token (visible ASCII, no spaces). */
const PREFIX_PATTERN = /^[\x21-\x7e]*$/;

/**
 * RequestIdGenerator makes `x-request-id` values `<prefix>_<15 random [A-Za-z0-9]>`, as the
 * Seldon suite does, fast enough to call per request: random bytes come from a refilled pool, and
 * the id is written into one reused buffer, so a call costs one short string.
 */
export class RequestIdGenerator {
  private readonly buf: Buffer;
  private readonly start: number;
  private readonly pool: Buffer;
  private poolPos: number;
  private readonly fill: (bytes: Buffer) => void;

  /**
   * prefix is REQUEST_ID_PREFIX (visible ASCII without spaces, else a UsageError); fill
   * (default crypto.randomFillSync) refills the random byte pool, replaceable in tests.
   */
  constructor(prefix: string, fill: (bytes: Buffer) => void = defaultFill) {
    if (!PREFIX_PATTERN.test(prefix)) throw new UsageError(`REQUEST_ID_PREFIX: "${prefix}" must be visible ASCII characters without spaces`);
    this.start = prefix.length + 1;
    this.buf = Buffer.alloc(this.start + REQUEST_ID_RANDOM_CHARS);
    this.buf.write(`${prefix}_`, 0, 'latin1');
    this.pool = Buffer.alloc(POOL_BYTES);
    this.fill = fill;
    this.fill(this.pool);
    this.poolPos = 0;
  }

  /** next returns a fresh request id. */
  next(): string {
    const buf = this.buf;
    const end = this.start + REQUEST_ID_RANDOM_CHARS;
    for (let i = this.start; i < end; ) {
      if (this.poolPos === POOL_BYTES) {
        this.fill(this.pool);
        this.poolPos = 0;
      }
      const b = this.pool[this.poolPos++];
      if (b < UNBIASED_LIMIT) buf[i++] = ALPHABET[b % 62];
    }
    return buf.toString('latin1', 0, end);
  }

  /** header returns the `x-request-id` pair with a fresh id. */
  header(): [string, string] {
    return [REQUEST_ID_HEADER, this.next()];
  }
}

function defaultFill(bytes: Buffer): void {
  randomFillSync(bytes);
}
