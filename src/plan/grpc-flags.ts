/**
 * GRPC_FLAGS are `loadgen grpc`'s flags: ghz's names, short forms and defaults, so a ghz command
 * line runs as it is (meanings in grpc-plan.ts; differences in the README).
 */
import type { FlagTable, FlagsOf } from './flag-schema.js';
import { RESULT_FLAG } from './output-flags.js';
import { RUN_OUTPUT_FLAGS } from './run-output-flags.js';
import { RANGE_FLAGS } from './range-flags.js';
import { SHARD_FLAGS } from './shard-flags.js';

/** GHZ_DEFAULTS are ghz's defaults for the flags whose meaning loadgen keeps. */
export const GHZ_DEFAULTS = { concurrency: 50, connections: 1, total: 200, timeout: '20s', connectTimeout: '10s' } as const;

export const GRPC_FLAGS = {
  host: { type: 'string', positional: true, demandOption: true, describe: 'server address HOST:PORT' },
  proto: { type: 'string', group: 'Schema:', describe: '.proto file (v2 = the bundled Open Inference Protocol service)' },
  protoset: { type: 'string', group: 'Schema:', describe: 'compiled FileDescriptorSet (protoc --descriptor_set_out --include_imports)' },
  'import-paths': { alias: 'i', type: 'string', group: 'Schema:', describe: 'comma-separated import paths' },
  call: { type: 'string', group: 'Schema:', describe: 'method: package.Service/Method or package.Service.Method' },
  data: { alias: 'd', type: 'string', group: 'Data:', describe: 'call data as JSON (an array is used round-robin); @ = stdin' },
  'data-file': { alias: 'D', type: 'string', group: 'Data:', describe: 'call data JSON file' },
  binary: { alias: 'b', type: 'boolean', group: 'Data:', describe: 'call data: serialized message(s) on stdin' },
  'binary-file': { alias: 'B', type: 'string', group: 'Data:', describe: 'call data: file of serialized message(s)' },
  metadata: { alias: 'm', type: 'string', group: 'Data:', describe: 'metadata as a JSON object of strings (-bin keys: base64)' },
  'metadata-file': { alias: 'M', type: 'string', group: 'Data:', describe: 'metadata JSON file' },
  concurrency: { alias: 'c', type: 'number', group: 'Load:', describe: `virtual users (closed loop), or the in-flight cap with --rps (default ${GHZ_DEFAULTS.concurrency})` },
  connections: { type: 'number', group: 'Load:', describe: 'HTTP/2 connections over all workers (default: one per worker)' },
  total: { alias: 'n', type: 'number', group: 'Load:', describe: `stop after this many calls (default ${GHZ_DEFAULTS.total}; ignored with -z)` },
  duration: { alias: 'z', type: 'string', group: 'Load:', describe: 'run for this long, e.g. 30s (then -n is ignored)' },
  'max-duration': { alias: 'x', type: 'string', group: 'Load:', describe: 'as -z (ghz behaves so too)' },
  rps: { alias: 'r', type: 'number', group: 'Load:', describe: 'open loop: calls per second, a true rate (ghz: a ceiling); -c caps the calls in flight' },
  'load-schedule': { type: 'string', group: 'Load:', describe: 'const (default), step or line' },
  'load-start': { type: 'number', group: 'Load:', describe: 'step/line: starting calls per second' },
  'load-end': { type: 'number', group: 'Load:', describe: 'step/line: rate to end at' },
  'load-step': { type: 'number', group: 'Load:', describe: 'step/line: change per step (line: per second)' },
  'load-step-duration': { type: 'string', group: 'Load:', describe: 'step: duration of each step' },
  'load-max-duration': { type: 'string', group: 'Load:', describe: 'step/line: stop changing the rate after this' },
  'concurrency-schedule': { type: 'string', group: 'Load:', describe: 'const (default), step or line: change the number of users over time' },
  'concurrency-start': { type: 'number', group: 'Load:', describe: 'step/line: users at the start' },
  'concurrency-end': { type: 'number', group: 'Load:', describe: 'step/line: users to end at' },
  'concurrency-step': { type: 'number', group: 'Load:', describe: 'step/line: users added (or removed) per step (line: per second); default 1' },
  'concurrency-step-duration': { type: 'string', group: 'Load:', describe: 'step: duration of each step' },
  'concurrency-max-duration': { type: 'string', group: 'Load:', describe: 'step/line: stop changing the users after this' },
  details: { type: 'boolean', group: 'Output:', describe: 'include per-call details in -O json/pretty (ghz always does; loadgen only when asked)' },
  'count-errors': { type: 'boolean', group: 'Output:', describe: 'include failed calls in fastest, slowest, histogram and percentiles' },
  skipFirst: { type: 'number', group: 'Load:', describe: 'leave the first N calls out of every statistic' },
  timeout: { alias: 't', type: 'string', group: 'Call:', describe: `per-call deadline (default ${GHZ_DEFAULTS.timeout}; 0 = none)` },
  'connect-timeout': { type: 'string', group: 'Call:', describe: `ghz's connection timeout, shown in ghz's reports as dial-timeout (default ${GHZ_DEFAULTS.connectTimeout})` },
  insecure: { type: 'boolean', group: 'Call:', describe: 'plaintext (no TLS)' },
  cacert: { type: 'string', group: 'Call:', describe: 'CA certificate file (PEM)' },
  cert: { type: 'string', group: 'Call:', describe: 'client certificate (PEM)' },
  key: { type: 'string', group: 'Call:', describe: 'client key (PEM)' },
  cname: { type: 'string', group: 'Call:', describe: 'server name to verify in the certificate' },
  skipTLS: { type: 'boolean', group: 'Call:', describe: 'do not verify the server certificate' },
  'max-recv-message-size': { type: 'string', group: 'Call:', describe: 'largest response message, e.g. 64MiB' },
  'max-send-message-size': { type: 'string', group: 'Call:', describe: 'largest request message' },
  'enable-compression': { alias: 'e', type: 'boolean', group: 'Call:', describe: 'gzip the request messages (compressed once, before the run)' },
  'stream-interval': { type: 'string', group: 'Call:', describe: 'client and bidi streams: wait this long between messages' },
  'stream-call-duration': { type: 'string', group: 'Call:', describe: 'end each stream after this long (client/bidi: close sending; server: cancel, Canceled)' },
  'stream-call-count': { type: 'number', group: 'Call:', describe: 'client/bidi: send N messages, cycling through the data array; server: cancel after N replies' },
  'stream-dynamic-messages': { type: 'boolean', group: 'Call:', hidden: true },
  'grpc-client': { type: 'string', group: 'Call:', describe: 'h2 (default: loadgen\'s lean HTTP/2 client) or grpc-js (@grpc/grpc-js, unary)' },
  workers: { type: 'number', group: 'Load:', describe: 'worker threads (default: one per core)' },
  grace: { type: 'string', group: 'Load:', describe: 'on Ctrl-C/SIGTERM, wait this long for calls in flight (default 5s)' },
  name: { type: 'string', group: 'Output:', describe: 'test name' },
  tags: { type: 'string', group: 'Output:', describe: 'JSON object of string tags for the report' },
  format: { alias: 'O', type: 'string', group: 'Output:', describe: 'ghz: summary (default), json, pretty, csv; loadgen: text, lg-json (adds CO-corrected latency, dropped)' },
  output: { alias: 'o', type: 'string', group: 'Output:', describe: 'write the report to FILE (default stdout)' },
  ...SHARD_FLAGS,
  ...RESULT_FLAG,
  ...RANGE_FLAGS,
  ...RUN_OUTPUT_FLAGS,
} as const satisfies FlagTable;

/** GrpcFlags are `loadgen grpc`'s flags, as yargs parsed them (ghz's long names, camelCased). */
export type GrpcFlags = FlagsOf<typeof GRPC_FLAGS>;
