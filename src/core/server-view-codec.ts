/**
 * The record's `server` field: the model server's view of the run (--server-metrics), written by
 * the json report in snake case and read back by results/run-record.ts.
 */
import type { ServerMetricDelta, ServerView } from './server-view.js';
import { objectOf, RecordFieldError } from './record-codec.js';

export function serverViewToJson(v: ServerView): Record<string, unknown> {
  return {
    url: v.url,
    family: v.family,
    successes: v.successes,
    failures: v.failures,
    request_ns: v.requestNs,
    queue_ns: v.queueNs,
    compute_input_ns: v.computeInputNs,
    compute_infer_ns: v.computeInferNs,
    compute_output_ns: v.computeOutputNs,
    metrics: v.metrics.map((m) => ({ name: m.name, delta: m.delta, mean: m.mean })),
  };
}

export function serverViewFromJson(value: unknown): ServerView {
  const o = objectOf(value, 'server');
  if (typeof o.url !== 'string') throw new RecordFieldError('server.url: not a string');
  if (o.family !== 'triton' && o.family !== 'mlserver' && o.family !== 'other') throw new RecordFieldError('server.family: not one of triton, mlserver, other');
  if (!Array.isArray(o.metrics)) throw new RecordFieldError('server.metrics: not a list');
  return {
    url: o.url,
    family: o.family,
    successes: orNull(o.successes, 'server.successes'),
    failures: orNull(o.failures, 'server.failures'),
    requestNs: orNull(o.request_ns, 'server.request_ns'),
    queueNs: orNull(o.queue_ns, 'server.queue_ns'),
    computeInputNs: orNull(o.compute_input_ns, 'server.compute_input_ns'),
    computeInferNs: orNull(o.compute_infer_ns, 'server.compute_infer_ns'),
    computeOutputNs: orNull(o.compute_output_ns, 'server.compute_output_ns'),
    metrics: o.metrics.map((m: unknown, i): ServerMetricDelta => {
      const d = objectOf(m, `server.metrics[${i}]`);
      if (typeof d.name !== 'string') throw new RecordFieldError(`server.metrics[${i}].name: not a string`);
      return { name: d.name, delta: orNull(d.delta, `server.metrics[${i}].delta`), mean: orNull(d.mean, `server.metrics[${i}].mean`) };
    }),
  };
}

function orNull(v: unknown, field: string): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RecordFieldError(`${field}: not a number`);
  return v;
}
