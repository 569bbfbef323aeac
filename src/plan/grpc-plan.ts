/**
 * buildGrpcPlan turns `loadgen grpc` flags (ghz's names and meanings) into a Plan. The method is
 * resolved and the call data validated and serialised here, once: static messages travel to the
 * workers as framed bytes. Templated data or metadata is rendered per call, in the workers.
 *
 * Load model, as ghz users expect it and as loadgen makes it honest:
 * - without --rps or a load schedule: a closed loop of -c virtual users (ghz's default);
 * - with --rps, or --load-schedule step|line: a true open loop at that rate (ghz only treats the
 *   rate as a ceiling), with -c capping the calls in flight; calls due above the cap are dropped.
 */
import { withK6Outputs } from './k6-output-flags.js';
import { redactHeaderNames, runOutputs } from './run-output-flags.js';
import { redactDeep, redactedNames } from '../core/redact.js';
import { checkCaFile, checkClientPair, pemFile } from './tls-material.js';
import { withShard } from './shard-flags.js';
import { gzipSync } from 'node:zlib';
import { frameMessage } from '../transports/grpc/grpc-wire.js';
import { buildCallData, readCallDataInput, type CallDataFlags } from '../grpc/call-data.js';
import { buildMetadata, GZIP_METADATA, type MetadataFlags } from '../grpc/metadata.js';
import { loadGrpcMethod, type LoadGrpcMethodOptions } from '../grpc/grpc-method.js';
import { TemplateCall, templateMethodInfo } from '../grpc/template.js';
import { DEFAULT_WORKERS, runMeta, wholeNumber, type LoadOptions } from './load-options.js';
import type { StepSchedule } from '../pacing/step-pacer.js';
import { DEFAULT_GRACE_NS, type GrpcCall, type GrpcStreamOptions, type GrpcTlsOptions, type LoadModel, type Plan, type StopRule } from './plan.js';
import { parseDuration, parseRate, parseSize, type Nanos } from '../core/units.js';
import { UsageError } from '../core/errors.js';
import { GHZ_DEFAULTS, type GrpcFlags } from './grpc-flags.js';
import { ghzFacts, ghzReports, parseTags } from './ghz-output.js';

/** grpcClient reads --grpc-client: h2 (default, loadgen's lean client) or grpc-js (unary only). */
export function grpcClient(text: string | undefined, streaming: boolean): 'h2' | 'grpc-js' {
  const client = text ?? 'h2';
  if (client !== 'h2' && client !== 'grpc-js') throw new UsageError(`--grpc-client: "${client}" is not a client; use h2 (default) or grpc-js`);
  if (client === 'grpc-js' && streaming) throw new UsageError('--grpc-client grpc-js sends unary calls; streaming methods use the default h2 client');
  return client;
}

