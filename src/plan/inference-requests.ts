/**
 * inferenceRequests builds the HTTP requests of `loadgen infer`, each once, for every model
 * instance (--models iris:10 spreads requests over iris0..iris9 round-robin) in the chosen
 * serving protocol, with the response check of that protocol and model type (--check).
 */
import { expandPayloadTemplate, type PayloadTemplate } from '../payloads/payload-template.js';
import { expectedOutputs } from '../payloads/expected-outputs.js';
import { inputFlagsTemplate } from '../payloads/input-flag.js';
import { listNamedPayloads, loadNamedPayloadTemplate, loadPayloadFile } from '../payloads/payload-library.js';
import { parseModelsFlag } from '../payloads/models-flag.js';
import type { PayloadSpec } from '../payloads/tensor-spec.js';
import type { ResponseCheck } from '../protocols/checks/response-check.js';
import type { PreparedHttpRequest } from '../protocols/prepared-request.js';
import { buildSeldonHttpRequest, SELDON_DATA_FORMATS, type SeldonDataFormat } from '../protocols/seldon-http.js';
import { buildTfServingHttpRequest, TF_SERVING_FORMATS, type TfServingFormat } from '../protocols/tfserving-http.js';
import { buildV2BinaryHttpRequest } from '../protocols/v2-binary.js';
import { buildV2HttpRequest } from '../protocols/v2-http.js';
import { existsSync } from 'node:fs';
import { UsageError } from './usage-error.js';

/** INFER_PROTOCOLS are the serving protocols infer speaks over HTTP. */
export const INFER_PROTOCOLS = ['v2', 'tfserving', 'seldon'] as const;
export type InferProtocol = (typeof INFER_PROTOCOLS)[number];

/** InferenceFlags are the flags that shape the requests. */
export interface InferenceFlags {
  url: string;
  model?: string;
  models?: string;
  modelVersion?: string;
  payload?: string;
  input?: string | string[];
  batchSize?: number;
  binaryData?: boolean;
  binaryOutput?: boolean;
  check?: boolean;
  format?: string;
  signature?: string;
}

/** ModelPayload is one model instance to send to, with the payload generated for it. */
export interface ModelPayload {
  readonly name: string;
  readonly payload: PayloadSpec;
  readonly template: PayloadTemplate | null;
}

export function inferenceRequests(f: InferenceFlags, protocol: InferProtocol, batchSize: number): PreparedHttpRequest[] {
  return modelPayloads(f, batchSize).map((m) => {
    const request = buildOne(f, protocol, m);
    const check: ResponseCheck | null =
      f.check === false
        ? null
        : {
            protocol: protocol === 'v2' && f.binaryData ? 'v2-binary' : protocol,
            expect: m.template === null ? null : expectedOutputs(m.template, batchSize),
          };
    return { ...request, check };
  });
}

/** modelPayloads resolves --model/--models and --payload/--input into one payload per instance. */
export function modelPayloads(f: InferenceFlags, batchSize: number): ModelPayload[] {
  if (f.models !== undefined) {
    if (f.model !== undefined) throw new UsageError('--model and --models exclude each other');
    return parseModelsFlag(f.models, listNamedPayloads()).flatMap((e) => {
      const template = loadNamedPayloadTemplate(e.type);
      const payload = expandPayloadTemplate(template, batchSize, `payloads/${e.type}.json`);
      return e.names.map((name) => ({ name, payload, template }));
    });
  }
  if (f.model === undefined) throw new UsageError('name the model: --model NAME, or --models TYPE:COUNT,... for several');
  const inputs = f.input === undefined ? [] : ([] as string[]).concat(f.input);
  if (inputs.length > 0) {
    if (f.payload !== undefined) throw new UsageError('--input and --payload exclude each other');
    const template = inputFlagsTemplate(inputs, f.model);
    return [{ name: f.model, payload: expandPayloadTemplate(template, batchSize, '--input'), template }];
  }
  if (f.payload !== undefined && (existsSync(f.payload) || /[/\\.]/.test(f.payload))) {
    if (batchSize !== 1) throw new UsageError('--batch-size applies to named payloads and --input, not to a --payload file');
    return [{ name: f.model, payload: loadPayloadFile(f.payload), template: null }];
  }
  const type = f.payload ?? f.model;
  if (f.payload === undefined && !listNamedPayloads().includes(type)) {
    throw new UsageError(`--payload: no payload is named after model "${f.model}"; give --payload NAME (${listNamedPayloads().join(', ')}), --payload FILE or --input`);
  }
  const template = loadNamedPayloadTemplate(type);
  return [{ name: f.model, payload: expandPayloadTemplate(template, batchSize, `payloads/${type}.json`), template }];
}

function buildOne(f: InferenceFlags, protocol: InferProtocol, m: ModelPayload): PreparedHttpRequest {
  const base = { baseUrl: f.url, model: m.name, version: f.modelVersion, payload: m.payload };
  if (protocol !== 'v2' && (f.binaryData || f.binaryOutput)) throw new UsageError('--binary-data and --binary-output apply to --proto v2');
  switch (protocol) {
    case 'v2':
      if (f.format !== undefined) throw new UsageError('--format applies to --proto tfserving (row|columnar) and seldon (ndarray|tensor)');
      return f.binaryData || f.binaryOutput
        ? buildV2BinaryHttpRequest({ ...base, binaryInputs: f.binaryData === true, binaryOutput: f.binaryOutput === true })
        : buildV2HttpRequest(base);
    case 'tfserving':
      return buildTfServingHttpRequest({ ...base, format: oneOf(f.format, TF_SERVING_FORMATS, 'row') as TfServingFormat, signatureName: f.signature });
    case 'seldon':
      return buildSeldonHttpRequest({ baseUrl: f.url, payload: m.payload, format: oneOf(f.format, SELDON_DATA_FORMATS, 'ndarray') as SeldonDataFormat });
  }
}

function oneOf(value: string | undefined, allowed: readonly string[], fallback: string): string {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) throw new UsageError(`--format: "${value}" is not one of ${allowed.join(', ')}`);
  return value;
}
