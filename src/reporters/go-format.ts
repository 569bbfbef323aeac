/**
 * Go-compatible formatting helpers, so that loadgen's vegeta reports are byte-identical to
 * vegeta's (spec: vegeta.md sections 4.4, 5.2-5.5). Each helper reproduces one Go standard-library
 * behaviour that JavaScript's built-ins get subtly wrong (µ sign, ties-to-even, HTML escaping,
 * tabwriter column blocks).
 */
import type { GoJsonValue } from '../core/go-json-value.js';

/** GoJsonValue is re-exported for the reporters that build Go JSON values. */
export type { GoJsonValue };

const NS_PER_US = 1_000;
const NS_PER_MS = 1_000_000;
const NS_PER_S = 1_000_000_000;
const NS_PER_MIN = 60 * NS_PER_S;
const NS_PER_H = 60 * NS_PER_MIN;

/**
 * goDuration formats a duration in nanoseconds exactly as Go's `time.Duration.String()`:
 * `0s`, `999ns`, `1.234µs` (U+00B5), `1.5ms`, `1.99s`, `2m3s`, `1h0m0s`, `-1.5µs`.
 * The input is rounded to whole ns; exact for |ns| up to 2^53.
 */
export function goDuration(ns: number): string {
  let u = Math.round(ns);
  const neg = u < 0;
  if (neg) u = -u;
  if (u === 0) return '0s';
  const text = u < NS_PER_S ? subSecond(u) : hoursMinutesSeconds(u);
  return neg ? `-${text}` : text;
}

/** subSecond formats 0 < u < 1s in the largest unit below a second, as Go does. */
function subSecond(u: number): string {
  if (u < NS_PER_US) return `${u}ns`;
  if (u < NS_PER_MS) return `${withFraction(u, 3)}µs`;
  return `${withFraction(u, 6)}ms`;
}

/** hoursMinutesSeconds formats u >= 1s as `[<h>h][<m>m]<s>s`; minutes always follow hours. */
function hoursMinutesSeconds(u: number): string {
  const fracNs = u % NS_PER_S;
  const secs = (u - fracNs) / NS_PER_S;
  const s = `${secs % 60}${fraction(fracNs, 9)}s`;
  const mins = Math.floor(secs / 60);
  if (mins === 0) return s;
  const m = `${mins % 60}m${s}`;
  const hours = Math.floor(mins / 60);
  return hours === 0 ? m : `${hours}h${m}`;
}

/** withFraction prints v / 10^prec with up to prec decimals, trailing zeros dropped (Go fmtFrac). */
function withFraction(v: number, prec: number): string {
  const unit = 10 ** prec;
  const frac = v % unit;
  return `${(v - frac) / unit}${fraction(frac, prec)}`;
}

/** fraction renders frac (0 <= frac < 10^prec) as `.ddd` without trailing zeros, or "" for 0. */
function fraction(frac: number, prec: number): string {
  if (frac === 0) return '';
  return `.${String(frac).padStart(prec, '0').replace(/0+$/, '')}`;
}

/** ROUND_STEPS pairs each threshold (ns) with the unit vegeta rounds to at or above it. */
const ROUND_STEPS: ReadonlyArray<readonly [atLeastNs: number, unitNs: number]> = [
  [NS_PER_H, NS_PER_MIN],
  [NS_PER_MIN, NS_PER_S],
  [NS_PER_S, NS_PER_MS],
  [NS_PER_MS, NS_PER_US],
];

/**
 * vegetaRound is the rounding vegeta's text report applies before printing a duration (ns in,
 * ns out): >= 1h to the minute, >= 1m to the second, >= 1s to the millisecond, >= 1ms to the
 * microsecond, smaller (and negative) values unchanged. Halfway rounds away from zero, as Go's
 * `Duration.Round` does.
 */
export function vegetaRound(ns: number): number {
  const d = Math.round(ns);
  for (const [atLeast, unit] of ROUND_STEPS) {
    if (d >= atLeast) return durationRound(d, unit);
  }
  return d;
}

