/**
 * asList reads a repeatable flag: yargs gives a string for one use and an array for several.
 * (Declaring such flags as yargs arrays would make them swallow the positional arguments after them.)
 */
export function asList(value: unknown): string[] {
  return value === undefined ? [] : ([] as unknown[]).concat(value).map(String);
}

/**
 * The yargs definitions of the flags every load command shares (names and help only; meaning and
 * validation live in plan/load-options.ts). Flag names follow vegeta's where vegeta has one.
 */
import type { Argv } from 'yargs';
import { DEFAULT_WORKERS } from '../plan/load-options.js';
import { REPORT_TYPES } from '../reporters/report-spec.js';

export function withLoadFlags<T>(y: Argv<T>) {
  return y
    .option('rate', { type: 'string', group: 'Load:', describe: 'open loop: requests per period, e.g. 500, 500/1s, 10/m; 0 = unpaced (needs --max-in-flight)' })
    .option('vus', { type: 'number', group: 'Load:', describe: 'closed loop: N virtual users, each sending its next request when the previous one ends' })
    .option('max-in-flight', { type: 'number', group: 'Load:', describe: 'cap on outstanding requests; open-loop requests due above it are dropped and counted' })
    .option('duration', { alias: 'd', type: 'string', group: 'Load:', describe: 'stop after this long, e.g. 30s, 5m (0 = until Ctrl-C)' })
    .option('iterations', { alias: 'n', type: 'number', group: 'Load:', describe: 'stop after this many requests (0 = no limit)' })
    .option('workers', { type: 'number', group: 'Load:', describe: `worker threads (default: one per core, ${DEFAULT_WORKERS} here)` })
    .option('grace', { type: 'string', group: 'Load:', describe: 'on Ctrl-C/SIGTERM, wait this long for in-flight requests (default 5s)' })
    .option('connections', { type: 'number', group: 'HTTP:', describe: 'connections per origin over all workers (default: --vus in closed loop, as needed in open loop)' })
    .option('pipelining', { type: 'number', group: 'HTTP:', describe: 'requests in flight per HTTP/1.1 connection (default 1)' })
    .option('http-client', { type: 'string', group: 'HTTP:', describe: 'auto (default: lean HTTP/1.1 client for http://, undici for https and h2c) or undici' })
    .option('http2', { type: 'boolean', group: 'HTTP:', describe: 'use HTTP/2 when TLS negotiates it (default true; --no-http2 to disable)' })
    .option('h2c', { type: 'boolean', group: 'HTTP:', describe: 'HTTP/2 over cleartext (prior knowledge)' })
    .option('timeout', { type: 'string', group: 'HTTP:', describe: 'per-request timeout, body included (default 30s; 0 = none)' })
    .option('header', { alias: 'H', type: 'string', group: 'HTTP:', describe: 'request header "Name: value" (repeatable)' })
    .option('max-body', { type: 'string', group: 'HTTP:', describe: 'response bytes kept per response, e.g. 0, 64KiB, 10 MB (default -1: all); the rest is drained' })
    .option('insecure', { type: 'boolean', group: 'TLS:', describe: 'do not verify the server certificate' })
    .option('cert', { type: 'string', group: 'TLS:', describe: 'client certificate (PEM)' })
    .option('key', { type: 'string', group: 'TLS:', describe: 'client key (PEM; default: read from --cert)' })
    .option('root-certs', { type: 'string', group: 'TLS:', describe: 'comma-separated CA files (PEM) to trust instead of the system roots' })
    .option('name', { type: 'string', group: 'Output:', describe: 'run name (vegeta attack name; X-Vegeta-Attack header)' })
    .option('output', { alias: 'o', type: 'string', group: 'Output:', describe: 'stream per-request results to FILE (- = stdout) as vegeta JSON lines or CSV' })
    .option('output-format', { type: 'string', group: 'Output:', describe: 'results format: json (vegeta JSON lines, default) or csv' })
    .option('result', { type: 'string', group: 'Output:', describe: 'write the run record (the json report; `loadgen report` and `loadgen merge` read it) to FILE' })
    .option('report', {
      type: 'string',
      group: 'Output:',
      describe: `report TYPE[=FILE], repeatable: ${REPORT_TYPES.join(', ')} (default: text to stdout)`,
    });
}
