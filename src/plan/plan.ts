/**
 * Plan is a run, parsed and validated once from flags and files: a typed, serialisable value that
 * the engine executes and never re-reads argv. It holds everything the run needs: the load and
 * requests, the steps before load (readiness, warm-up), and where the results and reports go.
 * It crosses to the worker threads by structured clone, so it holds only plain data (Buffers
 * arrive in workers as Uint8Arrays); `--dry-run` prints it as JSON (plan-json.ts).
 */
import type { Slo } from '../core/slo.js';
import type { PreparedHttpRequest } from '../protocols/prepared-request.js';
import type { Nanos, Rate } from '../core/units.js';
import type { RunMeta, Segment } from '../core/run-result.js';
import type { ResponseCheck } from '../protocols/checks/response-check.js';
import type { StepSchedule } from '../pacing/step-pacer.js';
import type { CallDataInput } from '../grpc/call-data.js';
import type { LoadGrpcMethodOptions } from '../grpc/grpc-method.js';
import type { MetadataFlags } from '../grpc/metadata.js';
import type { ReportSpec } from '../reporters/report-spec.js';
import type { GhzReportSpec } from '../reporters/ghz-formats.js';
import type { GhzRunOptions } from '../reporters/ghz-report-input.js';
import type { RangePlan } from './range-plan.js';
import type { FindMaxPlan } from './find-max-plan.js';
import type { LlmPlan } from './generate-plan.js';

/** DEFAULT_TIMEOUT_NS is the per-request timeout (vegeta's and k6's 30 s). */
export const DEFAULT_TIMEOUT_NS = 30e9 as Nanos;
/** DEFAULT_GRACE_NS is how long a stopped run waits for in-flight requests before cancelling them. */
export const DEFAULT_GRACE_NS = 5e9 as Nanos;

/** LoadModel is how requests are issued: on a schedule (open) or by virtual users (closed). */
export type LoadModel =
  | {
      readonly kind: 'open';
      readonly rate: Rate;
      /** maxInFlight caps outstanding requests over all workers; 0 = no cap. */
      readonly maxInFlight: number;
      /**
       * arrivals, when set, replaces the constant schedule: random arrivals at the rate's mean,
       * seeded (generate --arrivals, --burstiness): Poisson, or Gamma-shaped gaps of that burstiness.
       */
      readonly arrivals?: { readonly kind: 'poisson'; readonly seed: number } | { readonly kind: 'gamma'; readonly seed: number; readonly burstiness: number };
    }
  | {
      readonly kind: 'closed';
      /** vus is the number of virtual users, each with one request outstanding at a time. */
      readonly vus: number;
      /** vusSchedule, when set, changes the number of users over time (ghz --concurrency-schedule). */
      readonly vusSchedule?: StepSchedule | null;
    }
  | {
      /** schedule: open loop at a stepped rate (ghz's --load-schedule step|line). */
      readonly kind: 'schedule';
      readonly schedule: StepSchedule;
      readonly maxInFlight: number;
    };

/** StopRule ends a run at whichever limit comes first; 0 means no limit (until a signal). */
export interface StopRule {
  readonly durationNs: Nanos;
  readonly iterations: number;
}

/** TlsOptions are the client TLS settings, with PEM contents read at plan time. */
export interface TlsOptions {
  readonly insecure: boolean;
  readonly cert: string | null;
  readonly key: string | null;
  readonly ca: readonly string[] | null;
}

/** HttpOptions configure the HTTP transport of every worker. */
export interface HttpOptions {
  /** connections caps connections per origin over all workers; 0 = opened as needed. */
  readonly connections: number;
  /** pipelining is the number of requests in flight per HTTP/1.1 connection (1 = none). */
  readonly pipelining: number;
  /** http2 allows HTTP/2 when TLS negotiates it with ALPN. */
  readonly http2: boolean;
  /** h2c speaks HTTP/2 over cleartext with prior knowledge. */
  readonly h2c: boolean;
  /** timeoutNs bounds a whole request, body included; 0 = none. */
  readonly timeoutNs: Nanos;
  /**
   * client picks the HTTP/1.1 client for plain http://: auto = loadgen's lean one, undici =
   * undici's (HTTPS and h2c always use undici).
   */
  readonly client: 'auto' | 'undici';
  /** maxBody is how many response body bytes are kept per response; -1 = all. */
  readonly maxBody: number;
  readonly tls: TlsOptions;
}

/**
 * RequestSource says which request hit i sends: requests[i mod n] (round-robin), or, with lazy
 * targets, the i-th target read from the file (the run ends when the file does).
 */
export type RequestSource =
  | {
      readonly kind: 'list';
      readonly requests: readonly PreparedHttpRequest[];
    }
  | {
      readonly kind: 'lazy-targets';
      readonly path: string;
      readonly format: 'http' | 'json';
      readonly headers: ReadonlyArray<readonly [string, string]>;
      readonly bodyPath: string | null;
    }
  | GrpcSource
  | MixedSource;

