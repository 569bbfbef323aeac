/**
 * movedCredentials moves the user information of a target's URL (`http://alice:SECRET@host/`)
 * into a Basic Authorization header, as curl and Go's net/http do, unless the target already has
 * an Authorization header (which wins, as in both). The URL loses its credentials, so no report,
 * log or results file prints them, and the request carries them the way servers expect.
 */
import type { Target } from './targets.js';

export function movedCredentials(t: Target): Target {
  const u = new URL(t.url);
  if (u.username === '' && u.password === '') return t;
  const user = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  u.username = '';
  u.password = '';
  const given = t.headers.some(([name]) => name.toLowerCase() === 'authorization');
  const basic = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  return { ...t, url: u.href, headers: given ? t.headers : [...t.headers, ['Authorization', basic]] };
}
