/**
 * lifecycleJson is the complete result document of `loadgen lifecycle` (schema
 * "loadgen.lifecycle/v1"), pretty-printed JSON with these keys:
 * - `schema`, `tool` {name, version}, `command` ("lifecycle"), `target` (--url), `repository` ("v2");
 * - the run's shape: `models`, `cycles`, `concurrency`, `infer_requests`, `batch_size`, `ready_timeout_ns`;
 * - `start` (RFC 3339), `start_unix_ns` (string), `duration_ns`, `interrupted`;
 * - `model_cycles` {planned, finished, ok, failed, in_progress_peak}: a model cycle is ok when none
 *   of its operations failed;
 * - `operations` {load, inference, unload}, each {ok, failed, skipped} (skipped: not sent because
 *   an earlier phase of the cycle failed); one load and one unload per cycle, --infer-requests inferences;
 * - `rate` {cycles_per_s (finished), ok_cycles_per_s, operations_per_s (sent, every phase)};
 * - `latency` {load_to_ready, first_inference, unload}, each {count, min_ns, mean_ns, stdev_ns,
 *   max_ns, total_ns, p50_ns, p75_ns, p90_ns, p95_ns, p99_ns, p99_9_ns, p99_99_ns, hdr_histogram}
 *   over successful operations; hdr_histogram is the HdrHistogram (1 µs..1 h, 3 digits, ns) in its
 *   compressed base64 encoding (LatencyAccumulator.snapshot());
 * - `failures` [{phase, text, count}], most frequent first; text is `<phase>: <reason>`.
 */
import { cyclesFinished, operationsSent, perSecond, type LifecycleResult } from '../core/lifecycle-result.js';
import { rfc3339Nano } from '../core/time-format.js';
import { TOOL_VERSION } from '../core/version.js';
import { latencyJson } from './json.js';

/** LIFECYCLE_SCHEMA names the version of the document's shape. */
export const LIFECYCLE_SCHEMA = 'loadgen.lifecycle/v1';

export function lifecycleJson(r: LifecycleResult): string {
  const finished = cyclesFinished(r);
  const doc = {
    schema: LIFECYCLE_SCHEMA,
    tool: { name: 'loadgen', version: TOOL_VERSION },
    command: 'lifecycle',
    target: r.target,
    repository: r.repository,
    models: r.models,
    cycles: r.cycles,
    concurrency: r.concurrency,
    infer_requests: r.inferRequests,
    batch_size: r.batchSize,
    ready_timeout_ns: r.readyTimeoutNs,
    start: rfc3339Nano(r.startUnixNs),
    start_unix_ns: r.startUnixNs.toString(),
    duration_ns: Math.round(r.durationNs),
    interrupted: r.interrupted,
    model_cycles: { planned: r.planned, finished, ok: r.cyclesOk, failed: r.cyclesFailed, in_progress_peak: r.inProgressPeak },
    operations: { load: { ...r.operations.load }, inference: { ...r.operations.inference }, unload: { ...r.operations.unload } },
    rate: {
      cycles_per_s: perSecond(finished, r),
      ok_cycles_per_s: perSecond(r.cyclesOk, r),
      operations_per_s: perSecond(operationsSent(r), r),
    },
    latency: {
      load_to_ready: latencyJson(r.loadToReady),
      first_inference: latencyJson(r.firstInference),
      unload: latencyJson(r.unload),
    },
    failures: r.failures.map((f) => ({ phase: f.phase, text: f.text, count: f.count })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
