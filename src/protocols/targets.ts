/**
 * Target is one request blueprint read from a vegeta targets file (spec vegeta.md section 10):
 * the `http` format (`METHOD URL`, `Key: Value` header lines, `@body-file`) and the `json` format
 * (one object per line). Eager parsers take the whole text; readTargetsLazily streams a file line
 * by line for `--lazy`, so a huge targets file is never held in memory. Both share one line parser,
 * so they accept the same input and report the same errors, each as `FILE:LINE: what: how to fix`.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { UsageError } from '../core/errors.js';

/** Target is one request: headers in send order (global `-header` values first), body or null. */
export interface Target {
  method: string;
  url: string;
  headers: [string, string][];
  body: Buffer | null;
}

/** TargetFormat names the targets file formats (`-format`). */
export type TargetFormat = 'http' | 'json';

/** TargetOptions carries the global `-header` and `-body` values and how `@path` bodies are read. */
export interface TargetOptions {
  /** headers are the `-header` values, put before every target's own headers. */
  headers: [string, string][];
  /** body is the `-body` file's content, used by targets without their own body. */
  body: Buffer | null;
  /** readBodyFile reads an `@path` body (relative to the working directory); throws if unreadable. */
  readBodyFile: (path: string) => Buffer;
}

/** parseHttpTargets parses a whole `http`-format targets text; source names it in errors. */
export function parseHttpTargets(text: string, source: string, opts: TargetOptions): Target[] {
  return parseAll(text, new HttpTargetParser(source, opts), source);
}

/** parseJsonTargets parses a whole `json`-format targets text (one object per line). */
export function parseJsonTargets(text: string, source: string, opts: TargetOptions): Target[] {
  return parseAll(text, new JsonTargetParser(source, opts), source);
}

/**
 * readTargetsLazily streams the targets of a file (`-` = stdin) in the given format, reading only
 * as far as the consumer pulls. An empty file throws "no targets in FILE" when it ends.
 */
