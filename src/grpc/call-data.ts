/**
 * CallData is the request messages of a gRPC run, prepared once from ghz's `-d`/`-D` (JSON,
 * templated) or `-b`/`-B` (serialized protobuf) inputs (spec: ghz.md 5, 6). Every message is
 * checked against the request type before the run. A message without template actions is
 * serialized once and its bytes are reused for every call; a templated one is rendered, parsed
 * and serialized per call. A JSON array is used round-robin by request number (unary and
 * server-streaming calls) or as the messages of each stream (client and bidi streaming).
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { encodeMessage, type GrpcMethod } from './grpc-method.js';
import { ProtojsonError, protojsonToMessage } from './protojson.js';
import {
  compileTemplate,
  hasTemplateActions,
  skipTemplateAction,
  templateMethodInfo,
  TemplateCall,
  TemplateError,
  type CompiledTemplate,
  type TemplateOptions,
} from './template.js';

/** CallDataInput is the raw call data, as read from flags, files or stdin. */
export type CallDataInput =
  | { readonly kind: 'none' }
  | { readonly kind: 'json'; readonly text: string; readonly source: string }
  | { readonly kind: 'binary'; readonly bytes: Uint8Array; readonly source: string };

/** CallDataFlags are ghz's call-data flags. */
export interface CallDataFlags {
  /** data is `-d`: JSON text, or `@` to read it from stdin. */
  readonly data?: string;
  /** dataFile is `-D`: a JSON file. */
  readonly dataFile?: string;
  /** binary is `-b`: serialized message(s) on stdin. */
  readonly binary?: boolean;
  /** binaryFile is `-B`: a file of serialized message(s). */
  readonly binaryFile?: string;
}

/** CallData yields the serialized request message of each call. */
export interface CallData {
  /** count is the number of messages given (the array's length; 1 for an object). */
  readonly count: number;
  /** dynamic is true when some message is rendered per call. */
  readonly dynamic: boolean;
  /** binary is true for `-b`/`-B` data (ghz's report option `binary`). */
  readonly binary: boolean;
  /**
   * reportData is the data as ghz's report option `data` shows it: the JSON text parsed before
   * templating, or undefined (binary data, no data, or text that is JSON only once rendered).
   */
  readonly reportData: unknown;
  /**
   * messageFor returns the message of call requestNumber (0-based): element requestNumber mod
   * count. Static messages come back as the same Buffer every time (do not modify it). A templated
   * message that renders to invalid data throws a TemplateError (the call fails with it).
   */
  messageFor(requestNumber: number, call: TemplateCall): Buffer;
  /** streamMessages returns every message in order, rendered for call (client and bidi streams). */
  streamMessages(call: TemplateCall): Buffer[];
}

/**
 * readCallDataInput reads the call data the flags name: `-d` text (`@` = stdin), `-D` file, `-b`
 * stdin, `-B` file; none gives `{kind: 'none'}`. More than one source, or an unreadable file,
 * throws a one-line UsageError.
 */
export function readCallDataInput(flags: CallDataFlags, readStdin: () => Buffer = () => readFileSync(0)): CallDataInput {
  const given = [flags.data !== undefined, flags.dataFile !== undefined, flags.binary === true, flags.binaryFile !== undefined];
  if (given.filter(Boolean).length > 1) throw new UsageError('give call data with only one of -d, -D, -b and -B');
  if (flags.data !== undefined) {
    return flags.data === '@' ? { kind: 'json', text: readStdin().toString('utf8'), source: '-d @' } : { kind: 'json', text: flags.data, source: '-d' };
  }
  if (flags.dataFile !== undefined) return { kind: 'json', text: readFile(flags.dataFile, '-D').toString('utf8'), source: `-D ${flags.dataFile}` };
  if (flags.binary === true) return { kind: 'binary', bytes: readStdin(), source: '-b' };
  if (flags.binaryFile !== undefined) return { kind: 'binary', bytes: readFile(flags.binaryFile, '-B'), source: `-B ${flags.binaryFile}` };
  return { kind: 'none' };
}

function readFile(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`${flag}: cannot read "${path}": ${e.code ?? e.message}`);
  }
}

/**
 * buildCallData prepares input for method. Invalid JSON, an empty array, fields unknown to the
 * request type, values of the wrong type, unsupported template syntax, or binary data that is
 * not the request type throw a one-line UsageError naming the source. Templated messages are
 * checked by rendering each once for request 0.
 */
export function buildCallData(input: CallDataInput, method: GrpcMethod, options: TemplateOptions = {}): CallData {
  switch (input.kind) {
    case 'none':
      return new PreparedCallData([Buffer.alloc(0)], [null], null, undefined, false);
    case 'binary':
      return binaryCallData(input.bytes, input.source, method);
    case 'json':
      return jsonCallData(input.text, input.source, method, options);
  }
}

