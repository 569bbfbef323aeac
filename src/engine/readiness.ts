/**
 * Readiness and warm-up, the steps before load (Iter8's `ready` task, ghz's skipFirst, Seldon's
 * WARMUP): waitReady polls health and model-ready URLs until each answers 2xx, and warmUp sends
 * requests that are checked but kept out of every statistic. Both run on the main thread with
 * fetch: they are few and sequential, and the workers start only after them.
 */
import { checkerFor } from '../protocols/checks/response-check.js';
import type { PreparedHttpRequest } from '../protocols/prepared-request.js';
import { loadGrpcMethod } from '../grpc/grpc-method.js';
import { frameMessage, grpcErrorText } from '../transports/grpc/grpc-wire.js';
import type { GrpcCall, GrpcReadiness, ReadyUrl } from '../plan/plan.js';
import { messageOf, type GrpcProbe } from './grpc-probe.js';
import { NotReadyError } from '../core/errors.js';


const POLL_EVERY_MS = 250;

/**
 * waitReady resolves once every URL answers 2xx (sent with its headers), or throws NotReadyError
 * after timeoutMs; it also resolves, between polls, once givenUp() (a signal: no load follows).
 */
export async function waitReady(urls: readonly ReadyUrl[], timeoutMs: number, givenUp: () => boolean = () => false): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(urls);
  let last = '';
  for (;;) {
    for (const probe of [...pending]) {
      const { url } = probe;
      try {
        const headers = Object.fromEntries(probe.headers);
        const res = await fetch(url, { headers, signal: AbortSignal.timeout(Math.max(100, Math.min(2000, deadline - Date.now()))) });
        await res.arrayBuffer();
        if (res.ok) pending.delete(probe);
        else last = `${url} answered ${res.status}`;
      } catch (err) {
        last = `${url}: ${(err as Error).message}`;
      }
    }
    if (pending.size === 0 || givenUp()) return;
    if (Date.now() >= deadline) throw new NotReadyError(`not ready after ${timeoutMs / 1000}s (${last}); no load was sent`);
    await new Promise((r) => setTimeout(r, POLL_EVERY_MS));
  }
}

/** WarmUpOutcome counts warm-up requests and the first failure's reason. */
export interface WarmUpOutcome {
  readonly sent: number;
  readonly failed: number;
  readonly firstFailure: string | null;
}

/** WarmUpBudget is how much warm-up each request (model) gets: count requests, or for durationMs. */
export interface WarmUpBudget {
  readonly count: number;
  readonly durationMs: number;
}

/** warmUpEach runs attempt on every item until its budget is spent, counting the failures. */
async function warmUpEach<T>(items: readonly T[], budget: WarmUpBudget, attempt: (item: T) => Promise<string | null>): Promise<WarmUpOutcome> {
  let sent = 0;
  let failed = 0;
  let firstFailure: string | null = null;
  for (const item of items) {
    const until = Date.now() + budget.durationMs;
    for (let i = 0; i < budget.count || Date.now() < until; i++) {
      sent++;
      const problem = await attempt(item);
      if (problem !== null) {
        failed++;
        firstFailure ??= problem;
      }
    }
  }
  return { sent, failed, firstFailure };
}

/** warmUp sends each request its warm-up budget, checked like the run's, and only counts the outcome. */
export function warmUp(requests: readonly PreparedHttpRequest[], budget: WarmUpBudget): Promise<WarmUpOutcome> {
  return warmUpEach(requests, budget, async (req) => {
    try {
      const res = await fetch(req.origin + req.path, { method: req.method, headers: req.headers, body: req.body === null ? undefined : new Uint8Array(req.body) });
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status < 200 || res.status >= 400) return `${res.status} ${res.statusText}`;
      return req.check ? checkerFor(req.check)(res.status, Object.fromEntries(res.headers), body) : null;
    } catch (err) {
      return (err as Error).message;
    }
  });
}

/**
 * waitReadyGrpc polls ServerLive, ServerReady and ModelReady for each model (each with its calls'
 * routing metadata) over gRPC until every answer says ready, or throws NotReadyError after timeoutMs.
 */
export async function waitReadyGrpc(probe: GrpcProbe, readiness: GrpcReadiness, timeoutMs: number, givenUp: () => boolean = () => false): Promise<void> {
  const rpc = (name: string) => loadGrpcMethod({ proto: 'v2', call: `inference.GRPCInferenceService/${name}` });
  const { metadata } = readiness;
  const checks = [
    { what: 'ServerLive', method: rpc('ServerLive'), request: {}, field: 'live', metadata },
    { what: 'ServerReady', method: rpc('ServerReady'), request: {}, field: 'ready', metadata },
    ...readiness.models.map((m) => ({ what: `ModelReady ${m.name}`, method: rpc('ModelReady'), request: { name: m.name }, field: 'ready', metadata: m.metadata })),
  ];
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(checks);
  let last = '';
  for (;;) {
    for (const c of [...pending]) {
      const answer = await probe.call(c.method.path, frameMessage(c.method.encodeRequest(c.request)), c.metadata, Math.max(100, Math.min(2000, deadline - Date.now())));
      if (answer.status === 0 && c.method.decodeResponse(messageOf(answer.body))[c.field] === true) pending.delete(c);
      else last = answer.status === 0 ? `${c.what}: not ready` : `${c.what}: ${grpcErrorText(answer.status, answer.message)}`;
    }
    if (pending.size === 0 || givenUp()) return;
    if (Date.now() >= deadline) throw new NotReadyError(`not ready after ${timeoutMs / 1000}s (${last}); no load was sent`);
    await new Promise((r) => setTimeout(r, POLL_EVERY_MS));
  }
}

/** warmUpGrpc sends each call its warm-up budget, checked like the run's, and only counts the outcome. */
export function warmUpGrpc(probe: GrpcProbe, calls: readonly GrpcCall[], budget: WarmUpBudget): Promise<WarmUpOutcome> {
  return warmUpEach(calls, budget, async (call) => {
    const a = await probe.call(call.path, Buffer.from(call.frame), call.metadata, 30_000);
    if (a.status !== 0) return grpcErrorText(a.status, a.message);
    return call.check ? checkerFor(call.check)(0, {}, a.body) : null;
  });
}
