/**
 * Results encoders: one ResultRecord to one line of vegeta's JSON-lines (spec vegeta.md 3.2) or
 * CSV (3.3) encoding, so `vegeta report|encode|plot` read loadgen's `--output` unchanged.
 * Both run once per request during a load test, so they build strings by concatenation, take a
 * fast path for strings that need no escaping, remember the quoted form of strings that repeat
 * (URLs, methods, header names) and format the date once per second, not once per request.
 */
import type { ResultRecord } from './result-record.js';
import { rfc3339Nano } from '../core/time-format.js';

/**
 * encodeJsonLine formats r as one vegeta JSON line, trailing `\n` included: keys in vegeta's
 * order, RFC3339Nano timestamp in the local zone, latency in integer ns, body as standard base64
 * (`null` without a response), headers as written in r (insertion order; `null` without a response).
 */
export function encodeJsonLine(r: ResultRecord): string {
  return (
    '{"attack":' + jsonStringCached(r.attack) +
    ',"seq":' + r.seq +
    ',"code":' + r.code +
    ',"timestamp":"' + timestampJson(r.timestampUnixNs) +
    '","latency":' + r.latencyNs +
    ',"bytes_out":' + r.bytesOut +
    ',"bytes_in":' + r.bytesIn +
    ',"error":' + jsonString(r.error) +
    ',"body":' + (r.body === null ? 'null' : '"' + r.body.toString('base64') + '"') +
    ',"method":' + jsonStringCached(r.method) +
    ',"url":' + jsonStringCached(r.url) +
    ',"headers":' + headersJson(r.headers) +
    '}\n'
  );
}

/**
 * encodeCsvLine formats r as one vegeta CSV record with `\n`: the 12 columns of spec 3.3 (Unix-ns
 * timestamp, code, latency ns, bytes out, bytes in, error, base64 body, attack, seq, method, url,
 * base64 wire-form headers), quoted as Go's encoding/csv writer does. No header row exists.
 */
export function encodeCsvLine(r: ResultRecord): string {
  return (
    r.timestampUnixNs.toString() + ',' + r.code + ',' + r.latencyNs + ',' + r.bytesOut + ',' +
    r.bytesIn + ',' + csvField(r.error) + ',' + (r.body === null ? '' : r.body.toString('base64')) +
    ',' + csvFieldCached(r.attack) + ',' + r.seq + ',' + csvFieldCached(r.method) + ',' + csvFieldCached(r.url) +
    ',' + (r.headers === null ? '' : base64Text(headersWire(r.headers))) +
    '\n'
  );
}

/*
 * headersWire renders headers as Go's http.Header.Write does plus the final blank line, which is
 * what vegeta base64-encodes into the CSV headers column: `Key: value\r\n` per value, keys sorted,
 * CR/LF in values replaced by spaces and surrounding spaces/tabs trimmed, then `\r\n`.
 */
function headersWire(headers: Record<string, string[]>): string {
  const names = sortStrings(Object.keys(headers));
  let out = '';
  for (let i = 0; i < names.length; i++) {
    const values = headers[names[i]];
    for (let j = 0; j < values.length; j++) out += names[i] + ': ' + wireValue(values[j]) + '\r\n';
  }
  return out + '\r\n';
}