/** PreparedCallData holds per-element bytes (static) or templates (dynamic), or one whole-text template. */
class PreparedCallData implements CallData {
  readonly count: number;
  readonly dynamic: boolean;
  readonly binary: boolean;
  readonly reportData: unknown;
  private readonly bytes: ReadonlyArray<Buffer | null>;
  private readonly templates: ReadonlyArray<CompiledTemplate | null>;
  /** whole renders the entire text when it could not be split into array elements up front. */
  private readonly whole: WholeText | null;

  constructor(
    bytes: ReadonlyArray<Buffer | null>,
    templates: ReadonlyArray<CompiledTemplate | null>,
    whole: WholeText | null,
    reportData: unknown,
    binary: boolean,
  ) {
    this.count = bytes.length;
    this.bytes = bytes;
    this.templates = templates;
    this.whole = whole;
    this.dynamic = whole !== null || templates.some((t) => t !== null);
    this.binary = binary;
    this.reportData = reportData;
  }

  messageFor(requestNumber: number, call: TemplateCall): Buffer {
    const i = this.count === 1 ? 0 : requestNumber % this.count;
    const bytes = this.bytes[i];
    if (bytes !== null) return bytes;
    if (this.whole !== null) return this.whole.element(call, i);
    return (this.templates[i] as ElementTemplate).encode(call);
  }

  streamMessages(call: TemplateCall): Buffer[] {
    const out = new Array<Buffer>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.messageFor(i, call);
    return out;
  }
}

/** ElementTemplate is one templated message: render, parse, check, serialize. */
interface ElementTemplate extends CompiledTemplate {
  encode(call: TemplateCall): Buffer;
}

function jsonCallData(text: string, source: string, method: GrpcMethod, options: TemplateOptions): CallData {
  const reportData = tryParse(text);
  const templating = options.templating !== false && hasTemplateActions(text);
  const elements = templating ? splitTopLevelArray(text) : null;
  if (!templating || elements !== null) {
    const parts = templating ? (elements as string[]) : staticElements(text, source);
    if (parts.length === 0) throw new UsageError(`${source}: the call data array is empty`);
    const single = !text.trimStart().startsWith('[');
    const bytes: (Buffer | null)[] = [];
    const templates: (ElementTemplate | null)[] = [];
    const cache = new Map<string, Buffer>();
    parts.forEach((part, i) => {
      const where = single ? source : `${source}: [${i}]`;
      if (hasTemplateActions(part) && options.templating !== false) {
        bytes.push(null);
        templates.push(elementTemplate(part, where, method, options));
        return;
      }
      let b = cache.get(part);
      if (b === undefined) {
        b = encodeJson(parseJson(part, where), where, method);
        cache.set(part, b);
      }
      bytes.push(b);
      templates.push(null);
    });
    return new PreparedCallData(bytes, templates, null, reportData, false);
  }
  const whole = new WholeText(text, source, method, options);
  return new PreparedCallData(new Array<Buffer | null>(whole.count).fill(null), [], whole, reportData, false);
}

/** staticElements parses untemplated JSON: an array gives its elements' texts, an object itself. */
function staticElements(text: string, source: string): string[] {
  const value = parseJson(text, source);
  if (Array.isArray(value)) return value.map((v) => JSON.stringify(v));
  return [text];
}

function elementTemplate(text: string, where: string, method: GrpcMethod, options: TemplateOptions): ElementTemplate {
  const template = compileTemplate(text, templateMethodInfo(method), options);
  const encode = (call: TemplateCall): Buffer => {
    const rendered = template.render(call);
    let value: unknown;
    try {
      value = JSON.parse(rendered);
    } catch (err) {
      throw new TemplateError(`${where}: after templating, invalid JSON: ${oneLine((err as Error).message)}`);
    }
    try {
      return encodeMessage(method.requestMessage, protojsonToMessage(method.requestMessage, value));
    } catch (err) {
      if (err instanceof ProtojsonError) throw new TemplateError(`${where}: ${err.message}`);
      throw err;
    }
  };
  checkRender(() => encode(new TemplateCall(0, 'g0c0')));
  return Object.assign(template, { encode });
}

/** checkRender runs a sample render at build time, turning its failure into a UsageError. */
function checkRender(sample: () => unknown): void {
  try {
    sample();
  } catch (err) {
    if (err instanceof TemplateError) throw new UsageError(err.message);
    throw err;
  }
}

/** WholeText renders the entire data text per call (a template that is not a plain JSON array). */
class WholeText {
  readonly count: number;
  private readonly template: CompiledTemplate;
  private readonly source: string;
  private readonly method: GrpcMethod;

  constructor(text: string, source: string, method: GrpcMethod, options: TemplateOptions) {
    this.template = compileTemplate(text, templateMethodInfo(method), options);
    this.source = source;
    this.method = method;
    let count = 1;
    checkRender(() => {
      const sample = this.parse(new TemplateCall(0, 'g0c0'));
      count = Array.isArray(sample) ? sample.length : 1;
      if (count === 0) throw new TemplateError(`${source}: the call data array is empty`);
      const list = Array.isArray(sample) ? sample : [sample];
      list.forEach((v, i) => this.encode(v, Array.isArray(sample) ? `${source}: [${i}]` : source));
    });
    this.count = count;
  }

