/**
 * PayloadTemplate is the declarative form of a named payload (`payloads/<name>.json`): input
 * names, datatypes and shapes with -1 for the batch dimension, plus a fill rule per input. Expanding
 * it for a batch size B gives the PayloadSpec of model-zoo.md section 3.
 *
 * Example (`payloads/iris.json`):
 * `{"model": "iris", "batchDimension": true,
 *   "inputs": [{"name": "predict", "datatype": "FP32", "shape": [-1, 4], "fill": {"kind": "seq"}}],
 *   "outputs": [{"name": "predict"}]}`
 *
 * `outputs` (optional) lists what a response must carry for the response checks (names, and
 * datatypes and shapes where known; see expected-outputs.ts); `requestOutputs` (optional) is the
 * OIP `outputs[]` the request asks for.
 */
import { UsageError } from '../core/errors.js';
import { isDatatype, type Datatype } from './datatype.js';
import { FILL_KINDS, fillValues, type FillRule } from './fill-rule.js';
import { validatePayload, type Parameters, type PayloadSpec, type RequestedOutput, type TensorSpec } from './tensor-spec.js';

/** BATCH_DIM marks the batch dimension in a template shape (as OIP model metadata does). */
export const BATCH_DIM = -1;

/** InputTemplate generates one input tensor. */
export interface InputTemplate {
  name: string;
  datatype: Datatype;
  /** shape has BATCH_DIM (-1) as its first dimension when the template has a batch dimension. */
  shape: number[];
  fill: FillRule;
  parameters?: Parameters;
}

/**
 * OutputTemplate is one output a response for this model type must carry (the response checks'
 * expectation): its name, and optionally its datatype and shape (-1 first = the batch size B).
 * Leave out what real servers disagree on (e.g. MLServer answers [B,1] where others answer [B]).
 */
export interface OutputTemplate {
  name: string;
  datatype?: Datatype;
  shape?: number[];
}

/** PayloadTemplate generates the payload of one model type for any batch size. */
export interface PayloadTemplate {
  /** model is the model name the payload is meant for (the default `--model`). */
  model: string;
  description?: string;
  /** batchDimension false means the model accepts only batch size 1 (e.g. add10, fixed dims [4]). */
  batchDimension: boolean;
  inputs: InputTemplate[];
  parameters?: Parameters;
  /** outputs are the outputs a well-formed response carries; absent means not known (any output passes). */
  outputs?: OutputTemplate[];
  /** requestOutputs restricts the outputs asked for (OIP `outputs[]`), e.g. BERT's `bert_encoder_1`. */
  requestOutputs?: RequestedOutput[];
}

/**
 * expandPayloadTemplate builds the payload for batchSize samples: -1 in each shape becomes
 * batchSize and each input is filled by its rule. It throws a one-line UsageError (prefixed with
 * source) for a batch size that is not a positive integer, a batch size above 1 for a model
 * without a batch dimension (model-zoo.md 8.3), or values the datatype cannot hold.
 */
export function expandPayloadTemplate(template: PayloadTemplate, batchSize: number, source: string): PayloadSpec {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new UsageError(`--batch-size: must be a positive integer, got ${batchSize}`);
  }
  if (!template.batchDimension && batchSize !== 1) {
    throw new UsageError(`--batch-size: model "${template.model}" has no batch dimension (${source}); use --batch-size 1`);
  }
  const inputs: TensorSpec[] = template.inputs.map((t) => {
    const shape = t.shape.map((d) => (d === BATCH_DIM ? batchSize : d));
    const count = shape.reduce((a, b) => a * b, 1);
    const tensor: TensorSpec = {
      name: t.name,
      datatype: t.datatype,
      shape,
      data: fillValues(t.fill, t.datatype, count, `${source}: input "${t.name}"`),
    };
    if (t.parameters !== undefined) tensor.parameters = t.parameters;
    return tensor;
  });
  const spec: PayloadSpec = { inputs };
  if (template.parameters !== undefined) spec.parameters = template.parameters;
  if (template.requestOutputs !== undefined) spec.outputs = template.requestOutputs;
  validatePayload(spec, source);
  return spec;
}

/**
 * parsePayloadTemplate checks that a parsed JSON value is a PayloadTemplate, throwing a one-line
 * UsageError prefixed with source that names the field at fault.
 */
