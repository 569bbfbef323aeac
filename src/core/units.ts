/**
 * Branded units and the parsers for the textual forms users type: Go durations (`1.5s`, `2m`,
 * `300ms`), vegeta rates (`500`, `500/1s`, `10/m`) and byte sizes (`10 MB`, `2000`).
 * Branding keeps nanoseconds and milliseconds from being mixed up silently.
 */
import { UsageError } from './errors.js';

/** Nanos is a time or duration in nanoseconds (a double; exact up to 2^53 ns, about 104 days). */
export type Nanos = number & { readonly __unit: 'ns' };
/** Millis is a time or duration in milliseconds. */
export type Millis = number & { readonly __unit: 'ms' };

export const ns = (n: number): Nanos => n as Nanos;
export const ms = (n: number): Millis => n as Millis;
export const msToNs = (m: Millis): Nanos => (m * 1e6) as Nanos;
export const nsToMs = (n: Nanos): Millis => (n / 1e6) as Millis;

/** NS_PER_UNIT maps Go duration units to nanoseconds. */
const NS_PER_UNIT: Record<string, number> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3, // U+00B5 micro sign
  'μs': 1e3, // U+03BC greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * parseDuration reads a Go duration (`300ms`, `1h2m3.5s`, `-1.5s`; a bare `0` is allowed) into
 * nanoseconds. A bare number without a unit is rejected, as Go does, except `0`.
 */
export function parseDuration(text: string, flag: string): Nanos {
  const s = text.trim();
  if (s === '0' || s === '+0' || s === '-0') return ns(0);
  let i = 0;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    sign = s[0] === '-' ? -1 : 1;
    i = 1;
  }
  if (i >= s.length) throw badDuration(text, flag);
  let total = 0;
  while (i < s.length) {
    DURATION_PART.lastIndex = i;
    const m = DURATION_PART.exec(s);
    if (!m) throw badDuration(text, flag);
    total += Number(m[1]) * NS_PER_UNIT[m[2]];
    i = DURATION_PART.lastIndex;
  }
  return ns(Math.round(sign * total));
}

function badDuration(text: string, flag: string): UsageError {
  return new UsageError(
    `${flag}: invalid duration "${text}"; use a number with a unit, e.g. 500ms, 10s, 1m30s (units: ns, us, ms, s, m, h)`,
  );
}

/** Rate is vegeta's `freq/per`: freq hits every perNs nanoseconds. freq 0 means unpaced. */
export interface Rate {
  readonly freq: number;
  readonly perNs: Nanos;
}

/**
 * parseRate reads vegeta's rate syntax: `500` (per second), `500/1s`, `5/2s`, `10/m` (a bare unit
 * gets a 1 in front). `infinity` is rejected with a hint, unlike vegeta, which ignores it silently.
 */
export function parseRate(text: string, flag = '--rate'): Rate {
  const s = text.trim();
  if (/^inf(inity)?$/i.test(s)) {
    throw new UsageError(`${flag}: "${text}" is not a rate; for an unpaced run use ${flag} 0 with --max-in-flight N`);
  }
  const [freqText, perText, extra] = s.split('/');
  if (extra !== undefined || freqText === '') throw badRate(text, flag);
  const freq = Number(freqText);
  if (!Number.isFinite(freq) || !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(freqText)) throw badRate(text, flag);
  if (freq < 0) throw new UsageError(`${flag}: the rate "${text}" is negative; give a number of requests per period, e.g. 500/1s`);
  if (perText === undefined) return { freq, perNs: ns(1e9) };
  const per = /^\d/.test(perText.trim()) ? perText : `1${perText.trim()}`;
  let perNs: Nanos;
  try {
    perNs = parseDuration(per, flag);
  } catch {
    throw badRate(text, flag);
  }
  if (perNs <= 0) throw new UsageError(`${flag}: the period in "${text}" must be positive, e.g. 500/1s`);
  return { freq, perNs };
}

function badRate(text: string, flag: string): UsageError {
  return new UsageError(`${flag}: invalid rate "${text}"; use FREQ or FREQ/PERIOD, e.g. 500, 500/1s, 10/m`);
}

/** rateHz converts a Rate to requests per second (0 when unpaced). */
export function rateHz(rate: Rate): number {
  return rate.freq === 0 ? 0 : (rate.freq * 1e9) / rate.perNs;
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
  k: 1e3,
  m: 1e6,
  g: 1e9,
  t: 1e12,
};

/**
 * parseSize reads a byte size (`2000`, `10 MB`, `1tB`, `64KiB`); `-1` means no limit and is
 * returned as -1. Decimal units are powers of 1000, binary units (KiB...) powers of 1024.
 */
export function parseSize(text: string, flag: string): number {
  const s = String(text).trim();
  if (s === '-1') return -1;
  const m = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(s);
  const unit = m ? SIZE_UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    throw new UsageError(`${flag}: invalid size "${text}"; use bytes or a unit, e.g. 2000, 64KiB, 10 MB, or -1 for no limit`);
  }
  return Math.floor(Number(m[1]) * unit);
}
