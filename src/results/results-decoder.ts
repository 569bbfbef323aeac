/**
 * Results decoders: vegeta JSON-lines and CSV results (spec vegeta.md 3.2, 3.3) back into
 * ResultRecords, for `loadgen report|encode|plot`. Files are streamed line by line so memory stays
 * flat however large they are, and several files are interleaved round-robin as vegeta does.
 */
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import type { ResultRecord } from './result-record.js';
import { GO_ZERO_TIME, parseRfc3339Nano } from '../core/time-format.js';
import { UsageError } from '../core/errors.js';

/** GO_ZERO_UNIX_NS is Go's zero time (0001-01-01T00:00:00Z) in Unix ns: a missing timestamp. */
const GO_ZERO_UNIX_NS = -62_135_596_800_000_000_000n;

/** CSV_COLUMNS is the exact field count of a vegeta CSV record. */
const CSV_COLUMNS = 12;

/**
 * MAX_CSV_RECORD_CHARS bounds a CSV record whose quoted field spans lines: an unbalanced quote
 * would otherwise make the reader buffer the rest of a multi-GB file before failing.
 */
const MAX_CSV_RECORD_CHARS = 64 * 1024 * 1024;

/**
 * decodeJsonLine parses one vegeta JSON result line. Unknown keys are ignored and missing or null
 * keys read as Go's zero values (body and headers as null). Throws UsageError("bad JSON result: …").
 */
