/**
 * rfc3339Nano formats Unix nanoseconds as Go's time.RFC3339Nano in the local time zone: up to 9
 * fractional digits with trailing zeros (and the dot) dropped, `Z` for UTC, else `+hh:mm`.
 * GO_ZERO_TIME is Go's zero time.Time as JSON prints it (vegeta's empty-report times).
 */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

export function rfc3339Nano(unixNs: bigint): string {
  const secs = unixNs >= 0n ? unixNs / 1_000_000_000n : (unixNs - 999_999_999n) / 1_000_000_000n;
  const frac = Number(unixNs - secs * 1_000_000_000n);
  const ms = Number(secs) * 1000;
  const offsetMin = -new Date(ms).getTimezoneOffset();
  const local = new Date(ms + offsetMin * 60_000);
  const date =
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1, 2)}-${pad(local.getUTCDate(), 2)}` +
    `T${pad(local.getUTCHours(), 2)}:${pad(local.getUTCMinutes(), 2)}:${pad(local.getUTCSeconds(), 2)}`;
  const fraction = frac === 0 ? '' : `.${pad(frac, 9).replace(/0+$/, '')}`;
  return date + fraction + zone(offsetMin);
}

function zone(offsetMin: number): string {
  if (offsetMin === 0) return 'Z';
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `${sign}${pad(Math.floor(a / 60), 2)}:${pad(a % 60, 2)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** parseRfc3339Nano reads an RFC 3339 time with up to 9 fractional digits into Unix ns. */
export function parseRfc3339Nano(text: string): bigint | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, f = '', z] = m;
  let ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  if (z !== 'Z' && z !== 'z') {
    const sign = z[0] === '-' ? -1 : 1;
    ms -= sign * (Number(z.slice(1, 3)) * 60 + Number(z.slice(4, 6))) * 60_000;
  }
  return BigInt(ms) * 1_000_000n + BigInt(f.padEnd(9, '0') || '0');
}

/**
 * goSeconds is Go's `Duration.Seconds()` for a duration in ns: whole seconds plus the remainder
 * divided by 1e9. Splitting first makes the float result match Go's to the last bit, which
 * `ns / 1e9` does not always do.
 */
export function goSeconds(ns: number): number {
  const d = Math.round(ns);
  const rem = d % 1_000_000_000;
  return (d - rem) / 1_000_000_000 + rem / 1e9;
}