export function buildGrpcPlan(f: GrpcFlags): Plan {
  const reports = ghzReports(f.format, f.output);
  const tags = parseTags(f.tags);
  if (f.call === undefined) throw new UsageError('--call is required: the method to call, e.g. --call helloworld.Greeter/SayHello');
  const schema: LoadGrpcMethodOptions = {
    proto: f.proto,
    protoset: f.protoset,
    importPaths: f.importPaths === undefined ? [] : f.importPaths.split(',').filter((p) => p !== ''),
    call: f.call,
  };
  const method = loadGrpcMethod(schema);
  // One call per stream, as ghz counts them: client and bidi streams send every message of the
  // data (an array is the stream's messages), server streams read replies until the trailers.
  const sendsStream = method.clientStreaming;
  const input = readCallDataInput(f);
  const data = buildCallData(input, method);
  const metadata = buildMetadata(f, templateMethodInfo(method));
  const maxSend = f.maxSendMessageSize === undefined ? Infinity : parseSize(f.maxSendMessageSize, '--max-send-message-size');
  const calls = staticCalls(method.path, data, metadata, maxSend, f.name, f.enableCompression === true, sendsStream);
  const concurrency = wholeNumber(f.concurrency ?? GHZ_DEFAULTS.concurrency, '-c/--concurrency', 1);
  const connections = wholeNumber(f.connections ?? Math.min(DEFAULT_WORKERS, concurrency), '--connections', 1);
  if (connections > concurrency) throw new UsageError(`--connections (${connections}) must not exceed -c/--concurrency (${concurrency}), as in ghz`);
  const durationNs = f.duration !== undefined ? parseDuration(f.duration, '-z/--duration') : f.maxDuration !== undefined ? parseDuration(f.maxDuration, '-x/--max-duration') : (0 as Nanos);
  const iterations = durationNs > 0 ? 0 : wholeNumber(f.total ?? GHZ_DEFAULTS.total, '-n/--total', 1);
  const skipFirst = wholeNumber(f.skipFirst ?? 0, '--skipFirst', 0);
  if (iterations > 0 && skipFirst > iterations) throw new UsageError(`--skipFirst (${skipFirst}) must not exceed -n/--total (${iterations})`);
  const load = loadModel(f, concurrency);
  const options = runOptions(f, load, { durationNs, iterations }, connections);
  const dynamic = data.dynamic || metadata?.dynamic === true;
  const plan: Plan = {
    meta: runMeta('grpc', f.name, `${f.host} ${method.path.slice(1)}`, options, 'grpc'),
    ...options,
    source: {
      kind: 'grpc',
      authority: `${f.insecure ? 'http' : 'https'}://${checkHost(f.host)}`,
      tls: f.insecure ? null : tlsOptions(f),
      calls,
      client: grpcClient(f.grpcClient, method.clientStreaming || method.serverStreaming),
      maxRecvBytes: f.maxRecvMessageSize === undefined ? 2 ** 31 - 1 : parseSize(f.maxRecvMessageSize, '--max-recv-message-size'),
      dynamic: dynamic
        ? { schema, data: input, metadata: { metadata: f.metadata, metadataFile: f.metadataFile }, name: f.name ?? '', gzip: f.enableCompression === true, sendsStream }
        : null,
      stream: streamOptions(f, method.clientStreaming, method.serverStreaming),
    },
    vegetaHeaders: false,
    skipFirst,
    readiness: null,
    warmUp: null,
    reports,
    ...runOutputs(f),
    ghz: ghzFacts(f, tags, {
      load,
      concurrency,
      connections,
      durationNs,
      iterations,
      timeoutNs: options.http.timeoutNs,
      dialTimeoutNs: parseDuration(f.connectTimeout ?? GHZ_DEFAULTS.connectTimeout, '--connect-timeout'),
      skipFirst,
      importPaths: schema.importPaths ?? [],
      data: data.reportData,
      binary: data.binary,
      // ghz's reports and the record show the metadata; its secrets stay out (core/redact.ts).
      metadata: metadata?.reportMetadata === undefined ? undefined : (redactDeep(metadata.reportMetadata, redactedNames(redactHeaderNames(f.redactHeader))) as Record<string, string>),
    }),
  };
  return withShard(withK6Outputs(plan, f), f);
}

/** runOptions are the load options shared with the HTTP commands, with ghz's -t and one h2 connection per worker. */
function runOptions(f: GrpcFlags, load: LoadModel, stop: StopRule, connections: number): LoadOptions {
  return {
    load,
    stop,
    workers: wholeNumber(f.workers ?? DEFAULT_WORKERS, '--workers', 1),
    http: {
      connections,
      pipelining: 1,
      http2: true,
      h2c: false,
      client: 'auto',
      timeoutNs: parseDuration(f.timeout ?? GHZ_DEFAULTS.timeout, '-t/--timeout'),
      maxBody: -1,
      tls: { insecure: false, cert: null, key: null, ca: null },
    },
    output: null,
    graceNs: f.grace === undefined ? DEFAULT_GRACE_NS : parseDuration(f.grace, '--grace'),
  };
}

