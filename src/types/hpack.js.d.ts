// The part of hpack.js (RFC 7541) that loadgen uses: the header block decompressor.
declare module 'hpack.js' {
  namespace hpack {
    interface HeaderField {
      readonly name: string;
      readonly value: string;
      readonly neverIndex: boolean;
    }
    interface Decompressor {
      write(block: Uint8Array): boolean;
      /** execute decodes what was written; a malformed block throws (there is no callback). */
      execute(): void;
      /** read returns the next decoded field, or null when none is left. */
      read(): HeaderField | null;
      updateTableSize(size: number): void;
    }
    const decompressor: {
      create(options: { table: { maxSize: number } }): Decompressor;
    };
  }
  export = hpack;
}
