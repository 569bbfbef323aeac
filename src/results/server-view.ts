/**
 * serverView turns two scrapes of a model server's metrics (before and after the load) into the
 * ServerView: counters and histogram sums are cumulative, so each value is the sum over the
 * metric's series after minus before. A series that restarted (after < before) is taken from 0,
 * as Prometheus' increase() treats a counter reset.
 */
import type { ServerMetricDelta, ServerView } from '../core/server-view.js';
import type { PromPage } from './prometheus-text.js';

/** TRITON_US are Triton's cumulative microsecond counters, by the phase they time. */
const TRITON_US = {
  request: 'nv_inference_request_duration_us',
  queue: 'nv_inference_queue_duration_us',
  input: 'nv_inference_compute_input_duration_us',
  infer: 'nv_inference_compute_infer_duration_us',
  output: 'nv_inference_compute_output_duration_us',
} as const;

/** MLSERVER_DURATION is the request-duration histogram MLServer-style servers expose (seconds). */
const MLSERVER_DURATION = 'model_infer_request_duration_seconds';

export function serverView(url: string, before: PromPage, after: PromPage, named: readonly string[]): ServerView {
  const delta = (name: string) => increase(name, before, after);
  const tritonOk = delta('nv_inference_request_success');
  if (tritonOk !== null) {
    const failures = delta('nv_inference_request_failure') ?? 0;
    const perRequest = (name: string) => {
      const us = delta(name);
      return us === null || tritonOk + failures === 0 ? null : (us * 1000) / (tritonOk + failures);
    };
    return {
      url,
      family: 'triton',
      successes: tritonOk,
      failures,
      requestNs: perRequest(TRITON_US.request),
      queueNs: perRequest(TRITON_US.queue),
      computeInputNs: perRequest(TRITON_US.input),
      computeInferNs: perRequest(TRITON_US.infer),
      computeOutputNs: perRequest(TRITON_US.output),
      metrics: named.map((n) => metricDelta(n, before, after)),
    };
  }
  const mlOk = delta('model_infer_request_success');
  const duration = metricDelta(MLSERVER_DURATION, before, after);
  return {
    url,
    family: mlOk !== null || duration.delta !== null ? 'mlserver' : 'other',
    successes: mlOk,
    failures: delta('model_infer_request_failure'),
    requestNs: duration.mean === null ? null : duration.mean * 1e9,
    queueNs: null,
    computeInputNs: null,
    computeInferNs: null,
    computeOutputNs: null,
    metrics: named.map((n) => metricDelta(n, before, after)),
  };
}

/** metricDelta is a counter's increase, or a histogram's or summary's count increase and mean. */
function metricDelta(name: string, before: PromPage, after: PromPage): ServerMetricDelta {
  const base = name.replace(/_(count|sum|total|bucket)$/, '');
  const type = after.types.get(base) ?? after.types.get(name);
  // An undeclared family is a histogram only with both _count and _sum: Triton's nv_inference_count is a counter.
  if (type === 'histogram' || type === 'summary' || (has(after, `${base}_count`) && has(after, `${base}_sum`))) {
    const count = increase(`${base}_count`, before, after);
    const sum = increase(`${base}_sum`, before, after);
    return { name: base, delta: count, mean: count === null || sum === null || count === 0 ? null : sum / count };
  }
  return { name, delta: increase(name, before, after) ?? increase(`${name}_total`, before, after), mean: null };
}

function has(page: PromPage, name: string): boolean {
  return page.samples.some((s) => s.name === name);
}

/** increase sums after - before over the series of a metric; null when the server has no such metric. */
function increase(name: string, before: PromPage, after: PromPage): number | null {
  const was = new Map<string, number>();
  for (const s of before.samples) if (s.name === name) was.set(seriesKey(s.labels), s.value);
  let total = 0;
  let found = false;
  for (const s of after.samples) {
    if (s.name !== name) continue;
    found = true;
    const prior = was.get(seriesKey(s.labels)) ?? 0;
    total += s.value >= prior ? s.value - prior : s.value;
  }
  return found ? total : null;
}

function seriesKey(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}
