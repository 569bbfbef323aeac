/**
 * LlmExchange is an HTTP exchange that reads a generative answer as it arrives: body chunks go
 * through an SseScanner the moment the transport hands them over (the lean HTTP/1.1 client calls
 * onData from the socket's data event), and each content delta's arrival time is kept (one clock
 * read per chunk; the events of one chunk arrived together). It recognises OpenAI chunks
 * (`choices[0].delta.content`, `choices[0].text`), OIP generate chunks (`text_output`), the usage
 * chunk, error events and `[DONE]` by scanning bytes, and parses JSON only for the usage chunk and
 * errors (once per stream), or the whole body of a non-streaming answer. With keepText, the
 * content strings' bytes are copied as they are (still JSON-escaped) into one reused buffer, and
 * decoded once, when the request has ended (outputText), for a client-side token count.
 */
import type { LlmApiName } from '../core/llm-result.js';
import { HttpExchange, type ExchangeSink } from '../transports/exchange.js';
import { SseScanner, type SseListener } from './sse-scanner.js';

const CONTENT_KEYS: Readonly<Record<LlmApiName, Buffer>> = {
  'openai-chat': Buffer.from('"content":'),
  'openai-completions': Buffer.from('"text":'),
  'oip-generate': Buffer.from('"text_output":'),
};
const USAGE_KEY = Buffer.from('"usage":{');
const ERROR_KEY = Buffer.from('"error":');
const DONE = Buffer.from('[DONE]');
const QUOTE = 34;
const BACKSLASH = 92;
const INITIAL_TIMES = 256;
const INITIAL_TEXT_BYTES = 4096;

export class LlmExchange extends HttpExchange implements SseListener {
  private readonly clock: () => number;
  private readonly contentKey: Buffer;
  readonly api: LlmApiName;
  readonly stream: boolean;
  private readonly scanner: SseScanner;
  /** tokenNs[0..deltas) are the arrival times (ns on the run's clock) of the content deltas. */
  tokenNs: Float64Array;
  deltas: number;
  /** usageOutput and usagePrompt are the server's usage counts; -1 when it reported none. */
  usageOutput: number;
  usagePrompt: number;
  /** streamError is the text of an error event or an unreadable answer; null when none. */
  streamError: string | null;
  sawDone: boolean;
  private body: Buffer[] | null;
  /** nowNs is the arrival time of the chunk being scanned. */
  private nowNs: number;
  /**
   * scanBuf is the buffer being scanned and the next offsets of the content, usage and error keys
   * in it (-1: none left; -2: not searched yet), so a chunk of many events is scanned once for
   * each key, not once per event.
   */
  private scanBuf: Buffer | null;
  private readonly keyAt: Int32Array;
  /** text[0..textBytes) are the streamed content strings' bytes (JSON-escaped); null without keepText. */
  private text: Buffer | null;
  private textBytes: number;
  /** wholeText is a non-streaming answer's text (with keepText). */
  private wholeText: string;

  constructor(sink: ExchangeSink, clock: () => number, api: LlmApiName, stream: boolean, keepText = false) {
    super(sink);
    this.clock = clock;
    this.api = api;
    this.stream = stream;
    this.contentKey = CONTENT_KEYS[api];
    this.scanner = new SseScanner();
    this.tokenNs = new Float64Array(INITIAL_TIMES);
    this.deltas = 0;
    this.usageOutput = -1;
    this.usagePrompt = -1;
    this.streamError = null;
    this.sawDone = false;
    this.body = null;
    this.nowNs = 0;
    this.scanBuf = null;
    this.keyAt = new Int32Array(3);
    this.text = keepText ? Buffer.allocUnsafe(INITIAL_TEXT_BYTES) : null;
    this.textBytes = 0;
    this.wholeText = '';
  }

  override reset(): void {
    super.reset();
    this.scanner.reset();
    this.deltas = 0;
    this.usageOutput = -1;
    this.usagePrompt = -1;
    this.streamError = null;
    this.sawDone = false;
    this.body = null;
    this.scanBuf = null;
    this.textBytes = 0;
    this.wholeText = '';
  }