/** ListSource is prepared HTTP requests used round-robin. */
export type ListSource = Extract<RequestSource, { kind: 'list' }>;

/**
 * MixedSource sends each hit over HTTP or gRPC by a repeating pattern (infer --mix http:1,grpc:1):
 * hit i uses pattern[i mod pattern.length], 0 for HTTP, 1 for gRPC.
 */
export interface MixedSource {
  readonly kind: 'mixed';
  readonly pattern: readonly number[];
  readonly http: ListSource;
  readonly grpc: GrpcSource;
}

/** GrpcCall is one prepared unary call: method path, framed request message, metadata. */
export interface GrpcCall {
  /** path is `/package.Service/Method`. */
  readonly path: string;
  /** frame is the serialised request message with its 5-byte gRPC prefix. */
  readonly frame: Uint8Array;
  /** metadata are the call's metadata pairs (`-bin` values base64, as on the wire). */
  readonly metadata: ReadonlyArray<readonly [string, string]>;
  /** check, when set, is what an OK answer must pass to count as a success (infer). */
  readonly check?: ResponseCheck | null;
}

/** GrpcSource is unary gRPC calls to one server, used round-robin by request number. */
export interface GrpcSource {
  readonly kind: 'grpc';
  /** authority is `http://host:port` for plaintext, `https://host:port` for TLS. */
  readonly authority: string;
  readonly tls: GrpcTlsOptions | null;
  readonly calls: readonly GrpcCall[];
  /** maxRecvBytes bounds a response message (ghz --max-recv-message-size). */
  readonly maxRecvBytes: number;
  /** client is the gRPC client kind: h2 (loadgen's lean one) or grpc-js. */
  readonly client: 'h2' | 'grpc-js';
  /** dynamic holds the raw inputs when data or metadata is templated: workers render each call. */
  readonly dynamic: GrpcTemplateInputs | null;
  /** stream shapes each call of a streaming method (ghz's --stream-* options); null = as is. */
  readonly stream: GrpcStreamOptions | null;
}

/**
 * GrpcStreamOptions are ghz's --stream-interval, --stream-call-duration and --stream-call-count.
 * Client and bidi streams send (cycling through the call's messages) until the count or duration
 * is reached, then close their side; server streams are cancelled after count replies or the
 * duration (Canceled, as ghz reports them).
 */
export interface GrpcStreamOptions {
  /** sends: the method streams requests (client or bidi); otherwise it only streams replies. */
  readonly sends: boolean;
  readonly intervalNs: Nanos;
  readonly callDurationNs: Nanos;
  /** callCount: messages sent (client, bidi) or replies read (server); 0 = no limit. */
  readonly callCount: number;
}

/** GrpcTemplateInputs are what a worker needs to rebuild templated call data and metadata. */
export interface GrpcTemplateInputs {
  readonly schema: LoadGrpcMethodOptions;
  readonly data: CallDataInput;
  readonly metadata: MetadataFlags;
  /** name is --name, the WorkerID prefix. */
  readonly name: string;
  /** gzip compresses each rendered message (--enable-compression). */
  readonly gzip: boolean;
  /** sendsStream sends every message of the data in each call (client and bidi streaming). */
  readonly sendsStream: boolean;
}

/** GrpcTlsOptions are ghz's TLS flags with the PEM files read at plan time. */
export interface GrpcTlsOptions {
  /** skipVerify is ghz's --skipTLS. */
  readonly skipVerify: boolean;
  readonly ca: string | null;
  readonly cert: string | null;
  readonly key: string | null;
  /** serverName overrides the name checked in the certificate (ghz --cname). */
  readonly serverName: string | null;
}

/**
 * ResultsOutput is the per-request results stream (vegeta's -output): vegeta JSON lines or CSV,
 * or k6's CSV (`--out csv=FILE`; gzipped when FILE ends in .gz).
 */
export interface ResultsOutput {
  readonly path: string;
  readonly format: 'json' | 'csv' | 'k6-csv';
  /**
   * bodyBytes is how many bytes of each response body a result line keeps: 0 unless --max-body
   * asks for more (-1 = all), so a results file does not grow by every body (the body field stays,
   * empty, as vegeta's readers expect). Absent = 0.
   */
  readonly bodyBytes?: number;
}