/** sortStrings sorts a few strings in place by code unit: insertion sort beats Array#sort here. */
function sortStrings(a: string[]): string[] {
  for (let i = 1; i < a.length; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
  return a;
}

const NON_ASCII = /[^\u0000-\u007f]/;

/** base64Text is the base64 of text's UTF-8 bytes; btoa avoids a Buffer when text is ASCII. */
function base64Text(text: string): string {
  return NON_ASCII.test(text) ? Buffer.from(text, 'utf8').toString('base64') : btoa(text);
}

const NS_PER_S = 1_000_000_000n;

// The date and zone of the last second formatted: consecutive results mostly share a second, so
// the Date/time-zone work runs about once per second instead of once per request.
let cachedSecond: bigint | null = null;
let cachedDate = '';
let cachedZone = '';

function timestampJson(unixNs: bigint): string {
  const second = unixNs >= 0n ? unixNs / NS_PER_S : (unixNs - (NS_PER_S - 1n)) / NS_PER_S;
  if (second !== cachedSecond) {
    const whole = rfc3339Nano(second * NS_PER_S);
    const cut = whole.endsWith('Z') ? whole.length - 1 : whole.length - 6;
    cachedDate = whole.slice(0, cut);
    cachedZone = whole.slice(cut);
    cachedSecond = second;
  }
  const frac = Number(unixNs - second * NS_PER_S);
  return frac === 0 ? cachedDate + cachedZone : cachedDate + fraction(frac) + cachedZone;
}

/** fraction is `.` plus 9 digits of ns with trailing zeros dropped, as Go's RFC3339Nano writes. */
function fraction(ns: number): string {
  const digits = String(ns).padStart(9, '0');
  let end = 9;
  while (digits.charCodeAt(end - 1) === 48) end--;
  return '.' + digits.slice(0, end);
}

// Characters Go's encoding/json escapes; surrogates are here so lone ones become \ufffd, as Go
// does for the invalid UTF-8 they would turn into.
const NEEDS_ESCAPE = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;

const CONTROL_ESCAPES: string[] = Array.from({ length: 32 }, (_, c) =>
  '\\u00' + c.toString(16).padStart(2, '0'),
);
CONTROL_ESCAPES[8] = '\\b';
CONTROL_ESCAPES[9] = '\\t';
CONTROL_ESCAPES[10] = '\\n';
CONTROL_ESCAPES[12] = '\\f';
CONTROL_ESCAPES[13] = '\\r';

/** jsonString quotes s as Go's encoding/json does (HTML-safe, short escapes where Go has them). */
function jsonString(s: string): string {
  return NEEDS_ESCAPE.test(s) ? '"' + escapeSlow(s) + '"' : '"' + s + '"';
}

// Attack names, methods, URLs and header names repeat from request to request, mostly as the same
// string objects (targets, undici's interned header names), whose hash V8 keeps: a Map hit costs
// far less than scanning. Bounded so unique URLs cannot grow it; once full it only serves hits.
const MAX_CACHED = 1024;
const jsonQuoted = new Map<string, string>();
const csvQuoted = new Map<string, string>();

function jsonStringCached(s: string): string {
  let q = jsonQuoted.get(s);
  if (q === undefined) {
    q = jsonString(s);
    if (jsonQuoted.size < MAX_CACHED) jsonQuoted.set(s, q);
  }
  return q;
}

/** csvFieldCached is csvField for strings that repeat (URLs, methods), remembered. */
export function csvFieldCached(s: string): string {
  let q = csvQuoted.get(s);
  if (q === undefined) {
    q = csvField(s);
    if (csvQuoted.size < MAX_CACHED) csvQuoted.set(s, q);
  }
  return q;
}

function escapeSlow(s: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string;
    if (c < 0x20) esc = CONTROL_ESCAPES[c];
    else if (c === 0x22) esc = '\\"';
    else if (c === 0x5c) esc = '\\\\';
    else if (c === 0x3c) esc = '\\u003c';
    else if (c === 0x3e) esc = '\\u003e';
    else if (c === 0x26) esc = '\\u0026';
    else if (c === 0x2028) esc = '\\u2028';
    else if (c === 0x2029) esc = '\\u2029';
    else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(s.charCodeAt(i + 1))) {
      i++; // a valid pair is written as is
      continue;
    } else if (c >= 0xd800 && c <= 0xdfff) esc = '\\ufffd';
    else continue;
    out += s.slice(start, i) + esc;
    start = i + 1;
  }
  return out + s.slice(start);
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function headersJson(headers: Record<string, string[]> | null): string {
  if (headers === null) return 'null';
  const names = Object.keys(headers);
  let out = '{';
  for (let i = 0; i < names.length; i++) {
    const values = headers[names[i]];
    out += (i === 0 ? '' : ',') + jsonStringCached(names[i]) + ':[';
    for (let j = 0; j < values.length; j++) out += (j === 0 ? '' : ',') + jsonString(values[j]);
    out += ']';
  }
  return out + '}';
}

// Go's csv writer quotes a field holding a quote, comma, CR or LF, or starting with a Unicode space
// (unicode.IsSpace), and the field `\.`.
const CSV_NEEDS_QUOTES = /[",\r\n]|^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]|^\\\.$/;

/** csvField quotes s as Go's encoding/csv writer does (also used by the k6 CSV encoder). */
export function csvField(s: string): string {
  return CSV_NEEDS_QUOTES.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

const WIRE_NEEDS_FIX = /[\r\n]|^[ \t]|[ \t]$/;

/** wireValue applies http.Header.Write's value clean-up: CR/LF to space, then trim spaces/tabs. */
function wireValue(v: string): string {
  return WIRE_NEEDS_FIX.test(v) ? v.replace(/[\r\n]/g, ' ').replace(/^[ \t]+|[ \t]+$/g, '') : v;
}
