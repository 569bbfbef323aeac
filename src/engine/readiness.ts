/**
 * Readiness and warm-up, the steps before load (Iter8's `ready` task, ghz's skipFirst, Seldon's
 * WARMUP): waitReady polls health and model-ready URLs until each answers 2xx, and warmUp sends
 * requests that are checked but kept out of every statistic. Both run on the main thread with
 * fetch: they are few and sequential, and the workers start only after them.
 */
import { checkerFor } from '../protocols/checks/response-check.js';
import type { PreparedHttpRequest } from '../protocols/prepared-request.js';
import { loadGrpcMethod } from '../grpc/grpc-method.js';
import { frameMessage, grpcErrorText } from '../grpc/grpc-wire.js';
import type { GrpcCall } from '../plan/plan.js';
import { messageOf, type GrpcProbe } from './grpc-probe.js';

/** NotReadyError says the target did not become ready in time; the CLI exits with code 3. */
export class NotReadyError extends Error {
  override readonly name = 'NotReadyError';
}

const POLL_EVERY_MS = 250;

/** waitReady resolves once every URL answers 2xx, or throws NotReadyError after timeoutMs. */
export async function waitReady(urls: readonly string[], headers: Record<string, string>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(urls);
  let last = '';
  for (;;) {
    for (const url of [...pending]) {
      try {
        const res = await fetch(url, { headers, signal: AbortSignal.timeout(Math.max(100, Math.min(2000, deadline - Date.now()))) });
        await res.arrayBuffer();
        if (res.ok) pending.delete(url);
        else last = `${url} answered ${res.status}`;
      } catch (err) {
        last = `${url}: ${(err as Error).message}`;
      }
    }
    if (pending.size === 0) return;
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

/** warmUp sends each request `count` times, checked like the run's, and only counts the outcome. */
export async function warmUp(requests: readonly PreparedHttpRequest[], count: number): Promise<WarmUpOutcome> {
  let sent = 0;
  let failed = 0;
  let firstFailure: string | null = null;
  for (const req of requests) {
    const check = req.check ? checkerFor(req.check) : null;
    for (let i = 0; i < count; i++) {
      sent++;
      let problem: string | null;
      try {
        const res = await fetch(req.origin + req.path, { method: req.method, headers: req.headers, body: req.body === null ? undefined : new Uint8Array(req.body) });
        const body = Buffer.from(await res.arrayBuffer());
        problem = res.status < 200 || res.status >= 400 ? `${res.status} ${res.statusText}` : check === null ? null : check(res.status, Object.fromEntries(res.headers), body);
      } catch (err) {
        problem = (err as Error).message;
      }
      if (problem !== null) {
        failed++;
        firstFailure ??= problem;
      }
    }
  }
  return { sent, failed, firstFailure };
}

/**
 * waitReadyGrpc polls ServerLive, ServerReady and ModelReady for each model (with the routing
 * metadata) over gRPC until every answer says ready, or throws NotReadyError after timeoutMs.
 */
export async function waitReadyGrpc(probe: GrpcProbe, models: readonly string[], metadata: ReadonlyArray<readonly [string, string]>, timeoutMs: number): Promise<void> {
  const rpc = (name: string) => loadGrpcMethod({ proto: 'v2', call: `inference.GRPCInferenceService/${name}` });
  const checks = [
    { what: 'ServerLive', method: rpc('ServerLive'), request: {}, field: 'live' },
    { what: 'ServerReady', method: rpc('ServerReady'), request: {}, field: 'ready' },
    ...models.map((name) => ({ what: `ModelReady ${name}`, method: rpc('ModelReady'), request: { name }, field: 'ready' })),
  ];
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(checks);
  let last = '';
  for (;;) {
    for (const c of [...pending]) {
      const answer = await probe.call(c.method.path, frameMessage(c.method.encodeRequest(c.request)), metadata, Math.max(100, Math.min(2000, deadline - Date.now())));
      if (answer.status === 0 && c.method.decodeResponse(messageOf(answer.body))[c.field] === true) pending.delete(c);
      else last = answer.status === 0 ? `${c.what}: not ready` : `${c.what}: ${grpcErrorText(answer.status, answer.message)}`;
    }
    if (pending.size === 0) return;
    if (Date.now() >= deadline) throw new NotReadyError(`not ready after ${timeoutMs / 1000}s (${last}); no load was sent`);
    await new Promise((r) => setTimeout(r, POLL_EVERY_MS));
  }
}

/** warmUpGrpc sends each call `count` times, checked like the run's, and only counts the outcome. */
export async function warmUpGrpc(probe: GrpcProbe, calls: readonly GrpcCall[], count: number): Promise<WarmUpOutcome> {
  let sent = 0;
  let failed = 0;
  let firstFailure: string | null = null;
  for (const call of calls) {
    const check = call.check ? checkerFor(call.check) : null;
    for (let i = 0; i < count; i++) {
      sent++;
      const a = await probe.call(call.path, Buffer.from(call.frame), call.metadata, 30_000);
      const problem = a.status !== 0 ? grpcErrorText(a.status, a.message) : check === null ? null : check(0, {}, a.body);
      if (problem !== null) {
        failed++;
        firstFailure ??= problem;
      }
    }
  }
  return { sent, failed, firstFailure };
}