/** durationRound is Go's `Duration.Round(m)` on integer ns: nearest multiple, halves away from 0. */
function durationRound(d: number, m: number): number {
  if (m <= 0) return d;
  const r = Math.abs(d % m);
  if (d < 0) return r + r < m ? d + r : d - m + r;
  return r + r < m ? d - r : d + m - r;
}


/**
 * goFixed formats x like Go's `fmt` verb `%.<digits>f`: the exact binary value of the double,
 * rounded to `digits` decimals with ties to even (`6.125` -> `6.12`, where JS `toFixed` gives
 * `6.13`). Negative values (and -0) keep their sign; NaN -> `NaN`, infinities -> `+Inf`/`-Inf`.
 */
export function goFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const scaled = roundHalfEvenScaled(Math.abs(x), digits);
  let text = scaled.toString();
  if (digits > 0) {
    text = text.padStart(digits + 1, '0');
    text = `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  }
  return neg ? `-${text}` : text;
}

/** roundHalfEvenScaled returns round(x * 10^digits) computed exactly, ties to even (x >= 0). */
function roundHalfEvenScaled(x: number, digits: number): bigint {
  const { mantissa, exponent } = decomposeDouble(x);
  const scale = 10n ** BigInt(digits);
  if (exponent >= 0) return (mantissa << BigInt(exponent)) * scale;
  const num = mantissa * scale;
  const den = 1n << BigInt(-exponent);
  let q = num / den;
  const twiceRem = (num % den) * 2n;
  if (twiceRem > den || (twiceRem === den && (q & 1n) === 1n)) q += 1n;
  return q;
}

/** decomposeDouble splits a finite non-negative double into mantissa × 2^exponent, exactly. */
function decomposeDouble(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & 0xfffffffffffffn;
  // Subnormals have no implicit leading 1 and the minimum exponent.
  if (biased === 0) return { mantissa: frac, exponent: -1074 };
  return { mantissa: frac | (1n << 52n), exponent: biased - 1075 };
}


/**
 * goJson encodes a value as Go's `encoding/json` (`json.Marshal`, HTML escaping on) does: compact;
 * `<`, `>`, `&`, U+2028, U+2029 as `\u....`; control characters as `\b \f \n \r \t` or `\u00xx`
 * (Go >= 1.22); lone surrogates as `\ufffd`; numbers in shortest round-trip form (the same
 * thresholds as JS: `1e-7`, `1e+21`); keys in the order given. No trailing newline.
 */
export function goJson(value: GoJsonValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return goJsonNumber(value);
    case 'bigint':
      return value.toString();
    case 'string':
      return goJsonString(value);
  }
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  const entries = value instanceof Map ? [...value] : Object.entries(value);
  return `{${entries.map(([k, v]) => `${goJsonString(k)}:${goJson(v)}`).join(',')}}`;
}

/** goJsonNumber is Go's float64 encoding; Go refuses NaN and infinities, and so does this. */
function goJsonNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`goJson: unsupported value ${n}`);
  return Object.is(n, -0) ? '-0' : String(n);
}

/** SHORT_ESCAPES are the control characters Go >= 1.22 writes with a short escape. */
const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0c: '\\f',
  0x0d: '\\r',
  0x22: '\\"',
  0x5c: '\\\\',
};

/** goJsonString quotes s with Go's escaping rules (HTML-safe). */
export function goJsonString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isHighSurrogate(c) && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      i++;
      continue;
    }
    const esc = escapeFor(c);
    if (esc === null) continue;
    out += s.slice(start, i) + esc;
    start = i + 1;
  }
  return `${out}${s.slice(start)}"`;
}

