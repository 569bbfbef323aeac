/**
 * Redaction of secrets wherever loadgen prints what it sends: header and gRPC metadata values
 * whose name is redacted (Authorization and Proxy-Authorization always, plus each --redact-header
 * NAME) are shown as REDACTED in the dry-run plan, ghz's report options, records and results
 * files; credentials in a URL (`http://alice:SECRET@host/`) are moved into a Basic Authorization
 * header at plan time (protocols/url-credentials.ts) and shown as `alice:REDACTED@` if printed.
 */

/** REDACTED replaces a secret's value. */
export const REDACTED = 'REDACTED';

/** DEFAULT_REDACTED_HEADERS are redacted in every output, whatever --redact-header adds (lower case: gRPC metadata names). */
export const DEFAULT_REDACTED_HEADERS: readonly string[] = ['authorization', 'proxy-authorization'];

/** redactedNames is the set of header or metadata names to redact: the defaults and extra, case-insensitive. */
export function redactedNames(extra: readonly string[] = []): ReadonlySet<string> {
  return new Set([...DEFAULT_REDACTED_HEADERS, ...extra.map((n) => n.trim().toLowerCase()).filter((n) => n !== '')]);
}

/**
 * redactDeep copies value with every secret replaced: an object's property named for a redacted
 * header, and a `[name, value]` pair of strings (header and metadata lists), keep their name and
 * lose their value. Other values are returned as they are (Buffers included).
 */
export function redactDeep(value: unknown, names: ReadonlySet<string>): unknown {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    if (value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string' && names.has(value[0].toLowerCase())) return [value[0], REDACTED];
    return value.map((v) => redactDeep(v, names));
  }
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, typeof k === 'string' && names.has(k.toLowerCase()) ? REDACTED : redactDeep(v, names)]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = names.has(k.toLowerCase()) && v !== null && v !== undefined ? redactedValue(v) : redactDeep(v, names);
  return out;
}

function redactedValue(v: unknown): unknown {
  return Array.isArray(v) ? v.map(() => REDACTED) : REDACTED;
}

/** redactUrl hides a URL's password (`http://alice:REDACTED@host/`); other text is returned as is. */
export function redactUrl(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/@]*@/gi, `$1${REDACTED}@`);
}
