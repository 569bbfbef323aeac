/**
 * `--input NAME:DATATYPE:SHAPE[:FILL]` builds a synthetic input tensor for any model, e.g.
 * `--input input_1:FP32:B,224,224,3:random` or `--input INPUT:FP32:4:constant=0.1`. Several
 * `--input` flags make one payload template (inputFlagsTemplate), expanded for the batch size like
 * a named payload.
 *
 * - SHAPE: comma-separated non-negative dimensions, optionally in brackets (`[B,4]`); `B` as the
 *   first dimension is the batch dimension (a model's `-1` is refused with that hint); `[]` is a scalar.
 * - FILL (default `zeros`): `zeros`, `ones`, `seq[=START[,STEP]]`, `random[=MIN,MAX[,SEED]]`,
 *   `constant=VALUE` (a number, `true`/`false` for BOOL, any text for BYTES).
 * - NAME may contain colons (TensorFlow's `input:0`): the first field that is a datatype ends it.
 */
import { UsageError } from '../core/errors.js';
import { DATATYPES, isDatatype, type Datatype } from './datatype.js';
import { FILL_KINDS, type FillRule } from './fill-rule.js';
import { BATCH_DIM, type InputTemplate, type PayloadTemplate } from './payload-template.js';

/** INPUT_FLAG_FORM is the accepted form, for help text and errors. */
export const INPUT_FLAG_FORM = 'NAME:DATATYPE:SHAPE[:FILL], e.g. input_1:FP32:B,224,224,3:random';

/** MAX_INPUT_ELEMENTS bounds one synthetic tensor per sample (elements), so a typo cannot exhaust memory. */
export const MAX_INPUT_ELEMENTS = 16 * 1024 * 1024;

/** DEFAULT_INPUT_FILL is the fill of an `--input` without one. */
export const DEFAULT_INPUT_FILL: FillRule = { kind: 'zeros' };

/**
 * parseInputFlag reads one `--input` value into an InputTemplate (shape with -1 first for a batch
 * dimension). Bad text throws a one-line UsageError naming the field at fault.
 */
export function parseInputFlag(text: string): InputTemplate {
  const fail = (why: string): never => {
    throw new UsageError(`--input "${text}": ${why}; use ${INPUT_FLAG_FORM}`);
  };
  const parts = text.split(':');
  let at = -1;
  for (let i = 1; i < parts.length; i++) {
    if (isDatatype(parts[i].trim().toUpperCase())) {
      at = i;
      break;
    }
  }
  if (at < 0) return fail(`no datatype (one of ${DATATYPES.join(', ')})`);
  const name = parts.slice(0, at).join(':').trim();
  if (name === '') fail('the input name is empty');
  const datatype = parts[at].trim().toUpperCase() as Datatype;
  if (at + 1 >= parts.length) fail('no shape');
  const shape = parseShape(parts[at + 1], fail);
  const fillText = parts.slice(at + 2).join(':');
  const fill = at + 2 < parts.length ? parseFill(fillText, datatype, fail) : DEFAULT_INPUT_FILL;
  let perSample = 1;
  for (const d of shape) if (d !== BATCH_DIM) perSample *= d;
  if (perSample > MAX_INPUT_ELEMENTS) fail(`${perSample} elements per sample is more than the ${MAX_INPUT_ELEMENTS} allowed`);
  if (fill.kind === 'seq' && datatype === 'BOOL') fail('fill "seq" cannot produce BOOL values');
  if (fill.kind === 'random' && datatype === 'BYTES') fail('fill "random" cannot produce BYTES values');
  return { name, datatype, shape, fill };
}

/**
 * inputFlagsTemplate turns one or more `--input` values into a payload template for model: with a
 * batch dimension when every input has one (`B` first), without when none has. Mixing the two,
 * or naming an input twice, throws a one-line UsageError.
 */
export function inputFlagsTemplate(texts: readonly string[], model: string): PayloadTemplate {
  if (texts.length === 0) throw new UsageError('--input: give at least one input');
  const inputs = texts.map(parseInputFlag);
  const batched = inputs.filter((t) => t.shape[0] === BATCH_DIM).length;
  if (batched !== 0 && batched !== inputs.length) {
    throw new UsageError('--input: either every input starts its shape with B (the batch dimension) or none does');
  }
  const seen = new Set<string>();
  for (const t of inputs) {
    if (seen.has(t.name)) throw new UsageError(`--input: input "${t.name}" is given more than once`);
    seen.add(t.name);
  }
  return { model, description: 'synthetic inputs from --input', batchDimension: batched > 0, inputs };
}

function parseShape(text: string, fail: (why: string) => never): number[] {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1).trim();
  if (s === '') return [];
  return s.split(',').map((part, i) => {
    const p = part.trim();
    if (i === 0 && (p === 'B' || p === 'b')) return BATCH_DIM;
    if (/^-\d+$/.test(p)) {
      return fail(`shape dimension ${p} is negative; dimensions are non-negative integers${i === 0 ? ' (write B for the batch dimension, e.g. B,4)' : ''}`);
    }
    if (!/^\d+$/.test(p)) {
      return fail(`shape dimension ${JSON.stringify(p)} is not a non-negative integer${i === 0 ? ' or B' : ' (only the first dimension may be B)'}`);
    }
    return Number(p);
  });
}

function parseFill(text: string, datatype: Datatype, fail: (why: string) => never): FillRule {
  const eq = text.indexOf('=');
  const kind = (eq < 0 ? text : text.slice(0, eq)).trim().toLowerCase();
  const arg = eq < 0 ? undefined : text.slice(eq + 1);
  const numbers = (min: number, max: number): number[] => {
    if (arg === undefined) return [];
    const values = arg.split(',').map((v) => v.trim());
    if (values.length < min || values.length > max || values.some((v) => v === '' || !Number.isFinite(Number(v)))) {
      return fail(`fill "${kind}" takes ${min === max ? min : `${min} to ${max}`} comma-separated numbers, got "${arg}"`);
    }
    return values.map(Number);
  };
  switch (kind) {
    case 'zeros':
    case 'ones':
      if (arg !== undefined) fail(`fill "${kind}" takes no value`);
      return { kind };
    case 'seq': {
      const [start, step] = numbers(1, 2);
      const rule: FillRule = { kind: 'seq' };
      if (start !== undefined) rule.start = start;
      if (step !== undefined) rule.step = step;
      return rule;
    }
    case 'random': {
      const [min, max, seed] = numbers(2, 3);
      const rule: FillRule = { kind: 'random' };
      if (min !== undefined) rule.min = min;
      if (max !== undefined) rule.max = max;
      if (seed !== undefined) rule.seed = seed;
      if (min !== undefined && !(min <= max)) fail(`fill "random" needs MIN <= MAX, got ${min} and ${max}`);
      return rule;
    }
    case 'constant':
      if (arg === undefined) fail('fill "constant" needs a value: constant=VALUE');
      return { kind: 'constant', value: constantValue(arg as string, datatype, fail) };
    default:
      return fail(`unknown fill "${kind}" (use one of ${FILL_KINDS.join(', ')})`);
  }
}

function constantValue(arg: string, datatype: Datatype, fail: (why: string) => never): number | string | boolean {
  if (datatype === 'BYTES') return arg;
  const v = arg.trim();
  if (datatype === 'BOOL') {
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
    return fail(`fill "constant" for BOOL needs true or false, got "${arg}"`);
  }
  if (v === '' || !Number.isFinite(Number(v))) fail(`fill "constant" for ${datatype} needs a number, got "${arg}"`);
  return Number(v);
}
