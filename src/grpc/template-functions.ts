/**
 * The functions ghz call templates may call (see template.ts for the list) and Go's fmt
 * printing of template values, so rendered text matches what ghz's Go templates print.
 */
import { randomInt as cryptoRandomInt, randomUUID } from 'node:crypto';

/** TemplateValue is a template value: Go ints are bigints, floats numbers. */
export type TemplateValue = string | bigint | number | boolean;

/** TemplateError is a failure while rendering (e.g. division by zero); the call fails with it. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

/** TemplateFunction computes a value from evaluated arguments; arity is [min, max] (max -1 = any). */
export interface TemplateFunction {
  readonly arity: readonly [number, number];
  readonly fn: (args: TemplateValue[]) => TemplateValue;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALPHA = ALNUM.slice(0, 52);
const DIGITS = ALNUM.slice(52);

function randomChars(length: number, charset: string): string {
  let out = '';
  for (let i = 0; i < length; i++) out += charset[cryptoRandomInt(charset.length)];
  return out;
}

/** TO_STRING is sprig's toString (declared apart: a `toString` key in a literal clashes with Object's). */
const TO_STRING: TemplateFunction = { arity: [1, 1], fn: ([v]) => printTemplateValue(v) };

/**
 * TEMPLATE_FUNCTIONS are the functions templates may call: ghz's own (newUUID, randomString,
 * randomInt), Go's print/printf, and a small documented subset of sprig.
 */
export const TEMPLATE_FUNCTIONS: Readonly<Record<string, TemplateFunction>> = {
  newUUID: { arity: [0, 0], fn: () => randomUUID() },
  // ghz: n <= 0 picks a random length from 2 to 16; alphabet [a-zA-Z0-9].
  randomString: { arity: [1, 1], fn: ([n]) => randomChars(intArg(n, 'randomString') <= 0n ? 2 + cryptoRandomInt(15) : Number(intArg(n, 'randomString')), ALNUM) },
  // ghz: min < 0 is 0, max <= 0 is 1; a value in [min, max) (min itself when max <= min).
  randomInt: { arity: [2, 2], fn: ([a, b]) => randomIntIn(intArg(a, 'randomInt'), intArg(b, 'randomInt')) },
  print: { arity: [0, -1], fn: (args) => goSprint(args) },
  printf: { arity: [1, -1], fn: ([format, ...args]) => goSprintf(String(format), args) },
  upper: { arity: [1, 1], fn: ([s]) => printTemplateValue(s).toUpperCase() },
  lower: { arity: [1, 1], fn: ([s]) => printTemplateValue(s).toLowerCase() },
  title: { arity: [1, 1], fn: ([s]) => printTemplateValue(s).replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase()) },
  trim: { arity: [1, 1], fn: ([s]) => printTemplateValue(s).trim() },
  repeat: { arity: [2, 2], fn: ([n, s]) => printTemplateValue(s).repeat(Math.max(0, Number(toInt64(n)))) },
  substr: { arity: [3, 3], fn: ([a, b, s]) => substr(Number(toInt64(a)), Number(toInt64(b)), printTemplateValue(s)) },
  toString: TO_STRING,
  add: { arity: [0, -1], fn: (args) => args.reduce<bigint>((sum, v) => sum + toInt64(v), 0n) },
  add1: { arity: [1, 1], fn: ([v]) => toInt64(v) + 1n },
  sub: { arity: [2, 2], fn: ([a, b]) => toInt64(a) - toInt64(b) },
  mul: { arity: [1, -1], fn: (args) => args.reduce<bigint>((p, v) => p * toInt64(v), 1n) },
  div: { arity: [2, 2], fn: ([a, b]) => toInt64(a) / nonZero(toInt64(b), 'div') },
  mod: { arity: [2, 2], fn: ([a, b]) => toInt64(a) % nonZero(toInt64(b), 'mod') },
  max: { arity: [1, -1], fn: (args) => args.map(toInt64).reduce((m, v) => (v > m ? v : m)) },
  min: { arity: [1, -1], fn: (args) => args.map(toInt64).reduce((m, v) => (v < m ? v : m)) },
  randAlphaNum: { arity: [1, 1], fn: ([n]) => randomChars(Number(toInt64(n)), ALNUM) },
  randAlpha: { arity: [1, 1], fn: ([n]) => randomChars(Number(toInt64(n)), ALPHA) },
  randNumeric: { arity: [1, 1], fn: ([n]) => randomChars(Number(toInt64(n)), DIGITS) },
  uuidv4: { arity: [0, 0], fn: () => randomUUID() },
};

function intArg(v: TemplateValue, name: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  throw new TemplateError(`${name}: want an integer argument, got ${JSON.stringify(v)}`);
}

function randomIntIn(min: bigint, max: bigint): bigint {
  const lo = min < 0n ? 0n : min;
  const hi = max <= 0n ? 1n : max;
  if (hi <= lo) return lo;
  const span = hi - lo;
  if (span <= 281474976710655n) return lo + BigInt(cryptoRandomInt(Number(span)));
  return lo + BigInt(Math.floor(Math.random() * Number(span)));
}