export function decodeJsonLine(line: string): ResultRecord {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (err) {
    throw bad('JSON', (err as Error).message);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad('JSON', 'not a JSON object');
  const o = v as Record<string, unknown>;
  return {
    attack: jsonText(o.attack, 'attack'),
    seq: jsonUint(o.seq, 'seq'),
    code: jsonCode(o.code),
    timestampUnixNs: jsonTimestamp(o.timestamp),
    latencyNs: jsonInt(o.latency, 'latency'),
    bytesOut: jsonUint(o.bytes_out, 'bytes_out'),
    bytesIn: jsonUint(o.bytes_in, 'bytes_in'),
    error: jsonText(o.error, 'error'),
    body: o.body === undefined || o.body === null ? null : base64Field(jsonText(o.body, 'body'), 'JSON', 'body'),
    method: jsonText(o.method, 'method'),
    url: jsonText(o.url, 'url'),
    headers: jsonHeaders(o.headers),
  };
}

/**
 * decodeCsvLine parses one vegeta CSV record (12 columns, RFC 4180 quoting read as Go's
 * encoding/csv does with TrimLeadingSpace). The text may span lines inside a quoted field. An
 * empty headers column reads as null headers, and then an empty body column as a null body (no
 * response), mirroring encodeCsvLine. Throws UsageError("bad CSV result: …").
 */
export function decodeCsvLine(line: string): ResultRecord {
  let end = line.length;
  if (line.charCodeAt(end - 1) === 10) end--;
  if (line.charCodeAt(end - 1) === 13) end--;
  const fields = splitCsvRecord(end === line.length ? line : line.slice(0, end));
  if (fields === null) throw bad('CSV', 'unterminated quoted field');
  return recordFromCsv(fields);
}

/**
 * readResults streams the records of vegeta JSON-lines or CSV result files (`-` or no paths =
 * stdin), one record from each file in turn until all are exhausted. Each file's format is sniffed
 * from its first non-empty line. Unreadable files, gob files and malformed records throw a one-line
 * UsageError naming the file and line.
 */
export async function* readResults(
  paths: readonly string[],
  stdin: Readable = process.stdin,
): AsyncGenerator<ResultRecord> {
  const files = (paths.length === 0 ? ['-'] : paths).map((p) => fileRecords(p, stdin));
  try {
    let i = 0;
    while (files.length > 0) {
      if (i >= files.length) i = 0;
      const next = await files[i].next();
      if (next.done === true) files.splice(i, 1);
      else {
        yield next.value;
        i++;
      }
    }
  } finally {
    for (const f of files) await f.return(undefined);
  }
}

async function* fileRecords(path: string, stdin: Readable): AsyncGenerator<ResultRecord> {
  const name = path === '-' ? 'stdin' : path;
  const decoder = new FileDecoder(name);
  const input = path === '-' ? stdin : createReadStream(path);
  try {
    for await (const line of readLines(input)) {
      const record = decoder.push(line);
      if (record !== null) yield record;
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read results file ${name}: ${(err as Error).message}`);
  } finally {
    if (input !== stdin) input.destroy();
  }
  decoder.end();
}

/**
 * FileDecoder turns one file's lines into records: it sniffs the format on the first non-empty
 * line, counts lines for error messages and joins CSV lines while a quoted field is open.
 */
class FileDecoder {
  readonly name: string;
  lineNo: number;
  format: 'unknown' | 'json' | 'csv';
  pending: string | null;
  pendingLineNo: number;

  constructor(name: string) {
    this.name = name;
    this.lineNo = 0;
    this.format = 'unknown';
    this.pending = null;
    this.pendingLineNo = 0;
  }

  push(raw: Buffer): ResultRecord | null {
    this.lineNo++;
    const end = raw.length > 0 && raw[raw.length - 1] === 13 ? raw.length - 1 : raw.length;
    let line = raw.toString('utf8', 0, end);
    // Editors on Windows may start a file with a byte-order mark; JSON.parse would reject it.
    if (this.lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (this.pending === null && isBlank(line)) return null;
    if (this.format === 'unknown') this.format = this.sniff(raw.subarray(0, end), line);
    try {
      if (this.format === 'json') return decodeJsonLine(line);
      return this.pushCsv(line);
    } catch (err) {
      const at = this.pending === null ? this.lineNo : this.pendingLineNo;
      this.pending = null;
      throw new UsageError(`${this.name}:${at}: ${(err as Error).message}`);
    }
  }

  end(): void {
    if (this.pending !== null) {
      throw new UsageError(`${this.name}:${this.pendingLineNo}: bad CSV result: unterminated quoted field`);
    }
  }

  private pushCsv(line: string): ResultRecord | null {
    const text = this.pending === null ? line : this.pending + '\n' + line;
    const fields = splitCsvRecord(text);
    if (fields !== null) {
      this.pending = null;
      return recordFromCsv(fields);
    }
    if (this.pending === null) this.pendingLineNo = this.lineNo;
    if (text.length > MAX_CSV_RECORD_CHARS) throw bad('CSV', 'unterminated quoted field');
    this.pending = text;
    return null;
  }

  private sniff(raw: Buffer, line: string): 'json' | 'csv' {
    if (looksBinary(raw)) {
      throw new UsageError(
        `${this.name}: not a JSON or CSV results file (binary data; vegeta's default gob encoding?): ` +
          `convert it with "vegeta encode -to json" first`,
      );
    }
    return line.trimStart().startsWith('{') ? 'json' : 'csv';
  }
}

/**
 * looksBinary is true for a first line no JSON or CSV file starts with: invalid UTF-8 (a gob
 * stream's type ids are 0xff-prefixed) or a leading control byte. Controls later in the line are
 * allowed: Go's csv writer leaves them raw in text fields.
 */
function looksBinary(raw: Buffer): boolean {
  const b = raw[0];
  return (b < 0x20 && b !== 0x09 && b !== 0x0d) || b === 0x7f || !isUtf8(raw);
}

/**
 * readLines splits a byte stream at `\n` without decoding it, so the format sniffer sees raw bytes
 * and a CR inside a quoted CSV field is not mistaken for a line end. Lines keep a trailing `\r`.
 */
async function* readLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  let partial: Buffer[] = [];
  for await (const data of input) {
    const chunk = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let start = 0;
    let nl = chunk.indexOf(10);
    while (nl !== -1) {
      const piece = chunk.subarray(start, nl);
      if (partial.length === 0) yield piece;
      else {
        partial.push(piece);
        yield Buffer.concat(partial);
        partial = [];
      }
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    if (start < chunk.length) partial.push(chunk.subarray(start));
  }
  if (partial.length > 0) yield Buffer.concat(partial);
}

function isBlank(line: string): boolean {
  return line.length === 0 || line.trim().length === 0;
}

function bad(format: 'JSON' | 'CSV', why: string): UsageError {
  return new UsageError(`bad ${format} result: ${why}`);
}

function jsonText(v: unknown, key: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw bad('JSON', `"${key}" must be a string`);
  return v;
}

function jsonInt(v: unknown, key: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw bad('JSON', `"${key}" must be an integer`);
  return v;
}

function jsonUint(v: unknown, key: string): number {
  const n = jsonInt(v, key);
  if (n < 0) throw bad('JSON', `"${key}" must not be negative`);
  return n;
}

function jsonCode(v: unknown): number {
  const n = jsonUint(v, 'code');
  if (n > 65535) throw bad('JSON', `"code" must be at most 65535`);
  return n;
}

function jsonTimestamp(v: unknown): bigint {
  if (v === undefined || v === null) return GO_ZERO_UNIX_NS;
  const text = jsonText(v, 'timestamp');
  // parseRfc3339Nano goes through Date.UTC, which maps years 0-99 to 1900-1999; Go's zero time is
  // the one such year vegeta writes, so it is special-cased.
  const ns = text === GO_ZERO_TIME ? GO_ZERO_UNIX_NS : parseRfc3339Nano(text);
  if (ns === null) throw bad('JSON', `"timestamp" ${JSON.stringify(text)} is not an RFC 3339 time`);
  return ns;
}

function jsonHeaders(v: unknown): Record<string, string[]> | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw bad('JSON', '"headers" must be an object');
  const headers = v as Record<string, unknown>;
  for (const name of Object.keys(headers)) {
    const values = headers[name];
    if (!Array.isArray(values) || !values.every((s) => typeof s === 'string')) {
      throw bad('JSON', `"headers" value of ${JSON.stringify(name)} must be an array of strings`);
    }
  }
  // JSON.parse made each key an own property (even "__proto__"), so the object is reused as is.
  return headers as Record<string, string[]>;
}

