/** SERVE_FLAGS are `loadgen serve`'s flags: where the reference server listens and what it injects. */
import type { FlagTable, FlagsOf } from '../plan/flag-schema.js';

export const SERVE_FLAGS = {
  host: { type: 'string', describe: 'address to listen on (default 127.0.0.1)' },
  port: { type: 'number', describe: 'port (default 8000; 0 = any)' },
  latency: { type: 'string', describe: 'latency before each inference answer: 10ms, uniform:5ms-15ms, normal:10ms,2ms, exp:5ms' },
  capacity: { type: 'string', describe: 'at most N inference answers per second (N, N/s, N/1m); beyond it answers queue, so latency grows past capacity (REST, and gRPC ModelInfer with --grpc-port: each its own limit)' },
  fault: {
    type: 'string',
    repeatable: true,
    describe:
      'inject an HTTP fault (repeatable): status:CODE[@SHARE], reset, stall, trickle:EVERY, huge:SIZE (each [@SHARE]), close-after:N, refuse; with --h2c also goaway[:CODE], rst-stream[:CODE] (each [@SHARE]; CODE an HTTP/2 error such as REFUSED_STREAM); change at run time with POST /_loadgen/faults',
  },
  h2c: { type: 'boolean', describe: 'serve HTTP/2 over cleartext (prior knowledge) on --port instead of HTTP/1.1 (attack with --h2c); enables the goaway and rst-stream faults; with --llm too' },
  'error-rate': { type: 'number', describe: 'share of inference requests answered with --error-status (0..1)' },
  'error-status': { type: 'number', describe: 'status code of injected errors (default 500)' },
  'grpc-error-code': { type: 'string', describe: 'gRPC status of injected errors (--error-rate) on --grpc-port: a name (Unavailable) or 1..16 (default Internal)' },
  'grpc-fault': {
    type: 'string',
    repeatable: true,
    describe:
      'inject a gRPC fault on --grpc-port (repeatable): status:CODE (a name such as Unavailable), stall, rst-stream[:CODE], goaway[:CODE] (each [@SHARE]; CODE of the last two an HTTP/2 error such as REFUSED_STREAM); change at run time with POST /_loadgen/grpc-faults on --port',
  },
  'grpc-port': { type: 'number', describe: 'also serve the V2 gRPC service and loadgen.echo.Echo on this port (0 = any)' },
  'model-instances': { type: 'boolean', describe: 'serve numbered instances (iris0, iris1, ...) of every model type, for --models' },
  'not-ready-for': { type: 'number', describe: 'answer not ready (503) for this many seconds after starting' },
  llm: { type: 'boolean', group: 'LLM (--llm):', describe: 'serve generative APIs instead: OpenAI /v1/chat/completions, /v1/completions, OIP /v2/models/M/generate[_stream]' },
  ttft: { type: 'string', group: 'LLM (--llm):', describe: 'time to first token, in --latency\'s forms: 200ms, normal:200ms,20ms, bimodal:50ms,400ms,0.5 (SHARE slow), ...' },
  itl: { type: 'string', group: 'LLM (--llm):', describe: 'delay between output tokens, same forms as --ttft' },
  'output-tokens': { type: 'number', group: 'LLM (--llm):', describe: 'output tokens when a request names no max_tokens (default 16)' },
  'sse-comments': { type: 'boolean', group: 'LLM (--llm):', describe: 'open every stream with a ": keep-alive" SSE comment' },
  'stall-rate': { type: 'number', group: 'LLM (--llm):', describe: 'share of streams that pause --stall half-way (0..1)' },
  stall: { type: 'string', group: 'LLM (--llm):', describe: 'how long a stalled stream pauses (default 1s)' },
  'stream-error-rate': { type: 'number', group: 'LLM (--llm):', describe: 'share of streams that send an error event half-way and end (0..1)' },
  'close-rate': { type: 'number', group: 'LLM (--llm):', describe: 'share of streams whose connection is cut half-way (0..1)' },
  usage: { type: 'boolean', group: 'LLM (--llm):', describe: 'report token counts (OpenAI usage; default true; --no-usage omits them, as servers that ignore stream_options do)' },
  'token-text': { type: 'string', group: 'LLM (--llm):', describe: "every output token's text (default: short words, one BPE token each); e.g. ' loadgen', two cl100k tokens, makes client counts differ from usage" },
  seed: { type: 'number', group: 'LLM (--llm):', describe: 'seed the delays and faults (reproducible runs)' },
} as const satisfies FlagTable;

export type ServeFlags = FlagsOf<typeof SERVE_FLAGS>;
