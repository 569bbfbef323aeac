/**
 * WATCH_FLAGS are how a run is watched while it goes, on every load command: the live panel on a
 * terminal (a log line every --log-every otherwise, none with --quiet), a Prometheus scrape
 * endpoint and k6-compatible Prometheus remote write. watchPlan checks them before any load.
 */
import { UsageError } from '../core/errors.js';
import { parseDuration, type Nanos } from '../core/units.js';
import { asList, type FlagTable, type FlagsOf } from './flag-schema.js';
import type { WatchPlan } from './plan.js';

/** DEFAULT_LOG_EVERY_NS, DEFAULT_RW_INTERVAL_NS (k6's 5 s) and DEFAULT_PROMETHEUS_HOST are the defaults when the flags are not given. */
export const DEFAULT_LOG_EVERY_NS = 10e9 as Nanos;
export const DEFAULT_RW_INTERVAL_NS = 5e9 as Nanos;
export const DEFAULT_PROMETHEUS_HOST = '127.0.0.1';

export const WATCH_FLAGS = {
  quiet: { type: 'boolean', group: 'Watch:', describe: 'no live panel and no progress log lines' },
  'log-every': { type: 'string', group: 'Watch:', describe: 'off a terminal, a progress line on stderr this often (default 10s)' },
  'prometheus-addr': { type: 'string', group: 'Watch:', describe: 'serve live metrics on http://[HOST]:PORT/metrics during the run, e.g. :9464 (host default 127.0.0.1)' },
  'prometheus-linger': { type: 'string', group: 'Watch:', describe: 'keep /metrics up this long after the run, for a last scrape (default 0)' },
  'prometheus-rw': { type: 'string', group: 'Watch:', describe: "Prometheus remote-write URL, e.g. http://127.0.0.1:9090/api/v1/write; k6's metric names (k6_http_reqs_total, ...)" },
  'prometheus-rw-interval': { type: 'string', group: 'Watch:', describe: 'remote-write push interval (default 5s, as k6), plus a final push' },
  'prometheus-tag': { type: 'string', repeatable: true, group: 'Watch:', describe: 'label k=v on every remote-written series, repeatable (e.g. testid=run-42)' },
} as const satisfies FlagTable;

export function watchPlan(f: FlagsOf<typeof WATCH_FLAGS>): WatchPlan {
  // Every value is checked, even one whose main flag is missing, so a typo never passes silently.
  const lingerNs = f.prometheusLinger === undefined ? (0 as Nanos) : nonNegative(f.prometheusLinger, '--prometheus-linger');
  const intervalNs = f.prometheusRwInterval === undefined ? DEFAULT_RW_INTERVAL_NS : positive(f.prometheusRwInterval, '--prometheus-rw-interval');
  const tags = parseTags(asList(f.prometheusTag));
  return {
    quiet: f.quiet === true,
    logEveryNs: f.logEvery === undefined ? DEFAULT_LOG_EVERY_NS : positive(f.logEvery, '--log-every'),
    prometheus: f.prometheusAddr === undefined ? null : { ...parseAddr(f.prometheusAddr), lingerNs },
    remoteWrite: f.prometheusRw === undefined ? null : { url: parseRwUrl(f.prometheusRw), intervalNs, tags },
  };
}

/** parseAddr reads `[HOST]:PORT` (`:9464`, `0.0.0.0:9464`, `[::1]:9464`). */
export function parseAddr(text: string): { host: string; port: number } {
  const m = /^(.*):(\d{1,5})$/.exec(text.trim());
  const port = m === null ? NaN : Number(m[2]);
  if (m === null || port > 65535) throw new UsageError(`--prometheus-addr: want [HOST]:PORT, e.g. :9464 or 127.0.0.1:9464 (got "${text}")`);
  const host = m[1].replace(/^\[(.*)\]$/, '$1');
  if (/[\s/]/.test(host)) throw new UsageError(`--prometheus-addr: bad host "${m[1]}" in "${text}"`);
  return { host: host === '' ? DEFAULT_PROMETHEUS_HOST : host, port };
}

function parseRwUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--prometheus-rw: not a URL: "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--prometheus-rw: want an http:// or https:// URL (got "${text}")`);
  return url.href;
}

function parseTags(items: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const item of items) {
    const m = /^([a-zA-Z_][a-zA-Z0-9_]*)=(.*)$/.exec(item);
    if (m === null) throw new UsageError(`--prometheus-tag: want NAME=VALUE with a Prometheus label name (got "${item}")`);
    tags[m[1]] = m[2];
  }
  return tags;
}

function positive(text: string, flag: string): Nanos {
  const v = parseDuration(text, flag);
  if (v <= 0) throw new UsageError(`${flag}: must be more than 0 (got "${text}")`);
  return v;
}

function nonNegative(text: string, flag: string): Nanos {
  const v = parseDuration(text, flag);
  if (v < 0) throw new UsageError(`${flag}: must not be negative (got "${text}")`);
  return v;
}
