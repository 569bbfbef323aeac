/**
 * The plan of a model lifecycle run (Seldon's load_predict_unload scenario over the OIP model
 * repository extension, spec: inference-protocols.md 1.1, 3.2): for each model its repository
 * load and unload requests, its model-ready URL and its checked V2 inference request, plus the
 * run's validated options. buildLifecyclePlan turns the command-line flags into it; bad input
 * throws a one-line UsageError.
 */
import { expectedOutputs } from '../payloads/expected-outputs.js';
import { modelPayloads } from './inference-requests.js';
import { wholeNumber } from './load-options.js';
import { parseDuration, type Nanos } from '../core/units.js';
import { UsageError } from '../core/errors.js';
import { asList } from './flag-schema.js';
import type { LifecycleFlags } from './lifecycle-flags.js';
import { parseBaseUrl } from '../protocols/base-url.js';
import type { ResponseCheck } from '../protocols/checks/response-check.js';
import type { PreparedHttpRequest } from '../protocols/prepared-request.js';
import { buildV2HttpRequest } from '../protocols/v2-http.js';

/** REPOSITORY_APIS are the repository APIs lifecycle speaks (gRPC RepositoryModelLoad is not yet). */
export const REPOSITORY_APIS = ['v2'] as const;

export const DEFAULT_CONCURRENCY = 1;
export const DEFAULT_INFER_REQUESTS = 10;
export const DEFAULT_CYCLES = 1;
export const DEFAULT_READY_TIMEOUT = '60s';
export const DEFAULT_REQUEST_TIMEOUT = '30s';
/** READY_POLL_MS is the pause between model-ready polls (ms). */
export const READY_POLL_MS = 50;

/** LIFECYCLE_REPORT_TYPES are the report types lifecycle writes. */
export const LIFECYCLE_REPORT_TYPES = ['text', 'json'] as const;

/** LifecycleReportSpec is one lifecycle report and its file (null = stdout). */
export interface LifecycleReportSpec {
  readonly type: (typeof LIFECYCLE_REPORT_TYPES)[number];
  readonly file: string | null;
}

/** ModelTarget is one model's requests, built once. */
export interface ModelTarget {
  readonly name: string;
  /** origin is scheme, host and port (`http://127.0.0.1:8000`). */
  readonly origin: string;
  /** loadPath and unloadPath are the repository extension's POST paths. */
  readonly loadPath: string;
  readonly unloadPath: string;
  /** readyPath is `GET /v2/models/{m}/ready`. */
  readonly readyPath: string;
  /** infer is the V2 inference request; its check is the protocol's response check. */
  readonly infer: PreparedHttpRequest;
  readonly check: ResponseCheck;
}

/** LifecyclePlan is a validated lifecycle run. */
export interface LifecyclePlan {
  readonly target: string;
  readonly repository: (typeof REPOSITORY_APIS)[number];
  readonly models: readonly ModelTarget[];
  readonly concurrency: number;
  readonly inferRequests: number;
  readonly cycles: number;
  readonly batchSize: number;
  /** readyTimeoutNs bounds a load: from the load request to the first 2xx ready answer. */
  readonly readyTimeoutNs: Nanos;
  /** requestTimeoutNs bounds each inference and unload request. */
  readonly requestTimeoutNs: Nanos;
  readonly readyPollMs: number;
  readonly reports: readonly LifecycleReportSpec[];
}

export function buildLifecyclePlan(f: LifecycleFlags): LifecyclePlan {
  if (typeof f.url !== 'string' || f.url === '') throw new UsageError('--url: give the server base URL, e.g. --url http://127.0.0.1:8000');
  if (typeof f.models !== 'string' || f.models === '') throw new UsageError('--models: name the models, e.g. --models iris:20');
  const repository = f.repository ?? 'v2';
  if (repository !== 'v2') {
    throw new UsageError(`--repository: "${repository}" is not supported; use ${REPOSITORY_APIS.join(', ')} (the OIP model repository extension over HTTP)`);
  }
  const { origin, prefix } = parseBaseUrl(f.url);
  const batchSize = wholeNumber(f.batchSize ?? 1, '--batch-size', 1);
  const models = modelPayloads({ url: f.url, models: f.models }, batchSize).map((m): ModelTarget => {
    const name = encodeURIComponent(m.name);
    return {
      name: m.name,
      origin,
      loadPath: `${prefix}/v2/repository/models/${name}/load`,
      unloadPath: `${prefix}/v2/repository/models/${name}/unload`,
      readyPath: `${prefix}/v2/models/${name}/ready`,
      infer: buildV2HttpRequest({ baseUrl: f.url, model: m.name, payload: m.payload }),
      check: { protocol: 'v2', expect: m.template === null ? null : expectedOutputs(m.template, batchSize) },
    };
  });
  return {
    target: f.url,
    repository,
    models,
    concurrency: wholeNumber(f.concurrency ?? DEFAULT_CONCURRENCY, '--concurrency', 1),
    inferRequests: wholeNumber(f.inferRequests ?? DEFAULT_INFER_REQUESTS, '--infer-requests', 0),
    cycles: wholeNumber(f.cycles ?? DEFAULT_CYCLES, '--cycles', 1),
    batchSize,
    readyTimeoutNs: positive(f.readyTimeout ?? DEFAULT_READY_TIMEOUT, '--ready-timeout'),
    requestTimeoutNs: positive(f.timeout ?? DEFAULT_REQUEST_TIMEOUT, '--timeout'),
    readyPollMs: READY_POLL_MS,
    reports: lifecycleReportSpecs(f.report),
  };
}

/** lifecycleReportSpecs reads the repeated `--report text|json[=FILE]` flags (default: text to stdout). */
export function lifecycleReportSpecs(values: string | readonly string[] | undefined): LifecycleReportSpec[] {
  const list = asList(values);
  if (list.length === 0) return [{ type: 'text', file: null }];
  return list.map((v) => {
    const eq = v.indexOf('=');
    const type = (eq < 0 ? v : v.slice(0, eq)).trim();
    const file = eq < 0 ? null : v.slice(eq + 1).trim() || null;
    if (type !== 'text' && type !== 'json') {
      throw new UsageError(`--report: unknown report type "${type}" for lifecycle; use ${LIFECYCLE_REPORT_TYPES.join(' or ')} (optionally =FILE)`);
    }
    return { type, file };
  });
}

function positive(text: string, flag: string): Nanos {
  const v = parseDuration(String(text), flag);
  if (!(v > 0)) throw new UsageError(`${flag}: must be a positive duration, got "${text}"`);
  return v;
}
