/**
 * seldonEnvLayer reads the env contract of Seldon's k6 suite (../shared/spec/model-zoo.md §7) as
 * `loadgen infer` flags, where a variable maps cleanly onto one: so the suite's Jobs and ConfigMaps
 * drive loadgen unchanged. It ranks below the LOADGEN_* variables. Lists are comma-separated and
 * positional per MODEL_TYPE entry, booleans true only for "true", as in the suite. Variables of the
 * control plane (scheduler, CRs, replicas, memory) and the ramping lists have no infer flag and are
 * not read (README: "Seldon k6 suite env contract").
 */
import { UsageError } from '../core/errors.js';
import type { ConfigLayer, ConfigValue } from './config-sources.js';
import type { Env } from './env-layer.js';

/** SELDON_NOTE marks these sources in --print-config. */
export const SELDON_NOTE = "Seldon k6 suite's contract";

export function seldonEnvLayer(env: Env): ConfigLayer {
  const layer = new Map<string, ConfigValue>();
  const set = (flag: string, value: unknown, variable: string): void => {
    layer.set(flag, { value, source: { kind: 'env', variable, note: SELDON_NOTE } });
  };
  const get = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  modelFlags(get, set);
  transportFlags(get, set);
  const rate = get('REQUEST_RATE');
  if (rate !== undefined) set('rate', String(wholeNumber('REQUEST_RATE', rate)), 'REQUEST_RATE');
  const seconds = get('CONSTANT_RATE_DURATION_SECONDS');
  if (seconds !== undefined) set('duration', `${wholeNumber('CONSTANT_RATE_DURATION_SECONDS', seconds)}s`, 'CONSTANT_RATE_DURATION_SECONDS');
  // The suite's booleans are true only for the exact string "true"; ENVOY defaults to true.
  if (get('WARMUP') === 'true') set('warmup', 1, 'WARMUP');
  const envoy = get('ENVOY');
  if (envoy !== undefined && envoy !== 'true') set('seldon-internal', true, 'ENVOY');
  if (get('VIA_PIPELINE') === 'true') set('pipeline', true, 'VIA_PIPELINE');
  const prefix = get('REQUEST_ID_PREFIX');
  if (prefix !== undefined) set('request-id-prefix', prefix, 'REQUEST_ID_PREFIX');
  return layer;
}

type Get = (name: string) => string | undefined;
type Set = (flag: string, value: unknown, variable: string) => void;

/** modelFlags: MODEL_NAME is one fixed model; MODEL_TYPE x MAX_NUM_MODELS are the suite's <type><id> models. */
function modelFlags(get: Get, set: Set): void {
  const types = listOf(get('MODEL_TYPE'));
  const name = get('MODEL_NAME');
  if (name !== undefined) {
    set('model', name, 'MODEL_NAME');
    if (types.length === 1) set('model-type', types[0], 'MODEL_TYPE');
  } else if (types.length > 0) {
    const counts = listOf(get('MAX_NUM_MODELS')).map((n) => wholeNumber('MAX_NUM_MODELS', n));
    set('models', types.map((t, i) => `${t}:${counts[i] ?? 1}`).join(','), counts.length > 0 ? 'MODEL_TYPE, MAX_NUM_MODELS' : 'MODEL_TYPE');
  }
  // The suite routes every request through Envoy by the seldon-model header of its model.
  if (name !== undefined || types.length > 0) set('seldon-model', 'auto', name !== undefined ? 'MODEL_NAME' : 'MODEL_TYPE');
  const batches = [...new Set(listOf(get('INFER_BATCH_SIZE')))];
  if (batches.length > 1) {
    throw new UsageError(`INFER_BATCH_SIZE=${get('INFER_BATCH_SIZE')}: loadgen infer sends one batch size to every model (fix: one value, or one run per batch size)`);
  }
  if (batches.length === 1) set('batch-size', wholeNumber('INFER_BATCH_SIZE', batches[0]!), 'INFER_BATCH_SIZE');
}

/**
 * transportFlags: the VU scenarios' iteration counts (REST calls and gRPC calls per iteration) are
 * the mix of the two transports; without them the constant-rate scenarios' INFER_TYPE picks one.
 */
function transportFlags(get: Get, set: Set): void {
  const httpUrl = get('INFER_HTTP_ENDPOINT');
  const grpcUrl = get('INFER_GRPC_ENDPOINT');
  const httpN = get('INFER_HTTP_ITERATIONS');
  const grpcN = get('INFER_GRPC_ITERATIONS');
  let transport: 'http' | 'grpc' | 'mix' | undefined;
  if (httpN !== undefined || grpcN !== undefined) {
    const h = wholeNumber('INFER_HTTP_ITERATIONS', httpN ?? '1');
    const g = wholeNumber('INFER_GRPC_ITERATIONS', grpcN ?? '1');
    const variables = 'INFER_HTTP_ITERATIONS, INFER_GRPC_ITERATIONS';
    if (h === 0 && g === 0) throw new UsageError('INFER_HTTP_ITERATIONS=0 and INFER_GRPC_ITERATIONS=0 leave nothing to send (fix: make one of them 1 or more)');
    transport = h > 0 && g > 0 ? 'mix' : g > 0 ? 'grpc' : 'http';
    if (transport === 'mix') set('mix', `http:${h},grpc:${g}`, variables);
    else set('transport', transport, variables);
  } else {
    const type = get('INFER_TYPE');
    if (type !== undefined) {
      transport = type === 'REST' ? 'http' : 'grpc';
      set('transport', transport, 'INFER_TYPE');
    }
  }
  if (transport === 'grpc') {
    if (grpcUrl !== undefined) set('url', grpcUrl, 'INFER_GRPC_ENDPOINT');
  } else {
    if (httpUrl !== undefined) set('url', httpUrl, 'INFER_HTTP_ENDPOINT');
    if (transport === 'mix' && grpcUrl !== undefined) set('grpc-url', grpcUrl, 'INFER_GRPC_ENDPOINT');
  }
}

function listOf(text: string | undefined): string[] {
  return text === undefined ? [] : text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function wholeNumber(variable: string, text: string): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(n) || n < 0) throw new UsageError(`${variable}=${text}: expected a whole number, e.g. ${variable}=1`);
  return n;
}
