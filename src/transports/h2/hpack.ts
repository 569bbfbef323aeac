/**
 * HPACK (RFC 7541) as the lean HTTP/2 client needs it. Requests: a header block encoded once per
 * prepared request, every field a literal "without indexing", so it never touches the peer's
 * dynamic table and the same bytes are valid on every stream of every connection. Responses:
 * hpack.js decodes, behind a cache of blocks that leave the dynamic table as it was. A warmed-up
 * gRPC server sends the same few header and trailer blocks (fully indexed) on every call, so
 * almost every block is a cache hit and costs a byte comparison.
 */
import hpack from 'hpack.js';

/** HeaderFields is a decoded header block as flat name/value pairs: [n0, v0, n1, v1, ...]. */
export type HeaderFields = readonly string[];

/** DEFAULT_TABLE_BYTES is SETTINGS_HEADER_TABLE_SIZE's default, which loadgen leaves as it is. */
export const DEFAULT_TABLE_BYTES = 4096;

/** Static table indexes (RFC 7541 Appendix A) of the names a gRPC request uses. */
const STATIC_NAMES: Readonly<Record<string, number>> = {
  ':authority': 1,
  ':method': 2,
  ':path': 4,
  ':scheme': 6,
  'accept-encoding': 16,
  'content-type': 31,
  'user-agent': 58,
};
/** Static table entries a request can name whole: `:method: POST` is 3, `:scheme: http(s)` 6/7. */
const STATIC_FIELDS: Readonly<Record<string, number>> = {
  ':method\0GET': 2,
  ':method\0POST': 3,
  ':scheme\0http': 6,
  ':scheme\0https': 7,
};

/**
 * encodeHeaderBlock encodes fields (names lower-case, pseudo-headers first) as one header block
 * that needs no dynamic table state.
 */
export function encodeHeaderBlock(fields: ReadonlyArray<readonly [string, string]>): Buffer {
  const out: number[] = [];
  for (const [name, value] of fields) {
    const whole = STATIC_FIELDS[`${name}\0${value}`];
    if (whole !== undefined) {
      out.push(0x80 | whole);
      continue;
    }
    const index = STATIC_NAMES[name];
    if (index !== undefined) pushInt(out, 0x00, 4, index);
    else {
      out.push(0x00);
      pushString(out, name);
    }
    pushString(out, value);
  }
  return Buffer.from(out);
}

function pushString(out: number[], s: string): void {
  const bytes = Buffer.from(s, 'latin1');
  pushInt(out, 0x00, 7, bytes.length); // H = 0: not Huffman-coded
  for (const b of bytes) out.push(b);
}

/** pushInt writes n with an N-bit prefix after the pattern bits in `first` (RFC 7541 5.1). */
function pushInt(out: number[], first: number, prefixBits: number, n: number): void {
  const max = (1 << prefixBits) - 1;
  if (n < max) {
    out.push(first | n);
    return;
  }
  out.push(first | max);
  n -= max;
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

/** HpackError is a header block that cannot be decoded: a connection error (COMPRESSION_ERROR). */
export class HpackError extends Error {
  override readonly name = 'HpackError';
}

const CACHE_ENTRIES = 8;

/** HeaderDecoder decodes the response header blocks of one connection, in the order received. */
export class HeaderDecoder {
  private readonly decompressor: hpack.Decompressor;
  /** blocks/decoded: recent blocks that did not change the table, and what they decoded to. */
  private readonly blocks: Buffer[];
  private readonly decoded: HeaderFields[];
  private nextSlot: number;

  constructor() {
    this.decompressor = hpack.decompressor.create({ table: { maxSize: DEFAULT_TABLE_BYTES } });
    this.blocks = [];
    this.decoded = [];
    this.nextSlot = 0;
  }

  decode(block: Buffer): HeaderFields {
    const blocks = this.blocks;
    for (let i = 0; i < blocks.length; i++) {
      if (blocks[i].equals(block)) return this.decoded[i];
    }
    let mutates: boolean;
    const fields: string[] = [];
    try {
      mutates = changesTable(block);
      this.decompressor.write(block);
      this.decompressor.execute();
      for (let f = this.decompressor.read(); f !== null; f = this.decompressor.read()) fields.push(f.name, f.value);
    } catch (err) {
      throw new HpackError(`header block: ${(err as Error).message}`);
    }
    if (mutates) {
      // What the cached blocks decode to may have changed with the table.
      blocks.length = 0;
      this.decoded.length = 0;
      this.nextSlot = 0;
    } else {
      const slot = this.nextSlot;
      this.nextSlot = (slot + 1) % CACHE_ENTRIES;
      blocks[slot] = Buffer.from(block); // the block is a view of a socket chunk
      this.decoded[slot] = fields;
    }
    return fields;
  }
}

/**
 * changesTable tells whether a block inserts into the dynamic table or resizes it (RFC 7541 6):
 * a literal with incremental indexing (01xxxxxx) or a size update (001xxxxx). It walks the
 * representations without decoding strings.
 */
export function changesTable(block: Uint8Array): boolean {
  let i = 0;
  const skipInt = (prefixBits: number): number => {
    const max = (1 << prefixBits) - 1;
    let n = block[i++] & max;
    if (n < max) return n;
    let shift = 0;
    let b: number;
    do {
      if (i >= block.length) throw new HpackError('header block: truncated integer');
      b = block[i++];
      n += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return n;
  };
  const skipString = (): void => {
    if (i >= block.length) throw new HpackError('header block: truncated string');
    const length = skipInt(7); // not `i += skipInt(7)`: that reads i before skipInt moves it
    i += length;
  };
  while (i < block.length) {
    const b = block[i];
    if (b & 0x80) skipInt(7);
    else if (b & 0x40) return true;
    else if (b & 0x20) return true;
    else {
      if (skipInt(4) === 0) skipString();
      skipString();
    }
  }
  return false;
}
