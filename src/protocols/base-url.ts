/**
 * parseBaseUrl splits a `--url` base URL into the origin and a path prefix, for every HTTP
 * protocol builder (V2, TF Serving, Seldon v1).
 */
import { UsageError } from '../core/errors.js';

/** BaseUrl is a checked base URL: origin (`http://h:8000`) and path prefix without a trailing slash. */
export interface BaseUrl {
  readonly origin: string;
  readonly prefix: string;
}

/**
 * parseBaseUrl checks an http(s) base URL without query, fragment or credentials and returns its
 * origin and path prefix (`https://ingress/seldon/ns/` -> prefix `/seldon/ns`). Anything else
 * throws a one-line UsageError starting with `--url:`.
 */
export function parseBaseUrl(baseUrl: string): BaseUrl {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(baseUrl)) throw badUrl(baseUrl, 'the scheme must be http:// or https://');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw badUrl(baseUrl, 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badUrl(baseUrl, 'the scheme must be http:// or https://');
  if (url.search !== '' || baseUrl.includes('?')) throw badUrl(baseUrl, 'it must not have a query');
  if (url.hash !== '' || baseUrl.includes('#')) throw badUrl(baseUrl, 'it must not have a fragment');
  if (url.username !== '' || url.password !== '') throw badUrl(baseUrl, 'credentials in the URL are not supported; use a header');
  return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, '') };
}

function badUrl(baseUrl: string, why: string): UsageError {
  return new UsageError(`--url: invalid base URL "${baseUrl}": ${why}; e.g. http://127.0.0.1:8000`);
}
