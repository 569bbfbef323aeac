/**
 * ServerRoute is what a request path asks the reference server for, across the protocols it
 * serves: OIP REST with the repository extension (oip-route.ts), TF Serving REST
 * (tfserving-api.ts) and Seldon v1 REST (seldon-api.ts).
 */
import { parseOipRoute, type OipRoute } from './oip-route.js';
import { parseSeldonRoute, type SeldonRoute } from './seldon-api.js';
import { parseTfServingRoute, type TfServingRoute } from './tfserving-api.js';

/** ServerRoute is one route of any served protocol, or the Prometheus metrics endpoint. */
export type ServerRoute = OipRoute | TfServingRoute | SeldonRoute | { readonly kind: 'metrics' };

/** METRICS_PATH is where the server's Prometheus metrics are (Triton and MLServer use /metrics too). */
export const METRICS_PATH = '/metrics';

/** parseServerRoute maps a URL path (no query) to its route (`unknown` when none matches). */
export function parseServerRoute(path: string): ServerRoute {
  if (path === METRICS_PATH) return { kind: 'metrics' };
  if (path.startsWith('/v1/')) return parseTfServingRoute(path) ?? { kind: 'unknown' };
  if (path.endsWith('/predictions')) return parseSeldonRoute(path) ?? { kind: 'unknown' };
  return parseOipRoute(path);
}

/** routeMethod is the method a route takes (GET routes also take HEAD). */
export function routeMethod(route: ServerRoute): 'GET' | 'POST' {
  switch (route.kind) {
    case 'infer':
    case 'repository-index':
    case 'repository-load':
    case 'repository-unload':
    case 'tfs-predict':
    case 'seldon-predict':
      return 'POST';
    default:
      return 'GET';
  }
}

/** serverRouteModel is the model a route names, for per-model counts (Seldon's bare path names none). */
export function serverRouteModel(route: ServerRoute): string | undefined {
  if (route.kind === 'seldon-predict') return route.deployment;
  return 'model' in route ? route.model : undefined;
}