/**
 * streamOptions reads ghz's --stream-* flags; null when none is set. They only mean something for
 * streaming methods, so on a unary one they are an error rather than silently ignored.
 */
function streamOptions(f: GrpcFlags, clientStreaming: boolean, serverStreaming: boolean): GrpcStreamOptions | null {
  if (f.streamDynamicMessages === true) {
    throw new UsageError('--stream-dynamic-messages is not supported: templated stream messages are rendered once per call, not once per message');
  }
  const intervalNs = f.streamInterval === undefined ? (0 as Nanos) : parseDuration(f.streamInterval, '--stream-interval');
  const callDurationNs = f.streamCallDuration === undefined ? (0 as Nanos) : parseDuration(f.streamCallDuration, '--stream-call-duration');
  const callCount = f.streamCallCount === undefined ? 0 : wholeNumber(f.streamCallCount, '--stream-call-count', 0);
  if (intervalNs === 0 && callDurationNs === 0 && callCount === 0) return null;
  if (!clientStreaming && !serverStreaming) throw new UsageError('--stream-interval, --stream-call-duration and --stream-call-count apply to streaming methods; this method is unary');
  if (!clientStreaming && intervalNs > 0) throw new UsageError('--stream-interval paces the messages a client or bidi stream sends; this method only streams replies');
  return { sends: clientStreaming, intervalNs, callDurationNs, callCount };
}

/** loadModel maps ghz's rate flags to loadgen's load model (see the file comment). */
function loadModel(f: GrpcFlags, concurrency: number): LoadModel {
  const schedule = f.loadSchedule ?? 'const';
  const users = concurrencySchedule(f);
  if (users !== null) {
    if (schedule !== 'const' || (f.rps ?? 0) > 0) throw new UsageError('--concurrency-schedule step|line goes without --rps and --load-schedule');
    return { kind: 'closed', vus: Math.max(users.startHz, users.endHz, 1), vusSchedule: users };
  }
  if (schedule === 'const') {
    if (f.rps === undefined || f.rps === 0) return { kind: 'closed', vus: concurrency };
    if (!(f.rps > 0)) throw new UsageError(`--rps: ${f.rps} must be a positive number of calls per second`);
    return { kind: 'open', rate: parseRate(String(f.rps), '--rps'), maxInFlight: concurrency };
  }
  if (schedule !== 'step' && schedule !== 'line') throw new UsageError(`--load-schedule: "${schedule}" is not a schedule; use const, step or line`);
  const start = f.loadStart ?? 0;
  const end = f.loadEnd ?? 0;
  const step = f.loadStep ?? 0;
  if (!(start > 0)) throw new UsageError(`--load-schedule ${schedule} needs --load-start > 0 (the starting calls per second)`);
  if (step === 0) throw new UsageError(`--load-schedule ${schedule} needs a non-zero --load-step`);
  if (end !== 0 && end === start) throw new UsageError('--load-end must differ from --load-start');
  const stepNs = schedule === 'line' ? 1e9 : f.loadStepDuration === undefined ? 0 : parseDuration(f.loadStepDuration, '--load-step-duration');
  if (!(stepNs > 0)) throw new UsageError('--load-schedule step needs --load-step-duration, e.g. 5s');
  const maxDurationNs = f.loadMaxDuration === undefined ? 0 : parseDuration(f.loadMaxDuration, '--load-max-duration');
  return { kind: 'schedule', schedule: { startHz: start, stepHz: step, stepNs, endHz: end, maxDurationNs }, maxInFlight: concurrency };
}

/**
 * concurrencySchedule reads ghz's --concurrency-schedule step|line (users instead of calls per
 * second, same rules as the load schedule); null for const.
 */