/** escapeFor returns the escape Go writes for one UTF-16 unit, or null to copy it as is. */
function escapeFor(c: number): string | null {
  if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x3c || c === 0x3e || c === 0x26) {
    return SHORT_ESCAPES[c] ?? `\\u00${c.toString(16).padStart(2, '0')}`;
  }
  if (c === 0x2028 || c === 0x2029) return `\\u${c.toString(16)}`;
  // A surrogate not part of a pair is invalid UTF-8 once encoded; Go writes U+FFFD for it.
  if (isHighSurrogate(c) || isLowSurrogate(c)) return '\\ufffd';
  return null;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * tabwriter aligns text as Go's `text/tabwriter` does with minwidth 0, tabwidth 8, pad char space
 * and the given padding (vegeta uses 2). Feed it exactly what vegeta writes into its tabwriter:
 * `\t` (or `\v`) terminates a cell, `\n` (or `\f`) a line. A tab-terminated cell is padded to the
 * widest cell of its column block + padding (width in code points); the text after the last tab
 * of a line is not part of a column and is written as is. A column block is a run of consecutive
 * lines that have a cell in that column, so a line without tabs (vegeta's `Error Set:`) ends every
 * block. `\f` also becomes `\n` and flushes.
 */
export function tabwriter(text: string, padding = 2): string {
  let out = '';
  let lines: string[][] = [[]];
  let cellStart = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '\t' && ch !== '\v' && ch !== '\n' && ch !== '\f') continue;
    const line = lines[lines.length - 1];
    line.push(text.slice(cellStart, i));
    cellStart = i + 1;
    if (ch !== '\n' && ch !== '\f') continue;
    lines.push([]);
    // Go flushes after a one-cell line (it cannot affect later alignment) and after every \f.
    if (ch === '\f' || line.length === 1) {
      out += formatLines(lines, padding);
      lines = [[]];
    }
  }
  if (cellStart < text.length) lines[lines.length - 1].push(text.slice(cellStart));
  return out + formatLines(lines, padding);
}

/** formatLines renders buffered lines (the last one unterminated) as Go's Writer.format does. */
function formatLines(lines: readonly string[][], padding: number): string {
  const sink: TabSink = { lines, padding, widths: [], out: '' };
  formatColumn(sink, 0, lines.length);
  return sink.out;
}

/** TabSink is the state of one tabwriter flush: buffered cells, the column widths, the output. */
interface TabSink {
  readonly lines: readonly string[][];
  readonly padding: number;
  readonly widths: number[];
  out: string;
}

/**
 * formatColumn is Go's recursive `format`: for column widths.length, find each block of lines
 * that have a cell in it, size the column to the block's widest cell, and recurse to the right.
 */
function formatColumn(sink: TabSink, line0: number, line1: number): void {
  const column = sink.widths.length;
  for (let t = line0; t < line1; t++) {
    if (column >= sink.lines[t].length - 1) continue;
    writeLines(sink, line0, t);
    line0 = t;
    let width = 0;
    for (; t < line1; t++) {
      const line = sink.lines[t];
      if (column >= line.length - 1) break;
      width = Math.max(width, codePoints(line[column]) + sink.padding);
    }
    sink.widths.push(width);
    formatColumn(sink, line0, t);
    sink.widths.pop();
    line0 = t;
  }
  writeLines(sink, line0, line1);
}

/** writeLines writes lines [line0, line1), padding each cell that has a known column width. */
function writeLines(sink: TabSink, line0: number, line1: number): void {
  for (let i = line0; i < line1; i++) {
    const line = sink.lines[i];
    for (let j = 0; j < line.length; j++) {
      sink.out += line[j];
      if (j < sink.widths.length) sink.out += ' '.repeat(sink.widths[j] - codePoints(line[j]));
    }
    if (i + 1 < sink.lines.length) sink.out += '\n';
  }
}

/** codePoints is the width tabwriter gives a cell: its number of Unicode code points (runes). */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i + 1 < s.length; i++) {
    if (isHighSurrogate(s.charCodeAt(i)) && isLowSurrogate(s.charCodeAt(i + 1))) {
      n--;
      i++;
    }
  }
  return n;
}
