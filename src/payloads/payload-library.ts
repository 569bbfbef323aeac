/**
 * The payload library: named payloads shipped in the package's `payloads/` folder (model-zoo
 * fixtures generated for a batch size) and user payload files (V2 REST or gRPC protojson, TF
 * Serving or SeldonMessage JSON; see payload-formats.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { packagePath } from '../core/package-root.js';
import { payloadFromJson } from './payload-formats.js';
import { expandPayloadTemplate, parsePayloadTemplate, type PayloadTemplate } from './payload-template.js';
import { validatePayload, type PayloadSpec } from './tensor-spec.js';

/** PAYLOADS_DIR_NAME is the data folder, at the package root, next to package.json. */
const PAYLOADS_DIR_NAME = 'payloads';

/** NAME_PATTERN keeps named payloads inside the payloads folder (no paths, no dots). */
const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

/** payloadsDir is the package's payloads/ folder. */
export function payloadsDir(): string {
  return packagePath(PAYLOADS_DIR_NAME);
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
 * loadPayloadFile reads a user's request file and validates it. The format is sniffed
 * (payload-formats.ts): a V2 REST body (`{"inputs": [...], "parameters"?, "outputs"?}`; data flat
 * or nested), a V2 gRPC protojson ModelInferRequest (`contents`), a TF Serving predict body
 * (`instances` or `inputs`) or a SeldonMessage (`data`). An unreadable file, bad JSON, an unknown
 * format, unsupported forms (binary or raw tensor data, Seldon `strData`, ...) or invalid tensors
 * throw a one-line UsageError naming the file.
 */
export function loadPayloadFile(path: string): PayloadSpec {
  const source = `payload file "${path}"`;
  const spec = payloadFromJson(readJson(resolve(path), source), source);
  validatePayload(spec, source);
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