export function parsePayloadTemplate(value: unknown, source: string): PayloadTemplate {
  const fail = (what: string): never => {
    throw new UsageError(`${source}: ${what}`);
  };
  if (!isObject(value)) return fail('a payload template must be a JSON object');
  if (typeof value.model !== 'string' || value.model === '') fail('"model" must be a non-empty string');
  if (typeof value.batchDimension !== 'boolean') fail('"batchDimension" must be true or false');
  if (!Array.isArray(value.inputs) || value.inputs.length === 0) fail('"inputs" must be a non-empty array');
  if (value.description !== undefined && typeof value.description !== 'string') fail('"description" must be a string');
  if (value.parameters !== undefined && !isObject(value.parameters)) fail('"parameters" must be an object');
  const batchDimension = value.batchDimension as boolean;
  (value.inputs as unknown[]).forEach((input, i) => checkInput(input, i, batchDimension, fail));
  const names = new Set((value.inputs as InputTemplate[]).map((t) => t.name));
  if (names.size !== (value.inputs as unknown[]).length) fail('two inputs have the same name');
  if (value.outputs !== undefined) checkOutputs(value.outputs, batchDimension, fail);
  if (value.requestOutputs !== undefined) checkRequestOutputs(value.requestOutputs, fail);
  return value as unknown as PayloadTemplate;
}

function checkOutputs(outputs: unknown, batchDimension: boolean, fail: (what: string) => never): void {
  if (!Array.isArray(outputs)) fail('"outputs" must be an array');
  const seen = new Set<string>();
  (outputs as unknown[]).forEach((o, i) => {
    if (!isObject(o) || typeof o.name !== 'string' || o.name === '') fail(`outputs[${i}] needs a non-empty "name"`);
    const out = o as Record<string, unknown>;
    const label = `output "${String(out.name)}"`;
    if (seen.has(out.name as string)) fail(`${label} appears more than once`);
    seen.add(out.name as string);
    if (out.datatype !== undefined && !isDatatype(out.datatype)) fail(`${label}: unknown datatype ${JSON.stringify(out.datatype)}`);
    const shape = out.shape;
    if (shape !== undefined && (!Array.isArray(shape) || !shape.every((d, j) => isDimension(d, j, batchDimension)))) {
      fail(`${label}: "shape" must be non-negative integers${batchDimension ? ', with -1 (the batch dimension) first' : ''}`);
    }
  });
}

function checkRequestOutputs(outputs: unknown, fail: (what: string) => never): void {
  if (!Array.isArray(outputs) || outputs.length === 0) fail('"requestOutputs" must be a non-empty array');
  (outputs as unknown[]).forEach((o, i) => {
    if (!isObject(o) || typeof o.name !== 'string' || o.name === '') fail(`requestOutputs[${i}] needs a non-empty "name"`);
    if ((o as Record<string, unknown>).parameters !== undefined && !isObject((o as Record<string, unknown>).parameters)) {
      fail(`requestOutputs[${i}]: "parameters" must be an object`);
    }
  });
}

function checkInput(input: unknown, index: number, batchDimension: boolean, fail: (what: string) => never): void {
  if (!isObject(input) || typeof input.name !== 'string' || input.name === '') {
    fail(`inputs[${index}] needs a non-empty "name"`);
    return;
  }
  const label = `input "${input.name}"`;
  if (!isDatatype(input.datatype)) fail(`${label}: unknown datatype ${JSON.stringify(input.datatype)}`);
  const shape = input.shape;
  if (!Array.isArray(shape) || !shape.every((d, i) => isDimension(d, i, batchDimension))) {
    fail(
      `${label}: "shape" must be non-negative integers${batchDimension ? ', with -1 (the batch dimension) first' : ' (no -1: the template has no batch dimension)'}`,
    );
  }
  if (batchDimension && (shape as number[])[0] !== BATCH_DIM) fail(`${label}: the shape must start with -1, the batch dimension`);
  parseFill(input.fill, label, fail);
  if (input.parameters !== undefined && !isObject(input.parameters)) fail(`${label}: "parameters" must be an object`);
}

function isDimension(d: unknown, index: number, batchDimension: boolean): boolean {
  if (typeof d !== 'number' || !Number.isSafeInteger(d)) return false;
  return d >= 0 || (batchDimension && index === 0 && d === BATCH_DIM);
}

function parseFill(fill: unknown, label: string, fail: (what: string) => never): void {
  if (!isObject(fill) || !(FILL_KINDS as readonly unknown[]).includes(fill.kind)) {
    fail(`${label}: "fill" must be an object with "kind" one of ${FILL_KINDS.join(', ')}`);
    return;
  }
  const numeric = (key: string): void => {
    if (fill[key] !== undefined && (typeof fill[key] !== 'number' || !Number.isFinite(fill[key]))) {
      fail(`${label}: fill "${String(fill.kind)}" field "${key}" must be a number`);
    }
  };
  if (fill.kind === 'constant') {
    const t = typeof fill.value;
    if (t !== 'number' && t !== 'string' && t !== 'boolean') fail(`${label}: fill "constant" needs a "value" (number, string or boolean)`);
  }
  if (fill.kind === 'seq') ['start', 'step'].forEach(numeric);
  if (fill.kind === 'random') ['min', 'max', 'seed'].forEach(numeric);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
