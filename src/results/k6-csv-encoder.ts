/**
 * k6 CSV encoder: one ResultRecord to the rows `k6 run --out csv=FILE` writes for one iteration
 * of one request (spec k6.md 2, 3), under k6's default header (K6_CSV_HEADER, written once at the
 * top of the file). Values are Go's %f (6 decimals); timestamps are Unix seconds of the end of the
 * request, when k6 stamps its samples.
 *
 * Rows per HTTP request: http_reqs (1), http_req_duration (ms), http_req_failed (0/1), data_sent,
 * data_received, iterations; per gRPC call: grpc_req_duration, data_sent, data_received,
 * iterations (k6's gRPC module emits no request counter or failure Rate).
 * - http_req_failed is 1 when loadgen counts the request failed (a failed response check too),
 *   as in the summary export; expected_response stays k6's status test (200..399).
 * - Tags as k6 sets them: HTTP method, name and url (the URL), status (0 without a response),
 *   error and error_code for transport errors (k6's codes, e.g. 1212 connection refused) and
 *   error_code 1000 + status from 400 on; gRPC name `/pkg.Svc/Method`, service, method, status
 *   as the gRPC code, url authority + path; scenario `default`, group empty (the root group).
 * - proto and tls_version stay empty: the record does not carry the negotiated protocol.
 * - Not written: the HTTP timing breakdown (http_req_blocked ... _receiving), iteration_duration,
 *   checks and vus, which the per-request record does not measure.
 * Runs once per request, so it builds strings by concatenation, and the tag columns once per row group.
 */
import type { ResultRecord } from './result-record.js';
import { csvField, csvFieldCached } from './results-encoder.js';

/** K6_CSV_HEADER is k6's header with the default system tags, sorted, then extra_tags,metadata. */
export const K6_CSV_HEADER =
  'metric_name,timestamp,metric_value,check,error,error_code,expected_response,group,method,name,proto,scenario,service,status,subproto,tls_version,url,extra_tags,metadata\n';

/** K6_CSV_ROWS is how many rows one request makes (HTTP, gRPC). */
export const K6_CSV_ROWS = { http: 6, grpc: 4 } as const;

const SCENARIO = 'default';
/** ITERATION_TAGS are the tag columns of iteration-level samples: only the scenario is set. */
const ITERATION_TAGS = ',,,,,,,,,' + SCENARIO + ',,,,,,,\n';
const NS_PER_S = 1_000_000_000n;

/** encodeK6CsvRows formats r as k6's CSV rows for one request; grpc says r is a gRPC call. */
export function encodeK6CsvRows(r: ResultRecord, grpc: boolean): string {
  const ts = ',' + ((r.timestampUnixNs + BigInt(r.latencyNs)) / NS_PER_S).toString() + ',';
  const durationMs = (r.latencyNs / 1e6).toFixed(6);
  const iteration =
    'data_sent' + ts + r.bytesOut.toFixed(6) + ITERATION_TAGS +
    'data_received' + ts + r.bytesIn.toFixed(6) + ITERATION_TAGS +
    'iterations' + ts + '1.000000' + ITERATION_TAGS;
  if (grpc) return 'grpc_req_duration' + ts + durationMs + grpcTags(r) + iteration;
  const tags = httpTags(r);
  return (
    'http_reqs' + ts + '1.000000' + tags +
    'http_req_duration' + ts + durationMs + tags +
    'http_req_failed' + ts + (r.error === '' ? '0.000000' : '1.000000') + tags +
    iteration
  );
}

/** httpTags is the tag columns of one HTTP request's samples, from check to metadata, with `\n`. */
function httpTags(r: ResultRecord): string {
  const code = r.code;
  let error = '';
  let errorCode = '';
  if (code === 0) {
    error = csvField(r.error);
    errorCode = String(k6ErrorCode(r.error));
  } else if (code >= 400) errorCode = String(1000 + code);
  const expected = code >= 200 && code < 400 ? 'true' : 'false';
  const url = csvFieldCached(r.url);
  // check,error,error_code,expected_response,group,method,name,proto,scenario,service,status,subproto,tls_version,url,extra_tags,metadata
  return ',,' + error + ',' + errorCode + ',' + expected + ',,' + csvFieldCached(r.method) + ',' + url + ',,' + SCENARIO + ',,' + code + ',,,' + url + ',,\n';
}

/**
 * grpcTags is the tag columns of one gRPC call's sample. r.url is the origin + `/pkg.Svc/Method`;
 * k6's url tag is the address given to connect() + the method path, so without the scheme.
 */
function grpcTags(r: ResultRecord): string {
  const scheme = r.url.indexOf('://');
  const url = scheme < 0 ? r.url : r.url.slice(scheme + 3);
  const slash = url.indexOf('/');
  const path = slash < 0 ? '' : url.slice(slash);
  const methodAt = path.lastIndexOf('/');
  const service = methodAt > 0 ? path.slice(1, methodAt) : '';
  return (
    ',,,,,,' + csvFieldCached(path.slice(methodAt + 1)) + ',' + csvFieldCached(path) + ',,' + SCENARIO + ',' +
    csvFieldCached(service) + ',' + r.code + ',,,' + csvFieldCached(url) + ',,\n'
  );
}

/**
 * K6_ERROR_CODES maps the Go-worded transport error texts loadgen records to k6's error codes
 * (k6 docs, "Error codes"); anything else is k6's generic 1000.
 */
const K6_ERROR_CODES: ReadonlyArray<readonly [RegExp, number]> = [
  [/connection refused/, 1212],
  [/dial tcp .*i\/o timeout/, 1211],
  [/connection reset by peer/, 1220],
  [/broken pipe/, 1201],
  [/no such host/, 1101],
  [/Client\.Timeout|deadline exceeded|timeout/i, 1050],
  [/certificate signed by unknown authority/, 1310],
  [/certificate is valid for|doesn't match|not valid for/, 1311],
  [/tls|x509|certificate/i, 1300],
];

function k6ErrorCode(error: string): number {
  for (const [pattern, code] of K6_ERROR_CODES) if (pattern.test(error)) return code;
  return 1000;
}
