import { buildInferPlan, type InferFlags } from '../../plan/infer-plan.js';
import type { Argv } from '../commands.js';
import type { GrpcCall, GrpcSource, Plan } from '../../plan/plan.js';
import type { PreparedHttpRequest } from '../../protocols/prepared-request.js';
import { waitReady, waitReadyGrpc, warmUp, warmUpGrpc, type WarmUpBudget } from '../../engine/readiness.js';
import { GrpcProbe } from '../../engine/grpc-probe.js';
import { loadGrpcMethod } from '../../grpc/grpc-method.js';
import { wholeNumber } from '../../plan/load-options.js';
import { parseDuration } from '../../core/units.js';
import { UsageError } from '../../core/errors.js';
import { executeRun } from '../execute-run.js';
import { resultPathOf } from '../result-file.js';
import { reportSpecs } from '../report-flags.js';

/** infer runs `loadgen infer`: inference load against a model server. */
export async function infer(argv: Argv): Promise<number> {
  const flags = argv as unknown as InferFlags;
  const plan = buildInferPlan(flags);
  const reports = reportSpecs(argv.report, plan.output, plan.meta.protocol);
  const resultPath = resultPathOf(argv.result);
  await prepareTarget(plan, flags, argv);
  await executeRun(plan, reports, resultPath);
  return 0;
}

/**
 * prepareTarget runs the steps before load: --wait-ready polls the server's and each model's
 * readiness (exit 3 when it times out, with no load sent), --warmup sends N checked requests per
 * model that no statistic sees.
 */
async function prepareTarget(plan: Plan, f: InferFlags, argv: Argv): Promise<void> {
  const waitFor = argv.waitReady as string | undefined;
  const warmup: WarmUpBudget = {
    count: wholeNumber((argv.warmup as number | undefined) ?? 0, '--warmup', 0),
    durationMs: argv.warmupDuration === undefined ? 0 : parseDuration(String(argv.warmupDuration), '--warmup-duration') / 1e6,
  };
  const warming = warmup.count > 0 || warmup.durationMs > 0;
  if (waitFor === undefined && !warming) return;
  if (plan.source.kind === 'grpc') return prepareGrpcTarget(plan.source, waitFor, warmup);
  if (plan.source.kind === 'mixed') await prepareGrpcTarget(plan.source.grpc, waitFor, warmup);
  const http = plan.source.kind === 'mixed' ? plan.source.http : plan.source;
  if (http.kind !== 'list') throw new UsageError('--wait-ready and --warmup are for infer');
  const requests = http.requests;
  if (waitFor !== undefined) {
    const timeoutNs = parseDuration(waitFor, '--wait-ready');
    await waitReady(readinessUrls(f, requests), Object.fromEntries(requests[0].headers), timeoutNs / 1e6);
  }
  if (warming) {
    const w = await warmUp(requests, warmup);
    process.stderr.write(`loadgen: warm-up: ${w.sent} requests, ${w.failed} failed${w.firstFailure === null ? '' : ` (first: ${w.firstFailure})`}\n`);
  }
}

/** prepareGrpcTarget is prepareTarget over gRPC: ServerLive/ServerReady/ModelReady, then warm-up calls. */
async function prepareGrpcTarget(source: GrpcSource, waitFor: string | undefined, warmup: WarmUpBudget): Promise<void> {
  const probe = new GrpcProbe(source.authority, source.tls === null ? null : { rejectUnauthorized: !source.tls.skipVerify });
  try {
    if (waitFor !== undefined) {
      const models = source.calls.map((c) => modelNameOf(c));
      await waitReadyGrpc(probe, models, source.calls[0].metadata, parseDuration(waitFor, '--wait-ready') / 1e6);
    }
    if (warmup.count > 0 || warmup.durationMs > 0) {
      const w = await warmUpGrpc(probe, source.calls, warmup);
      process.stderr.write(`loadgen: warm-up: ${w.sent} requests, ${w.failed} failed${w.firstFailure === null ? '' : ` (first: ${w.firstFailure})`}\n`);
    }
  } finally {
    probe.close();
  }
}

/** modelNameOf reads model_name back from a prepared ModelInfer request. */
function modelNameOf(call: GrpcCall): string {
  const method = loadGrpcMethod({ proto: 'v2', call: 'inference.GRPCInferenceService/ModelInfer' });
  return String(method.requestMessage.decode(Buffer.from(call.frame).subarray(5)).toJSON().model_name ?? '');
}

/** readinessUrls are the protocol's health endpoints for the server and each model. */
function readinessUrls(f: InferFlags, requests: readonly PreparedHttpRequest[]): string[] {
  const proto = f.proto ?? 'v2';
  const origin = requests[0].origin;
  if (proto === 'v2') {
    const models = requests.map((r) => r.path.replace(/\/infer$/, '/ready'));
    return [`${origin}/v2/health/live`, `${origin}/v2/health/ready`, ...models.map((p) => origin + p)];
  }
  if (proto === 'tfserving') return requests.map((r) => origin + r.path.replace(/:predict$/, ''));
  return [origin + requests[0].path.replace(/\/api\/v1\.0\/predictions$/, '/api/v1.0/metadata')];
}