function concurrencySchedule(f: GrpcFlags): StepSchedule | null {
  const schedule = f.concurrencySchedule ?? 'const';
  if (schedule === 'const') return null;
  if (schedule !== 'step' && schedule !== 'line') throw new UsageError(`--concurrency-schedule: "${schedule}" is not a schedule; use const, step or line`);
  const start = f.concurrencyStart ?? 0;
  const end = f.concurrencyEnd ?? 0;
  const step = f.concurrencyStep ?? 1;
  if (!(start > 0)) throw new UsageError(`--concurrency-schedule ${schedule} needs --concurrency-start > 0`);
  if (step === 0) throw new UsageError('--concurrency-step must not be 0');
  if (end !== 0 && end === start) throw new UsageError('--concurrency-end must differ from --concurrency-start');
  const stepNs = schedule === 'line' ? 1e9 : f.concurrencyStepDuration === undefined ? 0 : parseDuration(f.concurrencyStepDuration, '--concurrency-step-duration');
  if (!(stepNs > 0)) throw new UsageError('--concurrency-schedule step needs --concurrency-step-duration, e.g. 5s');
  const maxDurationNs = f.concurrencyMaxDuration === undefined ? 0 : parseDuration(f.concurrencyMaxDuration, '--concurrency-max-duration');
  return { startHz: start, stepHz: step, stepNs, endHz: end, maxDurationNs };
}

/**
 * staticCalls serialises and frames every message of the call data once (the round-robin list),
 * with the metadata rendered once; templated calls are rendered by the workers instead.
 */
function staticCalls(
  path: string,
  data: ReturnType<typeof buildCallData>,
  metadata: ReturnType<typeof buildMetadata>,
  maxSend: number,
  name: string | undefined,
  gzip: boolean,
  sendsStream: boolean,
): GrpcCall[] {
  const call = new TemplateCall(0, name === undefined ? 'g0c0' : `${name}:g0c0`);
  const entries = metadata === null ? [] : metadata.entriesFor(call).map(([k, v]) => [k, typeof v === 'string' ? v : v.toString('base64')] as const);
  const frames = (messages: Buffer[]) =>
    Buffer.concat(
      messages.map((message) => {
        if (message.length > maxSend) throw new UsageError(`the request message is ${message.length} bytes, over --max-send-message-size ${maxSend}`);
        // With --enable-compression the message is gzipped once, here, and flagged in its frame.
        return gzip ? frameMessage(gzipSync(message), true) : frameMessage(message);
      }),
    );
  const meta = gzip ? [...entries, ...GZIP_METADATA] : entries;
  if (sendsStream) return [{ path, frame: frames(data.streamMessages(call)), metadata: meta }];
  const calls: GrpcCall[] = [];
  for (let i = 0; i < data.count; i++) calls.push({ path, frame: frames([data.messageFor(i, call.reset(i, call.workerId))]), metadata: meta });
  return calls;
}

/** tlsOptions reads ghz's --cacert, --cert and --key, checked as the HTTP commands' are (plan/tls-material.ts). */
function tlsOptions(f: GrpcFlags): GrpcTlsOptions {
  const read = (path: string | undefined, flag: string) => (path === undefined ? null : pemFile(path, flag));
  const ca = read(f.cacert, '--cacert');
  const cert = read(f.cert, '--cert');
  const key = read(f.key, '--key');
  if (ca !== null) checkCaFile(ca);
  if (key !== null && cert === null) throw new UsageError('--key needs --cert (the client certificate it belongs to)');
  if (cert !== null) checkClientPair(cert, key, '--key');
  return {
    skipVerify: f.skipTLS ?? false,
    ca: ca?.pem ?? null,
    cert: cert?.pem ?? null,
    key: (key ?? cert)?.pem ?? null,
    serverName: f.cname ?? null,
  };
}

function checkHost(host: string): string {
  if (!/^[^\s/:]+:\d+$|^\[[0-9a-fA-F:]+\]:\d+$/.test(host)) {
    throw new UsageError(`"${host}" is not a gRPC server address; give HOST:PORT, e.g. 127.0.0.1:50051`);
  }
  return host;
}