/** toInt64 is sprig's cast.ToInt64: ints as is, floats truncated, bools 0/1, numeric strings parsed, else 0. */
function toInt64(v: TemplateValue): bigint {
  switch (typeof v) {
    case 'bigint':
      return v;
    case 'number':
      return Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
    case 'boolean':
      return v ? 1n : 0n;
    case 'string':
      return /^\s*[-+]?\d+\s*$/.test(v) ? BigInt(v.trim()) : 0n;
  }
}

function nonZero(v: bigint, name: string): bigint {
  if (v === 0n) throw new TemplateError(`${name}: integer divide by zero`);
  return v;
}

/** substr is sprig's: start < 0 means from 0; end < 0 or past the end means to the end. */
function substr(start: number, end: number, s: string): string {
  if (start < 0) return s.slice(0, end);
  if (end < 0 || end > s.length) return s.slice(start);
  return s.slice(start, end);
}

/** printTemplateValue is Go's `%v` of a template value. */
export function printTemplateValue(v: TemplateValue): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return goFloatV(v);
  }
}

/** goFloatV is Go's `%v` of a float64 (`%g`, shortest digits): exponent form below 1e-4 and from 1e6. */
function goFloatV(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, expText] = x.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(x);
}

/** goSprint is Go's fmt.Sprint: a space between operands when neither is a string. */
function goSprint(args: TemplateValue[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    if (i > 0 && typeof args[i] !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += printTemplateValue(args[i]);
  }
  return out;
}

/** goSprintf is a subset of Go's fmt.Sprintf: verbs v s d x X o f t q and %%, flags "-+ 0#", width, precision. */
function goSprintf(format: string, args: TemplateValue[]): string {
  let argIndex = 0;
  return format.replace(/%([-+ 0#]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g, (_m, flags: string, width?: string, prec?: string, verb?: string) => {
    if (verb === '%') return '%';
    if (argIndex >= args.length) return `%!${verb}(MISSING)`;
    const arg = args[argIndex++];
    const text = formatVerb(verb as string, arg, flags, prec === undefined ? undefined : Number(prec));
    return pad(text, flags, width === undefined ? 0 : Number(width), verb as string, arg);
  });
}

function formatVerb(verb: string, arg: TemplateValue, flags: string, prec: number | undefined): string {
  const sign = (s: string): string => (flags.includes('+') && !s.startsWith('-') ? `+${s}` : flags.includes(' ') && !s.startsWith('-') ? ` ${s}` : s);
  switch (verb) {
    case 'v':
      return typeof arg === 'bigint' || typeof arg === 'number' ? sign(printTemplateValue(arg)) : printTemplateValue(arg);
    case 's':
      return typeof arg === 'string' ? (prec === undefined ? arg : arg.slice(0, prec)) : badVerb(verb, arg);
    case 'q':
      return typeof arg === 'string' ? goQuote(arg) : badVerb(verb, arg);
    case 't':
      return typeof arg === 'boolean' ? printTemplateValue(arg) : badVerb(verb, arg);
    case 'd':
      return typeof arg === 'bigint' ? sign(arg.toString()) : badVerb(verb, arg);
    case 'x':
    case 'X':
    case 'o': {
      if (typeof arg === 'string' && verb !== 'o') {
        const hex = Buffer.from(arg, 'utf8').toString('hex');
        return verb === 'X' ? hex.toUpperCase() : hex;
      }
      if (typeof arg !== 'bigint') return badVerb(verb, arg);
      const base = verb === 'o' ? 8 : 16;
      const digits = (arg < 0n ? -arg : arg).toString(base);
      const prefixed = (flags.includes('#') ? (verb === 'o' ? '0' : verb === 'x' ? '0x' : '0X') : '') + (verb === 'X' ? digits.toUpperCase() : digits);
      return sign(arg < 0n ? `-${prefixed}` : prefixed);
    }
    case 'f':
      if (typeof arg === 'number') return sign(arg.toFixed(prec ?? 6));
      return badVerb(verb, arg);
    default:
      return badVerb(verb, arg);
  }
}

function badVerb(verb: string, arg: TemplateValue): string {
  const type = typeof arg === 'bigint' ? 'int' : typeof arg === 'number' ? 'float64' : typeof arg === 'boolean' ? 'bool' : 'string';
  return `%!${verb}(${type}=${printTemplateValue(arg)})`;
}

function pad(text: string, flags: string, width: number, verb: string, arg: TemplateValue): string {
  if (text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width, ' ');
  const numeric = (typeof arg === 'bigint' || typeof arg === 'number') && verb !== 's' && verb !== 'q';
  if (flags.includes('0') && numeric) {
    const signed = /^[-+ ]/.test(text) ? text[0] : '';
    return signed + text.slice(signed.length).padStart(width - signed.length, '0');
  }
  return text.padStart(width, ' ');
}

/** goQuote approximates strconv.Quote: JSON's escapes plus Go's \a and \v. */
function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u0007/g, '\\a').replace(/\\u000b/g, '\\v');
}