/** ReadyUrl is an HTTP endpoint that must answer 2xx before load, and the headers to send it. */
export interface ReadyUrl {
  readonly url: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

/** GrpcReadiness is V2 ServerLive, ServerReady and each model's ModelReady on the gRPC source's server. */
export interface GrpcReadiness {
  /** models are the names ModelReady asks for, each with the metadata of its calls (Seldon routing). */
  readonly models: ReadonlyArray<{ readonly name: string; readonly metadata: ReadonlyArray<readonly [string, string]> }>;
  /** metadata goes with the server checks: the first call's. */
  readonly metadata: ReadonlyArray<readonly [string, string]>;
}

/**
 * Readiness is infer's --wait-ready: every endpoint must say ready within timeoutNs, or the run
 * fails (exit 3) with no load sent. The endpoints come from the protocol's request builders.
 */
export interface Readiness {
  readonly timeoutNs: Nanos;
  readonly http: readonly ReadyUrl[];
  readonly grpc: GrpcReadiness | null;
}

/** WarmUp is infer's --warmup / --warmup-duration: per model, checked requests kept out of every statistic. */
export interface WarmUp {
  /** count is the requests per model (at least, with durationMs). */
  readonly count: number;
  readonly durationMs: number;
}

/** ServerMetricsPlan is --server-metrics: the model server's metrics endpoint, scraped before and after the load. */
export interface ServerMetricsPlan {
  readonly url: string;
  /** names are the --server-metric metrics whose change is shown too. */
  readonly names: readonly string[];
}

/** PlannedReport is one report the run writes: loadgen's and vegeta's (ReportSpec) or ghz's formats. */
export type PlannedReport = ReportSpec | GhzReportSpec;

/** GhzFacts are what ghz's reports show beyond the results: the command line's options and tags. */
export interface GhzFacts {
  readonly options: GhzRunOptions;
  readonly tags: Readonly<Record<string, string>>;
  readonly countErrors: boolean;
  /** timed says the run is bounded by -z (ghz's `timeout` end reason). */
  readonly timed: boolean;
  readonly details: boolean;
}

/** WatchPlan is how a run is watched while it goes: panel or log lines, a scrape endpoint, remote write. */
export interface WatchPlan {
  /** quiet turns the live panel and the log lines off. */
  readonly quiet: boolean;
  /** logEveryNs is how often a log line is written when stderr is not a terminal. */
  readonly logEveryNs: Nanos;
  /** prometheus serves /metrics on host:port during the run, lingerNs longer after it. */
  readonly prometheus: { readonly host: string; readonly port: number; readonly lingerNs: Nanos } | null;
  /** remoteWrite pushes k6-named series to url every intervalNs and once at the end. */
  readonly remoteWrite: { readonly url: string; readonly intervalNs: Nanos; readonly tags: Readonly<Record<string, string>> } | null;
}

/**
 * StartGate is when the load starts, so the shards of one test start together: at a wall-clock
 * time (--start-at), or once every shard has written its ready marker into a shared directory
 * (--start-barrier), bounded by timeoutNs. Elapsed zero is then that wall time on every shard.
 */
export type StartGate =
  | { readonly kind: 'at'; readonly unixMs: number }
  | { readonly kind: 'barrier'; readonly dir: string; readonly timeoutNs: Nanos };

/** Plan is one validated run. */
export interface Plan {
  readonly meta: RunMeta;
  readonly load: LoadModel;
  readonly stop: StopRule;
  readonly workers: number;
  readonly http: HttpOptions;
  readonly source: RequestSource;
  /** vegetaHeaders adds X-Vegeta-Seq (and X-Vegeta-Attack when named) to every request. */
  readonly vegetaHeaders: boolean;
  readonly graceNs: Nanos;
  /** skipFirst leaves the first N results (by sequence number) out of every statistic (ghz --skipFirst). */
  readonly skipFirst?: number;
  /** readiness, when set, is waited for before anything else is sent. */
  readonly readiness: Readiness | null;
  /** warmUp, when set, is sent after readiness and before the run. */
  readonly warmUp: WarmUp | null;
  /** output is the per-request results stream, written by the engine as the run goes. */
  readonly output: ResultsOutput | null;
  /** reports are written when the run ends, each to its file or to stdout. */
  readonly reports: readonly PlannedReport[];
  /** record is the file the run's complete result is saved to (--result FILE); null = none. */
  readonly record: string | null;
  /** slos are the objectives the run is judged on when it ends (and, for abortOnFail ones, as it goes). */
  readonly slos: readonly Slo[];
  /** watch is the live view and the Prometheus outputs of the run. */
  readonly watch: WatchPlan;
  /** ghz is what ghz's report formats need (grpc); null for other commands. */
  readonly ghz: GhzFacts | null;
  /**
   * redactHeaders are the header and gRPC metadata names (lower case) whose values no output
   * shows, beyond Authorization and Proxy-Authorization (core/redact.ts); absent = only those.
   */
  readonly redactHeaders?: readonly string[];
  /** serverMetrics, when set, is scraped before and after the load for the server's view (infer, demo). */
  readonly serverMetrics?: ServerMetricsPlan | null;
  /** range, when set, runs the plan once per level, each measured in windows until stable (range-plan.ts). */
  readonly range?: RangePlan | null;
  /** findMax, when set, searches the highest rate meeting the plan's objectives (find-max-plan.ts). */
  readonly findMax?: FindMaxPlan | null;
  /** segment, when set, is the slice of the test this process runs (--shard i/N); absent = all of it. */
  readonly segment?: Segment | null;
  /** startGate, when set, holds the load back until that time or until every shard is ready. */
  readonly startGate?: StartGate | null;
  /** llm, for `generate` runs, says how answers are read and judged (streamed tokens, goodput objectives). */
  readonly llm?: LlmPlan | null;
}
