/**
 * The yargs definitions of `loadgen grpc`'s flags: ghz's names, short forms and defaults, so a
 * ghz command line runs as it is (meanings in plan/grpc-plan.ts; differences in the README).
 */
import type { Argv } from 'yargs';
import { GHZ_DEFAULTS } from '../plan/grpc-plan.js';

export function withGrpcFlags<T>(y: Argv<T>) {
  return y
    .positional('host', { type: 'string', describe: 'server address HOST:PORT' })
    .option('proto', { type: 'string', group: 'Schema:', describe: '.proto file (v2 = the bundled Open Inference Protocol service)' })
    .option('protoset', { type: 'string', group: 'Schema:', describe: 'compiled FileDescriptorSet (protoc --descriptor_set_out --include_imports)' })
    .option('import-paths', { alias: 'i', type: 'string', group: 'Schema:', describe: 'comma-separated import paths' })
    .option('call', { type: 'string', group: 'Schema:', describe: 'method: package.Service/Method or package.Service.Method' })
    .option('data', { alias: 'd', type: 'string', group: 'Data:', describe: 'call data as JSON (an array is used round-robin); @ = stdin' })
    .option('data-file', { alias: 'D', type: 'string', group: 'Data:', describe: 'call data JSON file' })
    .option('binary', { alias: 'b', type: 'boolean', group: 'Data:', describe: 'call data: serialized message(s) on stdin' })
    .option('binary-file', { alias: 'B', type: 'string', group: 'Data:', describe: 'call data: file of serialized message(s)' })
    .option('metadata', { alias: 'm', type: 'string', group: 'Data:', describe: 'metadata as a JSON object of strings (-bin keys: base64)' })
    .option('metadata-file', { alias: 'M', type: 'string', group: 'Data:', describe: 'metadata JSON file' })
    .option('concurrency', { alias: 'c', type: 'number', group: 'Load:', describe: `virtual users (closed loop), or the in-flight cap with --rps (default ${GHZ_DEFAULTS.concurrency})` })
    .option('connections', { type: 'number', group: 'Load:', describe: 'HTTP/2 connections over all workers (default: one per worker)' })
    .option('total', { alias: 'n', type: 'number', group: 'Load:', describe: `stop after this many calls (default ${GHZ_DEFAULTS.total}; ignored with -z)` })
    .option('duration', { alias: 'z', type: 'string', group: 'Load:', describe: 'run for this long, e.g. 30s (then -n is ignored)' })
    .option('max-duration', { alias: 'x', type: 'string', group: 'Load:', describe: 'as -z (ghz behaves so too)' })
    .option('rps', { alias: 'r', type: 'number', group: 'Load:', describe: 'open loop: calls per second, a true rate (ghz: a ceiling); -c caps the calls in flight' })
    .option('load-schedule', { type: 'string', group: 'Load:', describe: 'const (default), step or line' })
    .option('load-start', { type: 'number', group: 'Load:', describe: 'step/line: starting calls per second' })
    .option('load-end', { type: 'number', group: 'Load:', describe: 'step/line: rate to end at' })
    .option('load-step', { type: 'number', group: 'Load:', describe: 'step/line: change per step (line: per second)' })
    .option('load-step-duration', { type: 'string', group: 'Load:', describe: 'step: duration of each step' })
    .option('load-max-duration', { type: 'string', group: 'Load:', describe: 'step/line: stop changing the rate after this' })
    .option('concurrency-schedule', { type: 'string', group: 'Load:', describe: 'const (default), step or line: change the number of users over time' })
    .option('concurrency-start', { type: 'number', group: 'Load:', describe: 'step/line: users at the start' })
    .option('concurrency-end', { type: 'number', group: 'Load:', describe: 'step/line: users to end at' })
    .option('concurrency-step', { type: 'number', group: 'Load:', describe: 'step/line: users added (or removed) per step (line: per second); default 1' })
    .option('concurrency-step-duration', { type: 'string', group: 'Load:', describe: 'step: duration of each step' })
    .option('concurrency-max-duration', { type: 'string', group: 'Load:', describe: 'step/line: stop changing the users after this' })
    .option('details', { type: 'boolean', group: 'Output:', describe: 'include per-call details in -O json/pretty (ghz always does; loadgen only when asked)' })
    .option('count-errors', { type: 'boolean', group: 'Output:', describe: 'include failed calls in fastest, slowest, histogram and percentiles' })
    .option('skipFirst', { type: 'number', group: 'Load:', describe: 'leave the first N calls out of every statistic' })
    .option('timeout', { alias: 't', type: 'string', group: 'Call:', describe: `per-call deadline (default ${GHZ_DEFAULTS.timeout}; 0 = none)` })
    .option('insecure', { type: 'boolean', group: 'Call:', describe: 'plaintext (no TLS)' })
    .option('cacert', { type: 'string', group: 'Call:', describe: 'CA certificate file (PEM)' })
    .option('cert', { type: 'string', group: 'Call:', describe: 'client certificate (PEM)' })
    .option('key', { type: 'string', group: 'Call:', describe: 'client key (PEM)' })
    .option('cname', { type: 'string', group: 'Call:', describe: 'server name to verify in the certificate' })
    .option('skipTLS', { type: 'boolean', group: 'Call:', describe: 'do not verify the server certificate' })
    .option('max-recv-message-size', { type: 'string', group: 'Call:', describe: 'largest response message, e.g. 64MiB' })
    .option('max-send-message-size', { type: 'string', group: 'Call:', describe: 'largest request message' })
    .option('enable-compression', { alias: 'e', type: 'boolean', group: 'Call:', describe: 'gzip the request messages (compressed once, before the run)' })
    .option('grpc-client', { type: 'string', group: 'Call:', describe: 'h2 (default: loadgen\'s lean node:http2 client) or grpc-js (@grpc/grpc-js, unary)' })
    .option('workers', { type: 'number', group: 'Load:', describe: 'worker threads (default: one per core)' })
    .option('grace', { type: 'string', group: 'Load:', describe: 'on Ctrl-C/SIGTERM, wait this long for calls in flight (default 5s)' })
    .option('name', { type: 'string', group: 'Output:', describe: 'test name' })
    .option('tags', { type: 'string', group: 'Output:', describe: 'JSON object of string tags for the report' })
    .option('format', { alias: 'O', type: 'string', group: 'Output:', describe: 'ghz: summary (default), json, pretty, csv; loadgen: text, lg-json (adds CO-corrected latency, dropped)' })
    .option('output', { alias: 'o', type: 'string', group: 'Output:', describe: 'write the report to FILE (default stdout)' });
}