  /** outputText is the answer's text so far (empty without keepText): decoded here, once per request. */
  outputText(): string {
    if (!this.stream || this.text === null) return this.wholeText;
    const raw = this.text.toString('utf8', 0, this.textBytes);
    if (!raw.includes('\\')) return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      return raw;
    }
  }

  override onData(chunk: Buffer): boolean {
    const now = this.clock();
    super.onData(chunk);
    if (this.statusCode < 200 || this.statusCode >= 300) return true;
    if (!this.stream) {
      if (this.deltas === 0) this.addToken(now);
      (this.body ??= []).push(Buffer.from(chunk)); // the chunk's memory is reused by the next read
      return true;
    }
    this.nowNs = now;
    this.scanner.push(chunk, this);
    return true;
  }

  override onComplete(): void {
    if (!this.done && this.statusCode >= 200 && this.statusCode < 300) {
      if (!this.stream) this.readWholeAnswer();
      if (this.streamError !== null) {
        this.errorKind = 'check';
        this.errorText = `check: ${this.streamError}`;
      }
    }
    super.onComplete();
  }

  onSseData(buf: Buffer, start: number, end: number): void {
    if (end - start === DONE.length && buf.compare(DONE, 0, DONE.length, start, end) === 0) {
      this.sawDone = true;
      return;
    }
    if (buf !== this.scanBuf) {
      this.scanBuf = buf;
      this.keyAt.fill(-2);
    }
    const at = this.find(0, this.contentKey, buf, start, end);
    // A delta with text: the key followed by a non-empty string (not "", not null).
    if (at >= 0) {
      const v = at + this.contentKey.length;
      if (buf[v] === QUOTE && buf[v + 1] !== QUOTE) {
        this.addToken(this.nowNs);
        if (this.text !== null) this.keepString(buf, v + 1, end);
      }
    }
    if (this.find(1, USAGE_KEY, buf, start, end) >= 0) this.readUsage(parseEvent(buf, start, end));
    if (at < 0 && this.find(2, ERROR_KEY, buf, start, end) >= 0) this.streamError = `error event: ${errorMessage(parseEvent(buf, start, end))}`;
  }

  /** find is key k's offset inside [start, end), or -1; searches of buf are remembered (keyAt). */
  private find(k: number, key: Buffer, buf: Buffer, start: number, end: number): number {
    let at = this.keyAt[k];
    if (at === -2 || (at >= 0 && at < start)) {
      at = buf.indexOf(key, start);
      this.keyAt[k] = at;
    }
    return at >= start && at < end ? at : -1;
  }

  private addToken(now: number): void {
    if (this.deltas === this.tokenNs.length) {
      const grown = new Float64Array(this.tokenNs.length * 2);
      grown.set(this.tokenNs);
      this.tokenNs = grown;
    }
    this.tokenNs[this.deltas++] = now;
  }

  /** keepString appends the JSON string starting at from (after its quote), up to its closing quote. */
  private keepString(buf: Buffer, from: number, end: number): void {
    let i = from;
    while (i < end && buf[i] !== QUOTE) i += buf[i] === BACKSLASH ? 2 : 1;
    const n = Math.min(i, end) - from;
    let text = this.text as Buffer;
    if (this.textBytes + n > text.length) {
      const grown = Buffer.allocUnsafe(Math.max(text.length * 2, this.textBytes + n));
      text.copy(grown, 0, 0, this.textBytes);
      this.text = text = grown;
    }
    buf.copy(text, this.textBytes, from, from + n);
    this.textBytes += n;
  }

  private readUsage(doc: Record<string, unknown> | null): void {
    const usage = doc?.usage;
    if (typeof usage !== 'object' || usage === null) return;
    const u = usage as Record<string, unknown>;
    if (typeof u.completion_tokens === 'number') this.usageOutput = u.completion_tokens;
    if (typeof u.prompt_tokens === 'number') this.usagePrompt = u.prompt_tokens;
  }

  /** readWholeAnswer takes the usage (or, for OIP, the text's word count) from a non-streaming answer. */
  private readWholeAnswer(): void {
    const text = this.body === null ? '' : Buffer.concat(this.body).toString('utf8');
    let doc: Record<string, unknown> | null = null;
    try {
      const v = JSON.parse(text) as unknown;
      if (typeof v === 'object' && v !== null) doc = v as Record<string, unknown>;
    } catch {
      // handled below
    }
    if (doc === null) return void (this.streamError = 'answer is not a JSON object');
    if (doc.error !== undefined) return void (this.streamError = `error: ${errorMessage(doc)}`);
    this.readUsage(doc);
    if (this.text !== null) this.wholeText = answerText(doc);
    // Without a tokenizer, OIP's whole answers (no usage) count their words.
    else if (this.usageOutput < 0 && typeof doc.text_output === 'string') this.usageOutput = countWords(doc.text_output);
  }
}

/** answerText is a whole answer's text: OpenAI chat's message content, completions' text, OIP's text_output. */
function answerText(doc: Record<string, unknown>): string {
  if (typeof doc.text_output === 'string') return doc.text_output;
  const choice = Array.isArray(doc.choices) ? (doc.choices[0] as Record<string, unknown> | undefined) : undefined;
  const message = choice?.message as Record<string, unknown> | undefined;
  if (typeof message?.content === 'string') return message.content;
  return typeof choice?.text === 'string' ? choice.text : '';
}

function parseEvent(buf: Buffer, start: number, end: number): Record<string, unknown> | null {
  try {
    const v = JSON.parse(buf.toString('utf8', start, end)) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function errorMessage(doc: Record<string, unknown> | null): string {
  const e = doc?.error;
  if (typeof e === 'string') return e;
  if (typeof e === 'object' && e !== null && typeof (e as Record<string, unknown>).message === 'string') return (e as Record<string, string>).message;
  return 'unreadable error';
}

function countWords(text: string): number {
  const words = text.trim().split(/\s+/);
  return words[0] === '' ? 0 : words.length;
}
