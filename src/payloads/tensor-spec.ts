/**
 * TensorSpec and PayloadSpec are the protocol-neutral form of an inference request's inputs: what
 * named payloads and payload files turn into, and what protocol builders (V2 REST, gRPC, ...)
 * encode. Data is flat and row-major, as the OIP REST and gRPC forms both carry it.
 */
import { UsageError } from '../core/errors.js';
import { isDatatype, type Datatype } from './datatype.js';
import { shapeProblem, tensorDataProblem } from './tensor-data.js';

/** Datatype is re-exported here so payload users need one import; it lives in datatype.ts. */
export type { Datatype } from './datatype.js';

/** ParameterValue is an OIP parameter value (request, input or output level). */
export type ParameterValue = string | number | boolean;

/** Parameters are OIP parameters, e.g. MLServer's `{"content_type": "pd"}`. */
export type Parameters = Record<string, ParameterValue>;

/** TensorSpec is one input tensor: flat row-major data whose length is the product of shape. */
export interface TensorSpec {
  name: string;
  datatype: Datatype;
  /** shape is concrete (no -1); shape[0] is the batch size for models with a batch dimension. */
  shape: number[];
  /** data is numbers for numeric datatypes, strings for BYTES, booleans for BOOL. */
  data: number[] | string[] | boolean[];
  /** parameters are input-level OIP parameters, e.g. `{"content_type": "str"}`. */
  parameters?: Parameters;
}

/** RequestedOutput names one output to return (OIP `outputs[]`); absent means all outputs. */
export interface RequestedOutput {
  name: string;
  parameters?: Parameters;
}

/** PayloadSpec is the body of one inference request, independent of the wire protocol. */
export interface PayloadSpec {
  inputs: TensorSpec[];
  /** parameters are request-level OIP parameters. */
  parameters?: Parameters;
  /** outputs restricts and configures the returned outputs; absent means all. */
  outputs?: RequestedOutput[];
}

/**
 * validatePayload checks a payload before it is sent (spec: inference-protocols.md 7.2, model-zoo.md
 * 8.2): at least one input, every input named once, a known datatype, a concrete shape, data whose
 * length is the product of the shape and whose elements match the datatype, and primitive
 * parameter values. It throws a UsageError whose one-line message starts with source and names the
 * input at fault.
 */
export function validatePayload(spec: PayloadSpec, source: string): void {
  const problem = payloadProblem(spec);
  if (problem !== undefined) throw new UsageError(`${source}: ${problem}`);
}

function payloadProblem(spec: PayloadSpec): string | undefined {
  if (typeof spec !== 'object' || spec === null || !Array.isArray(spec.inputs)) return 'payload has no "inputs" array';
  if (spec.inputs.length === 0) return 'payload has no inputs';
  const seen = new Set<string>();
  for (let i = 0; i < spec.inputs.length; i++) {
    const problem = tensorProblem(spec.inputs[i], i, seen);
    if (problem !== undefined) return problem;
  }
  if (spec.parameters !== undefined) {
    const problem = parametersProblem(spec.parameters);
    if (problem !== undefined) return `request parameters: ${problem}`;
  }
  if (spec.outputs !== undefined) return outputsProblem(spec.outputs);
  return undefined;
}

function tensorProblem(t: TensorSpec, index: number, seen: Set<string>): string | undefined {
  if (typeof t !== 'object' || t === null) return `inputs[${index}] is not an object`;
  if (typeof t.name !== 'string' || t.name === '') return `inputs[${index}] has no name`;
  const label = `input "${t.name}"`;
  if (seen.has(t.name)) return `${label} appears more than once`;
  seen.add(t.name);
  if (!isDatatype(t.datatype)) return `${label}: unknown datatype ${JSON.stringify(t.datatype)}`;
  const badShape = shapeProblem(t.shape);
  if (badShape !== undefined) return `${label}: ${badShape}`;
  if (!Array.isArray(t.data)) return `${label}: data is missing or not an array`;
  const badData = tensorDataProblem(t.datatype, t.shape, t.data);
  if (badData !== undefined) return `${label}: ${badData}`;
  if (t.parameters !== undefined) {
    const badParams = parametersProblem(t.parameters);
    if (badParams !== undefined) return `${label}: parameters: ${badParams}`;
  }
  return undefined;
}

function outputsProblem(outputs: RequestedOutput[]): string | undefined {
  if (!Array.isArray(outputs)) return '"outputs" is not an array';
  for (let i = 0; i < outputs.length; i++) {
    const o = outputs[i];
    if (typeof o !== 'object' || o === null || typeof o.name !== 'string' || o.name === '') {
      return `outputs[${i}] has no name`;
    }
    if (o.parameters !== undefined) {
      const bad = parametersProblem(o.parameters);
      if (bad !== undefined) return `output "${o.name}": parameters: ${bad}`;
    }
  }
  return undefined;
}

/** parametersProblem checks an OIP parameters object: string keys, primitive values. */
function parametersProblem(params: unknown): string | undefined {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return 'not an object';
  for (const [key, value] of Object.entries(params)) {
    const t = typeof value;
    if (t !== 'string' && t !== 'number' && t !== 'boolean') return `"${key}" must be a string, number or boolean`;
  }
  return undefined;
}
