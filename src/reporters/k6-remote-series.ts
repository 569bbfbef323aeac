/**
 * k6RemoteSeries names a live snapshot's figures as k6's Prometheus remote-write output does
 * (k6.md 7): prefix `k6_`, counters `_total`, rates `_rate`, trend stats one gauge each
 * (`p(99)` -> `_p99`) in seconds; the sample's tags become labels (sorted, with `__name__`).
 * A generate run adds its generative series under the names /metrics gives them (prom-llm.ts:
 * k6 has none of its own). encodeWriteRequest packs them as Prometheus' remote-write WriteRequest: protobuf, then Snappy's
 * block format.
 */
import protobuf from 'protobufjs';
import { compress } from 'snappyjs';
import type { LiveSnapshot } from '../core/live-snapshot.js';
import { grpcStatusName } from '../core/grpc-status.js';
import { llmSeries } from './prom-llm.js';

/** RemoteSeries is one time series' labels (name included as __name__) and its value now. */
export interface RemoteSeries {
  readonly labels: ReadonlyArray<readonly [name: string, value: string]>;
  readonly value: number;
}

/** RemoteContext is what labels every series: the protocol and the test's own tags (e.g. testid). */
export interface RemoteContext {
  readonly protocol: 'http' | 'grpc' | 'mixed';
  readonly tags: Readonly<Record<string, string>>;
}

export function k6RemoteSeries(s: LiveSnapshot, ctx: RemoteContext): RemoteSeries[] {
  const out: RemoteSeries[] = [];
  const add = (name: string, value: number, tags: Record<string, string> = {}) => {
    const all: Record<string, string> = { ...ctx.tags, ...tags, __name__: name };
    out.push({ labels: Object.keys(all).sort().map((k) => [k, all[k]] as const), value });
  };
  const grpc = ctx.protocol === 'grpc';
  for (const st of s.statuses) {
    const status = st.protocol === 'grpc' ? grpcStatusName(st.code) : String(st.code);
    add(st.protocol === 'grpc' ? 'k6_grpc_reqs_total' : 'k6_http_reqs_total', st.count, { status, proto: st.protocol });
  }
  for (const [kind, count] of s.errorKinds) add('k6_errors_total', count, { error_kind: kind });
  add('k6_iterations_total', s.requests);
  add('k6_dropped_iterations_total', s.dropped);
  add('k6_data_sent_total', s.bytesOut);
  add('k6_data_received_total', s.bytesIn);
  if (s.requests > 0) add(grpc ? 'k6_grpc_req_failed_rate' : 'k6_http_req_failed_rate', (s.requests - s.successes) / s.requests);
  if (s.vus !== null) add('k6_vus', s.vus);
  if (s.overall !== null) {
    const trend = grpc ? 'k6_grpc_req_duration' : 'k6_http_req_duration';
    const o = s.overall;
    const stats: Array<[string, number]> = [['avg', o.meanNs], ['med', o.p50Ns], ['p90', o.p90Ns], ['p95', o.p95Ns], ['p99', o.p99Ns], ['max', o.maxNs]];
    for (const [stat, ns] of stats) add(`${trend}_${stat}`, ns / 1e9);
  }
  if (s.llm != null) for (const x of llmSeries(s.llm)) add(x.name, x.value, { ...x.labels });
  return out;
}

/** encodeWriteRequest is a remote-write body: every series with one sample at timestampMs. */
export function encodeWriteRequest(series: readonly RemoteSeries[], timestampMs: number): Uint8Array {
  const w = protobuf.Writer.create();
  for (const ts of series) {
    w.uint32((1 << 3) | 2).fork(); // WriteRequest.timeseries = 1
    for (const [name, value] of ts.labels) {
      w.uint32((1 << 3) | 2).fork(); // TimeSeries.labels = 1
      w.uint32((1 << 3) | 2).string(name);
      w.uint32((2 << 3) | 2).string(value);
      w.ldelim();
    }
    w.uint32((2 << 3) | 2).fork(); // TimeSeries.samples = 2
    w.uint32((1 << 3) | 1).double(ts.value);
    w.uint32((2 << 3) | 0).int64(Math.round(timestampMs));
    w.ldelim();
    w.ldelim();
  }
  return compress(w.finish());
}