/**
 * base64Field decodes standard base64. Buffer.from drops characters outside the alphabet, so a
 * decoded length other than the one the text implies means the text was not base64.
 */
function base64Field(text: string, format: 'JSON' | 'CSV', key: string): Buffer {
  const buf = Buffer.from(text, 'base64');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if (text.length % 4 !== 0 || buf.length !== (text.length / 4) * 3 - padding) {
    throw bad(format, `${key} is not valid base64`);
  }
  return buf;
}

// Go's unicode.IsSpace, which encoding/csv's TrimLeadingSpace uses.
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/**
 * splitCsvRecord splits one CSV record into fields as Go's encoding/csv reader does with
 * TrimLeadingSpace, or returns null when a quoted field is still open at the end of the text
 * (the record continues on the next line). Bare or stray quotes throw.
 */
function splitCsvRecord(text: string): string[] | null {
  const fields: string[] = [];
  const n = text.length;
  let i = 0;
  for (;;) {
    while (i < n && GO_SPACE.test(text[i])) i++;
    if (text.charCodeAt(i) !== 34) {
      const comma = text.indexOf(',', i);
      const field = text.slice(i, comma === -1 ? n : comma);
      if (field.includes('"')) throw bad('CSV', `bare " in unquoted field ${fields.length + 1}`);
      fields.push(field);
      if (comma === -1) return fields;
      i = comma + 1;
      continue;
    }
    let value = '';
    let start = i + 1;
    for (;;) {
      const quote = text.indexOf('"', start);
      if (quote === -1) return null;
      if (text.charCodeAt(quote + 1) !== 34) {
        value += text.slice(start, quote);
        i = quote + 1;
        break;
      }
      value += text.slice(start, quote + 1);
      start = quote + 2;
    }
    fields.push(value);
    if (i === n) return fields;
    if (text.charCodeAt(i) !== 44) throw bad('CSV', `extraneous " in quoted field ${fields.length}`);
    i++;
  }
}

function recordFromCsv(f: string[]): ResultRecord {
  if (f.length !== CSV_COLUMNS) throw bad('CSV', `expected ${CSV_COLUMNS} fields, got ${f.length}`);
  const headers = f[11] === '' ? null : wireHeaders(base64Field(f[11], 'CSV', 'headers').toString('utf8'));
  return {
    timestampUnixNs: csvTimestamp(f[0]),
    code: csvNumber(f[1], 'code', UINT, 65535),
    latencyNs: csvNumber(f[2], 'latency', INT, Number.MAX_VALUE),
    bytesOut: csvNumber(f[3], 'bytes_out', UINT, Number.MAX_VALUE),
    bytesIn: csvNumber(f[4], 'bytes_in', UINT, Number.MAX_VALUE),
    error: f[5],
    body: f[6] === '' && headers === null ? null : base64Field(f[6], 'CSV', 'body'),
    attack: f[7],
    seq: csvNumber(f[8], 'seq', UINT, Number.MAX_VALUE),
    method: f[9],
    url: f[10],
    headers,
  };
}

const UINT = /^\d+$/;
const INT = /^[+-]?\d+$/;

function csvNumber(text: string, column: string, form: RegExp, max: number): number {
  const n = Number(text);
  if (!form.test(text) || n > max) throw bad('CSV', `${column} ${JSON.stringify(text)} is not a valid number`);
  return n;
}

function csvTimestamp(text: string): bigint {
  if (!INT.test(text)) throw bad('CSV', `timestamp ${JSON.stringify(text)} is not Unix nanoseconds`);
  return BigInt(text);
}

/**
 * wireHeaders reads the CSV headers column (HTTP wire form, as textproto.ReadMIMEHeader does):
 * `Key: value` lines up to the first empty line, values trimmed, repeated keys collected in order,
 * folded continuation lines appended. Key case is kept as written (vegeta canonicalises it).
 */
function wireHeaders(text: string): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  const lines = text.split('\n');
  let last: string[] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (line === '') break;
    const c = line.charCodeAt(0);
    if ((c === 32 || c === 9) && last !== null) {
      last[last.length - 1] = (last[last.length - 1] + ' ' + line.trim()).trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw bad('CSV', `headers column has a malformed line ${JSON.stringify(line)}`);
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    last = Object.hasOwn(headers, name) ? headers[name] : newHeader(headers, name);
    last.push(value);
  }
  return headers;
}

function newHeader(headers: Record<string, string[]>, name: string): string[] {
  const values: string[] = [];
  // defineProperty, not assignment, so a header named "__proto__" is data, not a prototype change.
  Object.defineProperty(headers, name, { value: values, enumerable: true, writable: true, configurable: true });
  return values;
}