export async function* readTargetsLazily(
  path: string,
  format: TargetFormat,
  opts: TargetOptions,
  stdin: Readable = process.stdin,
): AsyncGenerator<Target> {
  const source = path === '-' ? 'stdin' : path;
  const parser = format === 'json' ? new JsonTargetParser(source, opts) : new HttpTargetParser(source, opts);
  const input = path === '-' ? stdin : createReadStream(path);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let count = 0;
  try {
    for await (const line of lines) {
      const target = parser.push(line);
      if (target !== null) {
        count++;
        yield target;
      }
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read targets file ${source}: ${(err as Error).message}`);
  } finally {
    lines.close();
    if (input !== stdin) input.destroy();
  }
  const last = parser.end();
  if (last !== null) yield last;
  else if (count === 0) throw new UsageError(`no targets in ${source}`);
}

/** LineParser consumes a targets file one line at a time and emits each completed target. */
interface LineParser {
  push(line: string): Target | null;
  end(): Target | null;
}

function parseAll(text: string, parser: LineParser, source: string): Target[] {
  const targets: Target[] = [];
  const lines = text.split('\n');
  // A final newline does not start another line.
  const n = lines.length > 0 && lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
  for (let i = 0; i < n; i++) {
    const target = parser.push(lines[i]);
    if (target !== null) targets.push(target);
  }
  const last = parser.end();
  if (last !== null) targets.push(last);
  if (targets.length === 0) throw new UsageError(`no targets in ${source}`);
  return targets;
}

const EXAMPLE = 'e.g. GET http://host/path';
const REQUEST_LINE = /^[A-Z]+\s/;
const METHOD = /^[A-Z]+$/;
// RFC 9110 token: what Node accepts as a header name or method.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// A header line where a request line was expected: the user put headers after a blank or @ line.
const HEADER_LIKE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\s*:(?!\/\/)/;

/**
 * HttpTargetParser is the `http` format state machine. `idle` is between targets; `request` has
 * just read a METHOD URL line (so a next request line may follow directly); `headers` has read at
 * least one header line (so only a blank line or `@path` ends the target).
 */
class HttpTargetParser implements LineParser {
  readonly source: string;
  readonly opts: TargetOptions;
  lineNo: number;
  state: 'idle' | 'request' | 'headers';
  current: Target | null;

  constructor(source: string, opts: TargetOptions) {
    this.source = source;
    this.opts = opts;
    this.lineNo = 0;
    this.state = 'idle';
    this.current = null;
  }

  push(raw: string): Target | null {
    this.lineNo++;
    const line = raw.trim();
    if (this.state === 'idle') {
      if (line !== '' && !line.startsWith('#')) this.startTarget(line);
      return null;
    }
    if (line === '') return this.finish();
    // Unlike vegeta, a comment keeps the state, so a request line may still follow it directly.
    if (line.startsWith('#')) return null;
    if (this.state === 'request' && REQUEST_LINE.test(line)) {
      const done = this.finish();
      this.startTarget(line);
      return done;
    }
    if (line.startsWith('@')) return this.readBody(line);
    this.addHeader(line);
    this.state = 'headers';
    return null;
  }

  end(): Target | null {
    return this.state === 'idle' ? null : this.finish();
  }

  private finish(): Target | null {
    const target = this.current;
    this.current = null;
    this.state = 'idle';
    return target;
  }

  private startTarget(line: string): void {
    if (HEADER_LIKE.test(line)) {
      this.fail('bad target', line, `the line must be METHOD URL, ${EXAMPLE} (header lines go before any blank or @body line)`);
    }
    const space = line.search(/\s/);
    if (space === -1) this.fail('bad target', line, `the line must be METHOD URL, ${EXAMPLE}`);
    const method = line.slice(0, space);
    if (!METHOD.test(method)) {
      this.fail('bad method', method, `the method must be upper-case letters, ${EXAMPLE}`);
    }
    const url = line.slice(space).trim();
    checkUrl(url, (why) => this.fail('bad URL', url, why));
    this.current = { method, url, headers: this.opts.headers.slice(), body: this.opts.body };
    this.state = 'request';
  }

  private addHeader(line: string): void {
    const colon = line.indexOf(':');
    const name = colon === -1 ? '' : line.slice(0, colon).trim();
    const value = colon === -1 ? '' : line.slice(colon + 1).trim();
    if (name === '' || value === '' || !TOKEN.test(name)) {
      const hint = REQUEST_LINE.test(line) ? '; separate targets with a blank line' : '';
      this.fail('bad header', line, `a header line must be Key: Value, e.g. Accept: text/plain${hint}`);
    }
    (this.current as Target).headers.push([name, value]);
  }

  private readBody(line: string): Target | null {
    const path = line.slice(1).trim();
    if (path === '') this.fail('bad body', line, 'the body line must be @path, e.g. @body.json');
    try {
      (this.current as Target).body = this.opts.readBodyFile(path);
    } catch (err) {
      this.fail('bad body', line, `cannot read ${path}: ${(err as Error).message}`);
    }
    return this.finish();
  }

  private fail(what: string, text: string, how: string): never {
    throw targetError(this.source, this.lineNo, what, text, how);
  }
}

/**
 * JsonTargetParser reads the `json` format: one object per non-blank line with `method` and `url`
 * (required), `body` (base64) and `header` (name -> array of strings); unknown keys are ignored.
 */
class JsonTargetParser implements LineParser {
  readonly source: string;
  readonly opts: TargetOptions;
  lineNo: number;

  constructor(source: string, opts: TargetOptions) {
    this.source = source;
    this.opts = opts;
    this.lineNo = 0;
  }

  push(raw: string): Target | null {
    this.lineNo++;
    const line = raw.trim();
    if (line === '') return null;
    const o = this.parseObject(line);
    const method = o.method;
    if (typeof method !== 'string' || !TOKEN.test(method)) {
      this.fail('bad method', method, `"method" is required and must be a method name, e.g. "GET"`);
    }
    const url = o.url;
    if (typeof url !== 'string') this.fail('bad URL', url, `"url" is required, e.g. "http://host/path"`);
    checkUrl(url, (why) => this.fail('bad URL', url, why));
    return { method, url, headers: this.headers(o.header), body: this.body(o.body) };
  }

  end(): Target | null {
    return null;
  }

  private parseObject(line: string): Record<string, unknown> {
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (err) {
      this.fail('bad target', line, `${(err as Error).message}; ${JSON_HINT}`);
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail('bad target', line, JSON_HINT);
    return v as Record<string, unknown>;
  }

  private headers(v: unknown): [string, string][] {
    const headers = this.opts.headers.slice();
    if (v === undefined || v === null) return headers;
    if (typeof v !== 'object' || Array.isArray(v)) this.fail('bad header', v, HEADER_HINT);
    for (const [name, values] of Object.entries(v as Record<string, unknown>)) {
      if (!TOKEN.test(name)) this.fail('bad header', name, HEADER_HINT);
      if (!Array.isArray(values)) this.fail('bad header', values, HEADER_HINT);
      for (const value of values) {
        if (typeof value !== 'string') this.fail('bad header', value, HEADER_HINT);
        headers.push([name, value]);
      }
    }
    return headers;
  }

  private body(v: unknown): Buffer | null {
    if (v === undefined || v === null) return this.opts.body;
    const why = '"body" must be standard base64, e.g. "aGVsbG8="';
    if (typeof v !== 'string') this.fail('bad body', v, why);
    const body = Buffer.from(v, 'base64');
    const padding = v.endsWith('==') ? 2 : v.endsWith('=') ? 1 : 0;
    if (v.length % 4 !== 0 || body.length !== (v.length / 4) * 3 - padding) this.fail('bad body', v, why);
    // As vegeta does, an empty body keeps -body.
    return body.length > 0 ? body : this.opts.body;
  }

  private fail(what: string, value: unknown, how: string): never {
    const text = typeof value === 'string' ? value : value === undefined ? 'missing' : JSON.stringify(value);
    throw targetError(this.source, this.lineNo, what, text, how);
  }
}

const JSON_HINT = 'each line must be one JSON object, e.g. {"method":"GET","url":"http://host/path"}';
const HEADER_HINT = '"header" must map names to arrays of strings, e.g. {"Accept":["text/plain"]}';

/** checkUrl calls fail unless url is an absolute http(s) URL without whitespace. */
function checkUrl(url: string, fail: (why: string) => never): void {
  const why = `the URL must be absolute http:// or https://, ${EXAMPLE}`;
  if (/\s/.test(url)) fail('the URL must not contain spaces (encode them as %20)');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    fail(why);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') fail(why);
}

const MAX_QUOTED = 80;

/** targetError builds `SOURCE:LINE: what "text": how`, the quoted text cut to stay one short line. */
function targetError(source: string, lineNo: number, what: string, text: string, how: string): UsageError {
  const shown = text.length > MAX_QUOTED ? text.slice(0, MAX_QUOTED) + '…' : text;
  return new UsageError(`${source}:${lineNo}: ${what} ${JSON.stringify(shown)}: ${how}`);
}
