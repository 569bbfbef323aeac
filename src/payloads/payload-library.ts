/**
 * The payload library: named payloads shipped in the package's `payloads/` folder (model-zoo
 * fixtures generated for a batch size) and user payload files (a V2 REST request body).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../plan/usage-error.js';
import { flattenTensorData } from './tensor-data.js';
import { expandPayloadTemplate, parsePayloadTemplate, type PayloadTemplate } from './payload-template.js';
import { validatePayload, type PayloadSpec, type TensorSpec } from './tensor-spec.js';

/** PAYLOADS_DIR_NAME is the data folder, at the package root, next to package.json. */
const PAYLOADS_DIR_NAME = 'payloads';

/** NAME_PATTERN keeps named payloads inside the payloads folder (no paths, no dots). */
const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

let payloadsDirCache: string | undefined;

/**
 * payloadsDir finds `<package root>/payloads` by walking up from this module: the compiled file
 * lives at dist/src/payloads/ and the source at src/payloads/, so the depth differs.
 */
export function payloadsDir(): string {
  if (payloadsDirCache !== undefined) return payloadsDirCache;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, PAYLOADS_DIR_NAME))) {
      payloadsDirCache = join(dir, PAYLOADS_DIR_NAME);
      return payloadsDirCache;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`loadgen: cannot find the "${PAYLOADS_DIR_NAME}" folder above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** listNamedPayloads returns the names of the shipped payloads, sorted (e.g. `echo`, `iris`, `tfsimple`). */
export function listNamedPayloads(): string[] {
  return readdirSync(payloadsDir())
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .filter((n) => NAME_PATTERN.test(n))
    .sort();
}

/**
 * loadNamedPayloadTemplate reads and checks `payloads/<name>.json`; unknown names throw a
 * UsageError listing the available ones.
 */
export function loadNamedPayloadTemplate(name: string): PayloadTemplate {
  const available = listNamedPayloads();
  if (!NAME_PATTERN.test(name) || !available.includes(name)) {
    throw new UsageError(`--payload: unknown payload "${name}"; available: ${available.join(', ')}`);
  }
  const file = join(payloadsDir(), `${name}.json`);
  return parsePayloadTemplate(readJson(file, `payload "${name}"`), `payloads/${name}.json`);
}

/**
 * loadNamedPayload generates the named payload for batchSize samples (model-zoo.md section 3),
 * e.g. `iris` with B = 2 is `predict` FP32 [2,4] with data 0..7.
 */
export function loadNamedPayload(name: string, batchSize = 1): PayloadSpec {
  return expandPayloadTemplate(loadNamedPayloadTemplate(name), batchSize, `payloads/${name}.json`);
}

/**
 * loadPayloadFile reads a user's V2 REST request body (`{"inputs": [...], "parameters"?,
 * "outputs"?}`; data flat or nested) and validates it. An unreadable file, bad JSON, binary tensor
 * inputs or invalid tensors throw a one-line UsageError naming the file. `id` is ignored: request
 * ids belong to the sender, not to the payload.
 */
export function loadPayloadFile(path: string): PayloadSpec {
  const source = `payload file "${path}"`;
  const body = readJson(resolve(path), source);
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !Array.isArray((body as { inputs?: unknown }).inputs)) {
    throw new UsageError(`${source}: expected a V2 inference request object with an "inputs" array`);
  }
  const request = body as { inputs: unknown[]; parameters?: unknown; outputs?: unknown };
  const spec: PayloadSpec = { inputs: request.inputs.map((input, i) => toTensorSpec(input, i, source)) };
  if (request.parameters !== undefined) spec.parameters = request.parameters as PayloadSpec['parameters'];
  if (request.outputs !== undefined) spec.outputs = request.outputs as PayloadSpec['outputs'];
  validatePayload(spec, source);
  return spec;
}

/** toTensorSpec copies the fields loadgen sends and flattens nested data. */
function toTensorSpec(input: unknown, index: number, source: string): TensorSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new UsageError(`${source}: inputs[${index}] is not an object`);
  }
  const t = input as Record<string, unknown>;
  const label = typeof t.name === 'string' && t.name !== '' ? `input "${t.name}"` : `inputs[${index}]`;
  const params = t.parameters as Record<string, unknown> | undefined;
  if (t.data === undefined && params !== undefined && params.binary_data_size !== undefined) {
    throw new UsageError(`${source}: ${label} uses binary tensor data, which payload files do not support; give "data" as JSON`);
  }
  if (!Array.isArray(t.data)) throw new UsageError(`${source}: ${label}: "data" is missing or not an array`);
  let data: unknown[];
  try {
    data = flattenTensorData(t.data);
  } catch (err) {
    throw new UsageError(`${source}: ${label}: ${(err as Error).message}`);
  }
  const spec = { name: t.name, datatype: t.datatype, shape: t.shape, data } as TensorSpec;
  if (t.parameters !== undefined) spec.parameters = t.parameters as TensorSpec['parameters'];
  return spec;
}

/** readJson reads and parses a JSON file, turning any failure into a one-line UsageError. */
function readJson(file: string, source: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`${source}: cannot read ${file}: ${e.code ?? e.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${source}: invalid JSON: ${oneLine((err as Error).message)}`);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
