/**
 * ServerView is the model server's own account of a run, from its Prometheus metrics scraped
 * before and after the load (what perf_analyzer shows beside the client's numbers): how many
 * inferences it answered, and where its time went. Times are means per request in ns; null where
 * the server exposes no such metric.
 */
export interface ServerView {
  /** url is the scraped metrics endpoint. */
  readonly url: string;
  /** family names the metric set found: Triton's nv_inference_*, MLServer's model_infer_*, or neither. */
  readonly family: 'triton' | 'mlserver' | 'other';
  readonly successes: number | null;
  readonly failures: number | null;
  /** requestNs is the mean time the server spent on a request, arrival to answer. */
  readonly requestNs: number | null;
  /** queueNs, computeInputNs, computeInferNs, computeOutputNs split requestNs (Triton's phases). */
  readonly queueNs: number | null;
  readonly computeInputNs: number | null;
  readonly computeInferNs: number | null;
  readonly computeOutputNs: number | null;
  /** metrics are the deltas of the metrics named with --server-metric (counters, or histograms' count and mean). */
  readonly metrics: readonly ServerMetricDelta[];
}

/** ServerMetricDelta is one named metric's change over the run, summed over its series. */
export interface ServerMetricDelta {
  readonly name: string;
  /** delta is the counter's increase, or the histogram's/summary's count increase. */
  readonly delta: number | null;
  /** mean is a histogram's or summary's Δsum / Δcount in its own unit; null for a counter. */
  readonly mean: number | null;
}
