/**
 * HTTP/2 framing (RFC 9113 section 4 and 6): the frame types, flags, settings and error codes the
 * lean client uses, and FrameWriter, which packs outgoing frames into as few socket writes as
 * possible: every frame queued in one turn of the event loop leaves in one write.
 */

export const FRAME_HEADER_BYTES = 9;

// Frame types (RFC 9113 6).
export const DATA = 0x0;
export const HEADERS = 0x1;
export const PRIORITY = 0x2;
export const RST_STREAM = 0x3;
export const SETTINGS = 0x4;
export const PUSH_PROMISE = 0x5;
export const PING = 0x6;
export const GOAWAY = 0x7;
export const WINDOW_UPDATE = 0x8;
export const CONTINUATION = 0x9;

// Flags.
export const FLAG_END_STREAM = 0x1;
export const FLAG_ACK = 0x1;
export const FLAG_END_HEADERS = 0x4;
export const FLAG_PADDED = 0x8;
export const FLAG_PRIORITY = 0x20;

// Settings (RFC 9113 6.5.2).
export const SETTINGS_HEADER_TABLE_SIZE = 0x1;
export const SETTINGS_ENABLE_PUSH = 0x2;
export const SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
export const SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
export const SETTINGS_MAX_FRAME_SIZE = 0x5;

// Error codes (RFC 9113 7).
export const NO_ERROR = 0x0;
export const PROTOCOL_ERROR = 0x1;
export const FLOW_CONTROL_ERROR = 0x3;
export const FRAME_SIZE_ERROR = 0x6;
export const INTERNAL_ERROR = 0x2;
export const REFUSED_STREAM = 0x7;
export const CANCEL = 0x8;
export const COMPRESSION_ERROR = 0x9;

const ERROR_NAMES = [
  'NO_ERROR',
  'PROTOCOL_ERROR',
  'INTERNAL_ERROR',
  'FLOW_CONTROL_ERROR',
  'SETTINGS_TIMEOUT',
  'STREAM_CLOSED',
  'FRAME_SIZE_ERROR',
  'REFUSED_STREAM',
  'CANCEL',
  'COMPRESSION_ERROR',
  'CONNECT_ERROR',
  'ENHANCE_YOUR_CALM',
  'INADEQUATE_SECURITY',
  'HTTP_1_1_REQUIRED',
];

/** h2ErrorCodeOf reads an error code by its RFC 9113 name (any case, `-` for `_`) or number 0..13; undefined when it is neither. */
export function h2ErrorCodeOf(text: string): number | undefined {
  const n = /^\d+$/.test(text) ? Number(text) : ERROR_NAMES.indexOf(text.toUpperCase().replace(/-/g, '_'));
  return n >= 0 && n < ERROR_NAMES.length ? n : undefined;
}

/** errorName is an error code's name as RFC 9113 spells it (the number when unknown). */
export function errorName(code: number): string {
  return ERROR_NAMES[code] ?? String(code);
}

export const CLIENT_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/** MAX_WINDOW is the largest flow-control window (2^31 - 1). */
export const MAX_WINDOW = 0x7fffffff;
export const DEFAULT_WINDOW = 65535;
export const DEFAULT_MAX_FRAME = 16384;

/**
 * SLAB_BYTES is the size of the buffers small frames are copied into; COPY_MAX_BYTES the largest
 * payload copied rather than written as a buffer of its own (a copy is cheaper than a writev
 * entry for small payloads; for large ones it is not).
 */
const SLAB_BYTES = 64 * 1024;
const COPY_MAX_BYTES = 4 * 1024;

/**
 * FrameWriter collects outgoing frames and hands them to the socket in one go (write, or cork +
 * writes) on the next tick, so a burst of calls costs one system call. Frame headers and small
 * payloads are copied into a slab; written regions of the slab are never reused.
 */
export class FrameWriter {
  private readonly write: (parts: Buffer[]) => void;
  private parts: Buffer[];
  private slab: Buffer;
  /** start..pos is the part of the slab filled since it was last sealed into parts. */
  private start: number;
  private pos: number;
  private scheduled: boolean;
  private readonly flushBound: () => void;

  /** write receives each batch of buffers, in order; it is called on a later tick. */
  constructor(write: (parts: Buffer[]) => void) {
    this.write = write;
    this.parts = [];
    this.slab = Buffer.allocUnsafe(SLAB_BYTES);
    this.start = 0;
    this.pos = 0;
    this.scheduled = false;
    this.flushBound = () => this.flush();
  }

  /** frame queues one frame whose payload is payload[offset, offset + length). */
  frame(type: number, flags: number, streamId: number, payload: Uint8Array | null, offset = 0, length = payload === null ? 0 : payload.length): void {
    const copy = length <= COPY_MAX_BYTES;
    this.reserve(FRAME_HEADER_BYTES + (copy ? length : 0));
    const s = this.slab;
    let p = this.pos;
    s[p] = length >>> 16;
    s[p + 1] = (length >>> 8) & 0xff;
    s[p + 2] = length & 0xff;
    s[p + 3] = type;
    s[p + 4] = flags;
    s.writeUInt32BE(streamId, p + 5);
    p += FRAME_HEADER_BYTES;
    if (payload !== null && copy) {
      s.set(length === payload.length ? payload : payload.subarray(offset, offset + length), p);
      p += length;
    }
    this.pos = p;
    if (payload !== null && !copy) {
      this.seal();
      this.parts.push(Buffer.from(payload.buffer, payload.byteOffset + offset, length));
    }
    if (!this.scheduled) {
      this.scheduled = true;
      process.nextTick(this.flushBound);
    }
  }

  /** frameU32 queues a frame whose payload is 32-bit words (WINDOW_UPDATE, RST_STREAM, GOAWAY). */
  frameU32(type: number, flags: number, streamId: number, a: number, b?: number): void {
    const payload = Buffer.allocUnsafe(b === undefined ? 4 : 8);
    payload.writeUInt32BE(a, 0);
    if (b !== undefined) payload.writeUInt32BE(b, 4);
    this.frame(type, flags, streamId, payload);
  }

  /** flush hands everything queued to the socket now. */
  flush(): void {
    this.scheduled = false;
    this.seal();
    if (this.parts.length === 0) return;
    const parts = this.parts;
    this.parts = [];
    this.write(parts);
  }

  private reserve(n: number): void {
    if (this.slab.length - this.pos >= n) return;
    this.seal();
    this.slab = Buffer.allocUnsafe(Math.max(SLAB_BYTES, n));
    this.start = 0;
    this.pos = 0;
  }

  private seal(): void {
    if (this.pos === this.start) return;
    this.parts.push(this.slab.subarray(this.start, this.pos));
    this.start = this.pos;
  }
}
