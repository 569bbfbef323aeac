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
import { buildSeldonHttpRequest } from '../protocols/seldon-http.js';
import { SELDON_DATA_FORMATS, type SeldonDataFormat } from '../payloads/seldon-message.js';
import { buildTfServingHttpRequest, TF_SERVING_FORMATS, type TfServingFormat } from '../protocols/tfserving-http.js';
import { buildV2BinaryHttpRequest } from '../protocols/v2-binary.js';
import { buildV2HttpRequest } from '../protocols/v2-http.js';
import { existsSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import type { InferenceFlags } from './infer-flags.js';
import { ACCEPT_IDENTITY, RequestIdGenerator, seldonModelName, seldonRoutingHeaders, type SeldonRouting } from '../protocols/seldon-routing.js';

/** INFER_PROTOCOLS are the serving protocols infer speaks over HTTP. */
export const INFER_PROTOCOLS = ['v2', 'tfserving', 'seldon'] as const;
export type InferProtocol = (typeof INFER_PROTOCOLS)[number];

/** ModelPayload is one model instance to send to, with the payload generated for it. */
export interface ModelPayload {
  readonly name: string;
  readonly payload: PayloadSpec;
  readonly template: PayloadTemplate | null;
}

/** inferenceRequests builds one request per model instance, in the models' order. */
export function inferenceRequests(f: InferenceFlags, protocol: InferProtocol, models: readonly ModelPayload[], batchSize: number): PreparedHttpRequest[] {
  const prefix = f.requestIdPrefix;
  if (prefix !== undefined) new RequestIdGenerator(prefix); // validates the prefix now, not in a worker
  return models.map((model) => {
    const routing = seldonRouting(f, model.name);
    const m = routing === null ? model : { ...model, name: seldonModelName(routing) };
    const built = buildOne(f, protocol, m);
    const request = routing === null ? built : { ...built, headers: [...built.headers, ...seldonRoutingHeaders(routing), [...ACCEPT_IDENTITY] as [string, string]] };
    const check: ResponseCheck | null =
      f.check === false
        ? null
        : {
            protocol: protocol === 'v2' && f.binaryData ? 'v2-binary' : protocol,
            expect: m.template === null ? null : expectedOutputs(m.template, batchSize),
          };
    return { ...request, check, requestIdPrefix: prefix ?? null };
  });
}

/**
 * seldonRouting is the Seldon Core 2 routing of a request (--seldon-model, --pipeline,
 * --seldon-internal), null without --seldon-model. With --seldon-internal (bypassing Envoy) the
 * versioned name `<model>_1` is used everywhere: path, model name and both routing headers.
 */
export function seldonRouting(f: InferenceFlags, model: string): SeldonRouting | null {
  if (f.seldonModel === undefined) {
    if (f.pipeline || f.seldonInternal) throw new UsageError('--pipeline and --seldon-internal go with --seldon-model NAME (or auto)');
    return null;
  }
  return { model: f.seldonModel === 'auto' ? model : f.seldonModel, pipeline: f.pipeline === true, envoy: f.seldonInternal !== true };
}

/** routedModelName is the name a request addresses the model by: its own, or Seldon Core 2's routed name. */
export function routedModelName(f: InferenceFlags, model: string): string {
  const routing = seldonRouting(f, model);
  return routing === null ? model : seldonModelName(routing);
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
  if (f.modelType !== undefined) {
    if (f.payload !== undefined || f.input !== undefined) throw new UsageError('--model-type picks the payload; leave out --payload and --input');
    if (!listNamedPayloads().includes(f.modelType)) {
      throw new UsageError(`--model-type: unknown model type "${f.modelType}"; available: ${listNamedPayloads().join(', ')}`);
    }
    const template = loadNamedPayloadTemplate(f.modelType);
    const name = f.model ?? f.modelType;
    return [{ name, payload: expandPayloadTemplate(template, batchSize, `payloads/${f.modelType}.json`), template }];
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
