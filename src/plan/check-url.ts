import { UsageError } from '../core/errors.js';

/** checkUrl accepts an absolute http(s) URL and returns it normalised; anything else is a UsageError. */
export function checkUrl(text: string, flag: string): string {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new UsageError(`${flag}: "${text}" is not a URL; use an absolute URL such as http://127.0.0.1:8080/path`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new UsageError(`${flag}: "${text}" has scheme ${u.protocol.slice(0, -1)}; only http and https are supported`);
  }
  if (u.hostname === '') throw new UsageError(`${flag}: "${text}" has no host`);
  return u.href;
}
