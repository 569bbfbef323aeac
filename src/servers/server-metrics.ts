/**
 * ServerMetrics is the reference server's Prometheus view of its inferences, named as the model
 * servers loadgen is pointed at name theirs, so `--server-metrics` is tested end to end:
 * - Triton's per-model cumulative counters (`nv_inference_request_success`, `..._failure`,
 *   `nv_inference_count`, `nv_inference_exec_count`, and the durations in microseconds
 *   `nv_inference_request_duration_us`, `nv_inference_queue_duration_us`,
 *   `nv_inference_compute_input_duration_us`, `nv_inference_compute_infer_duration_us`,
 *   `nv_inference_compute_output_duration_us`), labels `model` and `version`;
 * - MLServer's `model_infer_request_success` / `_failure` counters and a
 *   `model_infer_request_duration_seconds` histogram, labels `model` and `version`.
 * The server has no scheduler queue (an inference starts as soon as its body is read), so its
 * queue time is the time from the request's arrival to the end of its body; its "compute" is
 * decoding (input), the model plus the injected latency (infer) and encoding (output).
 */
import { Counter, Histogram, Registry } from 'prom-client';

/** InferenceTimes are one inference's phase boundaries, performance.now() ms. */
export interface InferenceTimes {
  arrivedMs: number;
  /** bodyMs is when the request body was complete (the inference could start). */
  bodyMs: number;
  decodedMs: number;
  /** inferredMs is when the model's answer was ready to encode. */
  inferredMs: number;
  encodedMs: number;
}

const LABELS = ['model', 'version'] as const;
/** DURATION_BUCKETS_S resolve 100 µs to 10 s for the MLServer-style histogram. */
const DURATION_BUCKETS_S = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** ModelSeries holds one model version's labelled children, looked up once per model. */
interface ModelSeries {
  success: Counter.Internal;
  failure: Counter.Internal;
  count: Counter.Internal;
  execCount: Counter.Internal;
  requestUs: Counter.Internal;
  queueUs: Counter.Internal;
  inputUs: Counter.Internal;
  inferUs: Counter.Internal;
  outputUs: Counter.Internal;
  mlSuccess: Counter.Internal;
  mlFailure: Counter.Internal;
  mlDuration: Histogram.Internal<string>;
}

export class ServerMetrics {
  readonly registry: Registry;
  private readonly counters: Record<Exclude<keyof ModelSeries, 'mlDuration'>, Counter>;
  private readonly duration: Histogram;
  private readonly series: Map<string, ModelSeries>;

  constructor() {
    this.registry = new Registry();
    const counter = (name: string, help: string) => new Counter({ name, help, labelNames: LABELS, registers: [this.registry] });
    this.counters = {
      success: counter('nv_inference_request_success', 'Number of successful inference requests, all batch sizes'),
      failure: counter('nv_inference_request_failure', 'Number of failed inference requests, all batch sizes'),
      count: counter('nv_inference_count', 'Number of inferences performed (batch items)'),
      execCount: counter('nv_inference_exec_count', 'Number of model executions performed'),
      requestUs: counter('nv_inference_request_duration_us', 'Cumulative inference request duration in microseconds'),
      queueUs: counter('nv_inference_queue_duration_us', 'Cumulative inference queuing duration in microseconds'),
      inputUs: counter('nv_inference_compute_input_duration_us', 'Cumulative compute input duration in microseconds'),
      inferUs: counter('nv_inference_compute_infer_duration_us', 'Cumulative compute inference duration in microseconds'),
      outputUs: counter('nv_inference_compute_output_duration_us', 'Cumulative inference compute output duration in microseconds'),
      mlSuccess: counter('model_infer_request_success', 'Number of successful inference requests'),
      mlFailure: counter('model_infer_request_failure', 'Number of failed inference requests'),
    };
    this.duration = new Histogram({
      name: 'model_infer_request_duration_seconds',
      help: 'Inference request duration in seconds',
      labelNames: LABELS,
      buckets: DURATION_BUCKETS_S,
      registers: [this.registry],
    });
    this.series = new Map();
  }

  /** observe counts one answered inference; sentMs is when its answer was written. */
  observe(model: string, version: string, ok: boolean, batch: number, t: InferenceTimes, sentMs: number): void {
    const s = this.of(model, version);
    if (ok) {
      s.success.inc();
      s.mlSuccess.inc();
      s.count.inc(batch);
      s.execCount.inc();
    } else {
      s.failure.inc();
      s.mlFailure.inc();
    }
    const requestMs = sentMs - t.arrivedMs;
    s.requestUs.inc(Math.round(requestMs * 1000));
    s.queueUs.inc(Math.round((t.bodyMs - t.arrivedMs) * 1000));
    s.inputUs.inc(Math.round((t.decodedMs - t.bodyMs) * 1000));
    // The injected latency is the simulated computation: it ends when the answer may leave.
    s.inferUs.inc(Math.round((sentMs - t.decodedMs - (t.encodedMs - t.inferredMs)) * 1000));
    s.outputUs.inc(Math.round((t.encodedMs - t.inferredMs) * 1000));
    s.mlDuration.observe(requestMs / 1000);
  }

  /** text is the Prometheus text exposition of every series. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  private of(model: string, version: string): ModelSeries {
    const key = `${model}\u0000${version}`;
    let s = this.series.get(key);
    if (s === undefined) {
      const c = this.counters;
      s = {
        success: c.success.labels(model, version),
        failure: c.failure.labels(model, version),
        count: c.count.labels(model, version),
        execCount: c.execCount.labels(model, version),
        requestUs: c.requestUs.labels(model, version),
        queueUs: c.queueUs.labels(model, version),
        inputUs: c.inputUs.labels(model, version),
        inferUs: c.inferUs.labels(model, version),
        outputUs: c.outputUs.labels(model, version),
        mlSuccess: c.mlSuccess.labels(model, version),
        mlFailure: c.mlFailure.labels(model, version),
        mlDuration: this.duration.labels(model, version),
      };
      this.series.set(key, s);
    }
    return s;
  }
}