  element(call: TemplateCall, index: number): Buffer {
    const value = this.parse(call);
    const list = Array.isArray(value) ? value : [value];
    if (list.length !== this.count) throw new TemplateError(`${this.source}: the templated data array changed length (${list.length}, was ${this.count})`);
    return this.encode(list[index], this.source);
  }

  private parse(call: TemplateCall): unknown {
    try {
      return JSON.parse(this.template.render(call));
    } catch (err) {
      if (err instanceof TemplateError) throw err;
      throw new TemplateError(`${this.source}: after templating, invalid JSON: ${oneLine((err as Error).message)}`);
    }
  }

  private encode(value: unknown, where: string): Buffer {
    try {
      return encodeMessage(this.method.requestMessage, protojsonToMessage(this.method.requestMessage, value));
    } catch (err) {
      if (err instanceof ProtojsonError) throw new TemplateError(`${where}: ${err.message}`);
      throw err;
    }
  }
}

/**
 * splitTopLevelArray splits `[a, b, ...]` into element texts without parsing them, stepping over
 * JSON strings and template actions, so each element can be templated (or not) on its own.
 * Returns null when text is not a top-level array.
 */
export function splitTopLevelArray(text: string): string[] | null {
  let i = 0;
  while (i < text.length && /\s/.test(text[i])) i++;
  if (text[i] !== '[') return null;
  const elements: string[] = [];
  let depth = 0;
  let start = i + 1;
  for (; i < text.length; i++) {
    if (text.startsWith('{{', i)) {
      const end = skipTemplateAction(text, i);
      if (end < 0) return null;
      i = end - 1;
      continue;
    }
    const c = text[i];
    if (c === '"') {
      const end = skipJsonString(text, i);
      if (end < 0) return null;
      i = end - 1;
    } else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) {
        const last = text.slice(start, i).trim();
        if (last !== '') elements.push(last);
        else if (elements.length > 0) return null;
        return text.slice(i + 1).trim() === '' ? elements : null;
      }
    } else if (c === ',' && depth === 1) {
      const element = text.slice(start, i).trim();
      if (element === '') return null;
      elements.push(element);
      start = i + 1;
    }
  }
  return null;
}

/** skipJsonString returns the index past the closing quote of the string at i (actions inside skipped), or -1. */
function skipJsonString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text.startsWith('{{', j)) {
      const end = skipTemplateAction(text, j);
      if (end < 0) return -1;
      j = end - 1;
      continue;
    }
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  return -1;
}

function binaryCallData(bytes: Uint8Array, source: string, method: GrpcMethod): CallData {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const type = method.requestMessage;
  const delimited = splitDelimited(buf);
  if (delimited !== null && delimited.length > 0) {
    try {
      for (const m of delimited) type.decode(m);
      return new PreparedCallData(delimited, delimited.map(() => null), null, undefined, true);
    } catch {
      // Not length-delimited messages after all: try one message.
    }
  }
  try {
    type.decode(buf);
  } catch (err) {
    throw new UsageError(
      `${source}: not a serialized ${method.requestType} (nor varint-length-prefixed ones): ${oneLine((err as Error).message)}`,
    );
  }
  return new PreparedCallData([buf], [null], null, undefined, true);
}

/** splitDelimited reads varint-length-prefixed messages covering buf exactly, or returns null. */
function splitDelimited(buf: Buffer): Buffer[] | null {
  const out: Buffer[] = [];
  let pos = 0;
  while (pos < buf.length) {
    let length = 0;
    let shift = 0;
    for (;;) {
      if (pos >= buf.length || shift > 28) return null;
      const b = buf[pos++];
      length += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) break;
    }
    if (pos + length > buf.length) return null;
    out.push(buf.subarray(pos, pos + length));
    pos += length;
  }
  return out;
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${where}: invalid JSON: ${oneLine((err as Error).message)}${durationHint(text, where)}`);
  }
}

/** durationHint explains `-d 30s`: in ghz's flags -d is the call data and -z the duration. */
function durationHint(text: string, where: string): string {
  return where === '-d' && /^\s*\d+(\.\d+)?(ns|us|µs|ms|s|m|h)\s*$/.test(text) ? ` ("${text.trim()}" looks like a duration: here -d is the call data, -z the duration, e.g. -z ${text.trim()})` : '';
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function encodeJson(value: unknown, where: string, method: GrpcMethod): Buffer {
  try {
    return encodeMessage(method.requestMessage, protojsonToMessage(method.requestMessage, value));
  } catch (err) {
    if (err instanceof ProtojsonError) throw new UsageError(`${where}: ${err.message}`);
    throw err;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
