/**
 * LOAD_FLAGS are the flags every HTTP load command shares (attack, infer, demo): load model, HTTP
 * and TLS. Names and help only; meaning and validation live in load-options.ts. Flag names follow
 * vegeta's where vegeta has one.
 */
import type { FlagTable, FlagsOf } from './flag-schema.js';
import { DEFAULT_WORKERS } from './load-options.js';
import { OUTPUT_FLAGS } from './output-flags.js';
import { SHARD_FLAGS } from './shard-flags.js';

export const LOAD_FLAGS = {
  rate: { type: 'string', group: 'Load:', describe: 'open loop: requests per period, e.g. 500, 500/1s, 10/m; 0 = unpaced (needs --max-in-flight)' },
  vus: { type: 'number', group: 'Load:', describe: 'closed loop: N virtual users, each sending its next request when the previous one ends' },
  'max-in-flight': { type: 'number', group: 'Load:', describe: 'cap on outstanding requests; open-loop requests due above it are dropped and counted' },
  duration: { alias: 'd', type: 'string', group: 'Load:', describe: 'stop after this long, e.g. 30s, 5m (0 = until Ctrl-C)' },
  iterations: { alias: 'n', type: 'number', group: 'Load:', describe: 'stop after this many requests (0 = no limit)' },
  workers: { type: 'number', group: 'Load:', describe: `worker threads (default: one per core, ${DEFAULT_WORKERS} here)` },
  grace: { type: 'string', group: 'Load:', describe: 'on Ctrl-C/SIGTERM, wait this long for in-flight requests (default 5s)' },
  connections: { type: 'number', group: 'HTTP:', describe: 'connections per origin over all workers (default: --vus in closed loop, as needed in open loop)' },
  pipelining: { type: 'number', group: 'HTTP:', describe: 'requests in flight per HTTP/1.1 connection (default 1)' },
  'http-client': { type: 'string', group: 'HTTP:', describe: 'auto (default: lean HTTP/1.1 client for http://, undici for https and h2c) or undici' },
  http2: { type: 'boolean', group: 'HTTP:', describe: 'use HTTP/2 when TLS negotiates it (default true; --no-http2 to disable)' },
  h2c: { type: 'boolean', group: 'HTTP:', describe: 'HTTP/2 over cleartext (prior knowledge)' },
  timeout: { type: 'string', group: 'HTTP:', describe: 'per-request timeout, body included (default 30s; 0 = none)' },
  header: { alias: 'H', type: 'string', repeatable: true, group: 'HTTP:', describe: 'request header "Name: value" (repeatable)' },
  'max-body': { type: 'string', group: 'HTTP:', describe: 'response bytes kept per response, e.g. 0, 64KiB, 10 MB (default -1: all); the rest is drained. Results files keep this much of each body (default: none)' },
  insecure: { type: 'boolean', group: 'TLS:', describe: 'do not verify the server certificate' },
  cert: { type: 'string', group: 'TLS:', describe: 'client certificate (PEM)' },
  key: { type: 'string', group: 'TLS:', describe: 'client key (PEM; default: read from --cert)' },
  'root-certs': { type: 'string', group: 'TLS:', describe: 'comma-separated CA files (PEM) to trust instead of the system roots' },
  ...SHARD_FLAGS,
  ...OUTPUT_FLAGS,
} as const satisfies FlagTable;

/** LoadFlags are the load, HTTP, TLS and output flags as typed on the command line. */
export type LoadFlags = FlagsOf<typeof LOAD_FLAGS>;
