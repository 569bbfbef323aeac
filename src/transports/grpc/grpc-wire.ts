/**
 * gRPC wire helpers for the lean HTTP/2 client: length-prefixed message framing, an incremental
 * frame reader, the `grpc-timeout` header and Go's error text form
 * (spec: ghz.md 2.5, 2.6; design.md "gRPC").
 */

import { grpcStatusName } from '../../core/grpc-status.js';

/** FRAME_HEADER_BYTES is the length prefix of every gRPC message: 1 flag byte + 4-byte length. */
export const FRAME_HEADER_BYTES = 5;

/** DEFAULT_MAX_MESSAGE_BYTES bounds one received message (bytes): Go's default MaxInt32. */
export const DEFAULT_MAX_MESSAGE_BYTES = 2 ** 31 - 1;

/**
 * frameMessage prefixes msg with gRPC's 5-byte header (compressed flag, big-endian length) and
 * returns one Buffer holding both, ready to write on a stream.
 */
export function frameMessage(msg: Uint8Array, compressed = false): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER_BYTES + msg.length);
  out[0] = compressed ? 1 : 0;
  out.writeUInt32BE(msg.length, 1);
  out.set(msg, FRAME_HEADER_BYTES);
  return out;
}

/** GrpcFrameError is a malformed or oversized frame; the stream it came from is unusable. */
export class GrpcFrameError extends Error {
  override readonly name = 'GrpcFrameError';
}

/**
 * FrameReader reassembles gRPC messages from DATA chunks of any size. Push each chunk, then call
 * read() until it returns null; `compressed` tells whether the message just read had the
 * compressed flag set. A message contained in one chunk is returned as a view of that chunk (no
 * copy); one spanning chunks is copied once.
 */
export class FrameReader {
  /** compressed is the flag of the last message read() returned. */
  compressed: boolean;
  private readonly maxMessageBytes: number;
  private readonly chunks: Buffer[];
  /** offset is how far into chunks[0] has been consumed. */
  private offset: number;
  private buffered: number;

  /** maxMessageBytes bounds one message; a larger declared length throws GrpcFrameError. */
  constructor(maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES) {
    this.compressed = false;
    this.maxMessageBytes = maxMessageBytes;
    this.chunks = [];
    this.offset = 0;
    this.buffered = 0;
  }

  /** pending is the number of bytes received but not yet returned as messages. */
  get pending(): number {
    return this.buffered;
  }

  /** push adds a received chunk. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
    this.buffered += chunk.length;
  }

  /** read returns the next complete message, or null when more bytes are needed. */
  read(): Buffer | null {
    if (this.buffered < FRAME_HEADER_BYTES) return null;
    const header = this.peekHeader();
    const flag = header[0];
    if (flag > 1) throw new GrpcFrameError(`invalid gRPC frame flag ${flag}`);
    const length = header.readUInt32BE(1);
    if (length > this.maxMessageBytes) {
      throw new GrpcFrameError(`received message larger than max (${length} vs. ${this.maxMessageBytes})`);
    }
    if (this.buffered < FRAME_HEADER_BYTES + length) return null;
    this.skip(FRAME_HEADER_BYTES);
    this.compressed = flag === 1;
    return this.take(length);
  }

  /** peekHeader returns the next 5 bytes without consuming them. */
  private peekHeader(): Buffer {
    const first = this.chunks[0];
    if (first.length - this.offset >= FRAME_HEADER_BYTES) return first.subarray(this.offset, this.offset + FRAME_HEADER_BYTES);
    const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
    let filled = 0;
    let offset = this.offset;
    for (let i = 0; filled < FRAME_HEADER_BYTES; i++) {
      const c = this.chunks[i];
      const n = Math.min(c.length - offset, FRAME_HEADER_BYTES - filled);
      c.copy(header, filled, offset, offset + n);
      filled += n;
      offset = 0;
    }
    return header;
  }

  private skip(n: number): void {
    this.buffered -= n;
    while (n > 0) {
      const first = this.chunks[0];
      const left = first.length - this.offset;
      if (left > n) {
        this.offset += n;
        return;
      }
      n -= left;
      this.chunks.shift();
      this.offset = 0;
    }
  }

  private take(n: number): Buffer {
    const first = this.chunks[0];
    if (n === 0) return Buffer.alloc(0);
    if (first.length - this.offset >= n) {
      const msg = first.subarray(this.offset, this.offset + n);
      this.skip(n);
      return msg;
    }
    const msg = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0];
      const count = Math.min(c.length - this.offset, n - filled);
      c.copy(msg, filled, this.offset, this.offset + count);
      filled += count;
      this.skip(count);
    }
    return msg;
  }
}

/** MAX_TIMEOUT_VALUE is the largest grpc-timeout value: at most 8 digits. */
const MAX_TIMEOUT_VALUE = 99_999_999;

/** TIMEOUT_UNITS are the grpc-timeout units from finest to coarsest, with their size in ns. */
const TIMEOUT_UNITS: ReadonlyArray<readonly [unit: string, ns: number]> = [
  ['n', 1],
  ['u', 1e3],
  ['m', 1e6],
  ['S', 1e9],
  ['M', 60e9],
];

/**
 * grpcTimeoutHeader formats a deadline of ns nanoseconds as the `grpc-timeout` header value
 * (`<at most 8 digits><unit>`, units n u m S M H) as grpc-go does: the finest unit whose value
 * fits, rounded up so the deadline is never shortened; ns <= 0 gives `0n`.
 */
export function grpcTimeoutHeader(ns: number): string {
  if (!(ns > 0)) return '0n';
  for (const [unit, size] of TIMEOUT_UNITS) {
    const value = Math.ceil(ns / size);
    if (value <= MAX_TIMEOUT_VALUE) return `${value}${unit}`;
  }
  return `${Math.ceil(ns / 3600e9)}H`;
}

/** grpcErrorText is Go's status error text: `rpc error: code = <Name> desc = <message>`. */
export function grpcErrorText(code: number, message: string): string {
  return `rpc error: code = ${grpcStatusName(code)} desc = ${message}`;
}

/**
 * decodeGrpcMessage undoes the percent-encoding of the `grpc-message` trailer (bytes outside
 * printable ASCII and `%` itself are sent as `%XX` of their UTF-8). A malformed escape is kept
 * as is, as grpc-go does.
 */
export function decodeGrpcMessage(value: string): string {
  if (!value.includes('%')) return value;
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const hex = value.charCodeAt(i) === 0x25 ? value.slice(i + 1, i + 3) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
      continue;
    }
    const cp = value.codePointAt(i) as number;
    for (const b of Buffer.from(String.fromCodePoint(cp), 'utf8')) bytes.push(b);
    if (cp > 0xffff) i++;
  }
  return Buffer.from(bytes).toString('utf8');
}
