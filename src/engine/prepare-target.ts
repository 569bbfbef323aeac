/**
 * prepareTarget runs a plan's steps before load, in order: readiness (every endpoint must say
 * ready in time, or NotReadyError and no load is sent), then warm-up (checked requests that no
 * statistic sees). HTTP steps go to the plan's HTTP requests, gRPC steps to its gRPC server.
 */
import type { GrpcSource, ListSource, Plan, Readiness } from '../plan/plan.js';
import { GrpcProbe } from './grpc-probe.js';
import { waitReady, waitReadyGrpc, warmUp, warmUpGrpc, type WarmUpOutcome } from './readiness.js';

/**
 * prepareTarget resolves with the warm-up's outcome, or null when the plan has no warm-up (or
 * givenUp() said, during readiness, that no load follows: a signal came).
 */
export async function prepareTarget(plan: Plan, givenUp: () => boolean = () => false): Promise<WarmUpOutcome | null> {
  if (plan.readiness === null && plan.warmUp === null) return null;
  const { http, grpc } = sidesOf(plan);
  const probe = grpc === null ? null : new GrpcProbe(grpc.authority, grpc.tls === null ? null : { rejectUnauthorized: !grpc.tls.skipVerify });
  try {
    if (plan.readiness !== null) await waitUntilReady(plan.readiness, probe, givenUp);
    if (plan.warmUp === null || givenUp()) return null;
    const outcomes: WarmUpOutcome[] = [];
    if (probe !== null && grpc !== null) outcomes.push(await warmUpGrpc(probe, grpc.calls, plan.warmUp));
    if (http !== null) outcomes.push(await warmUp(http.requests, plan.warmUp));
    return sum(outcomes);
  } finally {
    probe?.close();
  }
}

async function waitUntilReady(readiness: Readiness, probe: GrpcProbe | null, givenUp: () => boolean): Promise<void> {
  const timeoutMs = readiness.timeoutNs / 1e6;
  if (readiness.grpc !== null && probe !== null) await waitReadyGrpc(probe, readiness.grpc, timeoutMs, givenUp);
  if (readiness.http.length > 0 && !givenUp()) await waitReady(readiness.http, timeoutMs, givenUp);
}

/** sidesOf is the plan's HTTP request list and gRPC source, either null when it has none. */
function sidesOf(plan: Plan): { http: ListSource | null; grpc: GrpcSource | null } {
  const s = plan.source;
  if (s.kind === 'mixed') return { http: s.http, grpc: s.grpc };
  if (s.kind === 'grpc') return { http: null, grpc: s };
  return { http: s.kind === 'list' ? s : null, grpc: null };
}

function sum(outcomes: readonly WarmUpOutcome[]): WarmUpOutcome {
  return {
    sent: outcomes.reduce((n, o) => n + o.sent, 0),
    failed: outcomes.reduce((n, o) => n + o.failed, 0),
    firstFailure: outcomes.find((o) => o.firstFailure !== null)?.firstFailure ?? null,
  };
}
