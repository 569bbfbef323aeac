/**
 * OipRoute is what an Open Inference Protocol REST path asks for (spec: inference-protocols.md
 * 1.1), decoded once per request by the reference server.
 */

/** OipRoute is the endpoint a path names; model and version are URL-decoded. */
export type OipRoute =
  | { readonly kind: 'live' }
  | { readonly kind: 'ready' }
  | { readonly kind: 'server-metadata' }
  | { readonly kind: 'model-metadata'; readonly model: string; readonly version: string | undefined }
  | { readonly kind: 'model-ready'; readonly model: string; readonly version: string | undefined }
  | { readonly kind: 'infer'; readonly model: string; readonly version: string | undefined }
  | { readonly kind: 'repository-index' }
  | { readonly kind: 'repository-load'; readonly model: string }
  | { readonly kind: 'repository-unload'; readonly model: string }
  | { readonly kind: 'unknown' };

const LIVE: OipRoute = { kind: 'live' };
const READY: OipRoute = { kind: 'ready' };
const SERVER_METADATA: OipRoute = { kind: 'server-metadata' };
const UNKNOWN: OipRoute = { kind: 'unknown' };
const REPOSITORY_INDEX: OipRoute = { kind: 'repository-index' };
const REPOSITORY_MODELS = '/v2/repository/models/';

/**
 * parseOipRoute maps a URL path (no query) to its route: `/v2`, `/v2/health/{live,ready}`,
 * `/v2/models/{m}[/versions/{v}]`, and that followed by `/ready` or `/infer`, and the repository
 * extension's `/v2/repository/index` and `/v2/repository/models/{m}/{load,unload}`. Anything
 * else, including undecodable percent-escapes, is `unknown`.
 */
export function parseOipRoute(path: string): OipRoute {
  if (path === '/v2' || path === '/v2/') return SERVER_METADATA;
  if (path === '/v2/health/live') return LIVE;
  if (path === '/v2/health/ready') return READY;
  if (path === '/v2/repository/index') return REPOSITORY_INDEX;
  if (path.startsWith(REPOSITORY_MODELS)) return repositoryRoute(path.slice(REPOSITORY_MODELS.length));
  if (!path.startsWith('/v2/models/')) return UNKNOWN;
  const parts = path.slice('/v2/models/'.length).split('/');
  let model: string;
  let version: string | undefined;
  try {
    model = decodeURIComponent(parts[0]);
    if (parts.length >= 3 && parts[1] === 'versions') version = decodeURIComponent(parts[2]);
  } catch {
    return UNKNOWN;
  }
  if (model === '' || version === '') return UNKNOWN;
  const rest = version === undefined ? parts.length - 1 : parts.length - 3;
  const action = rest === 0 ? '' : rest === 1 ? parts[parts.length - 1] : undefined;
  switch (action) {
    case '':
      return { kind: 'model-metadata', model, version };
    case 'ready':
      return { kind: 'model-ready', model, version };
    case 'infer':
      return { kind: 'infer', model, version };
    default:
      return UNKNOWN;
  }
}

/** repositoryRoute parses `{m}/load` or `{m}/unload`. */
function repositoryRoute(rest: string): OipRoute {
  const slash = rest.indexOf('/');
  if (slash <= 0) return UNKNOWN;
  const action = rest.slice(slash + 1);
  if (action !== 'load' && action !== 'unload') return UNKNOWN;
  try {
    const model = decodeURIComponent(rest.slice(0, slash));
    return { kind: action === 'load' ? 'repository-load' : 'repository-unload', model };
  } catch {
    return UNKNOWN;
  }
}

/** routeModel is the model a route names, or undefined. */
export function routeModel(route: OipRoute): string | undefined {
  return 'model' in route ? route.model : undefined;
}
