/**
 * Payload file formats: `--payload FILE` takes a request in any of the forms users already have
 * (a V2 REST body, a V2 gRPC protojson ModelInferRequest, a TF Serving predict body, or a
 * SeldonMessage). sniffPayloadFormat tells them apart; payloadFromJson converts to a PayloadSpec.
 */
import { UsageError } from '../core/errors.js';
import { looksLikeProtojson, payloadFromProtojson } from './payload-protojson.js';
import { payloadFromSeldon, SELDON_KEYS } from './payload-seldon.js';
import { payloadFromTfServing } from './payload-tfserving.js';
import { payloadFromV2Json } from './payload-v2-json.js';
import type { PayloadSpec } from './tensor-spec.js';

/** PayloadFormat is a payload file's format. */
export type PayloadFormat = 'v2-json' | 'v2-protojson' | 'tfserving' | 'seldon';

/**
 * sniffPayloadFormat names the format of a parsed payload file, or undefined when it is none:
 * `instances` is TF Serving; `data` (or `strData`, ...) is Seldon; gRPC-only keys or inputs with
 * `contents` are protojson; `inputs` as an array of objects is V2 JSON; any other `inputs` (a
 * value or a `{name: value}` map) is TF Serving columnar.
 */
export function sniffPayloadFormat(body: unknown): PayloadFormat | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  if (b.instances !== undefined) return 'tfserving';
  if (SELDON_KEYS.some((k) => b[k] !== undefined)) return 'seldon';
  if (looksLikeProtojson(b)) return 'v2-protojson';
  if (Array.isArray(b.inputs)) return b.inputs.every(isV2Input) ? 'v2-json' : 'tfserving';
  if (b.inputs !== undefined) return 'tfserving';
  return undefined;
}

/** isV2Input tells a V2 input object from a TF Serving value (`{"b64": ...}` is a value). */
function isV2Input(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return !(keys.length === 1 && keys[0] === 'b64');
}

/**
 * payloadFromJson converts a parsed payload file into a PayloadSpec (not yet validated). An
 * unknown format or a malformed request throws a one-line UsageError starting with source.
 */
export function payloadFromJson(body: unknown, source: string): PayloadSpec {
  const format = sniffPayloadFormat(body);
  const b = body as Record<string, unknown>;
  switch (format) {
    case 'v2-json':
      return payloadFromV2Json(b, source);
    case 'v2-protojson':
      return payloadFromProtojson(b, source);
    case 'tfserving':
      return payloadFromTfServing(b, source);
    case 'seldon':
      return payloadFromSeldon(b, source);
    case undefined:
      throw new UsageError(
        `${source}: expected a V2 inference request object with an "inputs" array, a gRPC ModelInferRequest, a TF Serving body ("instances" or "inputs") or a SeldonMessage ("data")`,
      );
  }
}
