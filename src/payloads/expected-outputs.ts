/**
 * ExpectedOutputs is what a response to one payload must carry to count as a success: the output
 * names, and datatypes and shapes where the model type defines them. Response checks
 * (src/protocols/checks/) compare a decoded response with it; it comes from the `outputs` section
 * of a payload template, expanded for the batch size like the inputs.
 */
import type { Datatype } from './datatype.js';
import { BATCH_DIM, type PayloadTemplate } from './payload-template.js';

/** ExpectedOutput is one output a response must carry; absent datatype or shape are not checked. */
export interface ExpectedOutput {
  readonly name: string;
  readonly datatype?: Datatype;
  /** shape is concrete (B substituted for the batch dimension). */
  readonly shape?: readonly number[];
}

/** ExpectedOutputs lists the outputs a response must carry (others may come too). */
export interface ExpectedOutputs {
  readonly outputs: readonly ExpectedOutput[];
}

/**
 * expectedOutputs expands a template's `outputs` section for batchSize: -1 in a shape becomes
 * batchSize. When the template asks for a subset of outputs (`requestOutputs`), only those are
 * expected. It returns null when the template declares no outputs (any well-formed response
 * with at least one output passes). The batch size is assumed valid (expandPayloadTemplate
 * checks it).
 */
export function expectedOutputs(template: PayloadTemplate, batchSize: number): ExpectedOutputs | null {
  if (template.outputs === undefined || template.outputs.length === 0) return null;
  const requested = template.requestOutputs?.map((o) => o.name);
  const outputs: ExpectedOutput[] = [];
  for (const o of template.outputs) {
    if (requested !== undefined && !requested.includes(o.name)) continue;
    const out: { name: string; datatype?: Datatype; shape?: number[] } = { name: o.name };
    if (o.datatype !== undefined) out.datatype = o.datatype;
    if (o.shape !== undefined) out.shape = o.shape.map((d) => (d === BATCH_DIM ? batchSize : d));
    outputs.push(out);
  }
  return outputs.length === 0 ? null : { outputs };
}
