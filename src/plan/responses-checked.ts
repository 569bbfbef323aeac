/**
 * responsesChecked says whether a plan checks every response it sends (infer's --check, the
 * default): k6's summary then reports the check as k6's `checks` metric. A run with any request
 * left unchecked (attack, grpc, --no-check, lazy targets) is not a checked run.
 */
import type { Plan, RequestSource } from './plan.js';

export function responsesChecked(plan: Pick<Plan, 'source'>): boolean {
  return sourceChecked(plan.source);
}

function sourceChecked(source: RequestSource): boolean {
  switch (source.kind) {
    case 'list':
      return source.requests.length > 0 && source.requests.every((r) => r.check !== undefined && r.check !== null);
    case 'grpc':
      return source.calls.length > 0 && source.calls.every((c) => c.check !== undefined && c.check !== null);
    case 'mixed':
      return sourceChecked(source.http) && sourceChecked(source.grpc);
    case 'lazy-targets':
      return false;
  }
}
