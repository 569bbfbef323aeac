/**
 * SseScanner reads server-sent events incrementally as response body chunks arrive: it finds
 * each complete `data:` line and hands its byte range to a listener, skipping comments (`: ...`)
 * and other fields. It allocates only when a line is split across chunks (the tail is kept until
 * the rest comes). LLM APIs send one `data:` line per event, so each line is reported as one
 * event; multi-line data fields are reported line by line.
 */

/** SseListener hears each data line: buf[start, end) is the value after `data:` (one leading space dropped). */
export interface SseListener {
  onSseData(buf: Buffer, start: number, end: number): void;
}

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;
const DATA = Buffer.from('data');

export class SseScanner {
  private carry: Buffer | null;

  constructor() {
    this.carry = null;
  }

  reset(): void {
    this.carry = null;
  }

  /** push scans one body chunk, calling listener for every data line it completes. */
  push(chunk: Buffer, listener: SseListener): void {
    let buf = chunk;
    if (this.carry !== null) {
      buf = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    let start = 0;
    const n = buf.length;
    while (start < n) {
      const lf = buf.indexOf(LF, start);
      if (lf < 0) {
        this.carry = Buffer.from(buf.subarray(start));
        return;
      }
      const end = lf > start && buf[lf - 1] === CR ? lf - 1 : lf;
      if (end - start >= 5 && buf[start + 4] === COLON && buf.compare(DATA, 0, 4, start, start + 4) === 0) {
        const from = buf[start + 5] === SPACE ? start + 6 : start + 5;
        listener.onSseData(buf, from, end);
      }
      start = lf + 1;
    }
  }
}
