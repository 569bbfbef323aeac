/**
 * The reference server's model registry: the models it serves, by name.
 */
import { ADD10_MODEL } from './add10.js';
import { ECHO_MODEL } from './echo.js';
import { IRIS_MODEL } from './iris.js';
import type { ReferenceModel } from './reference-model.js';
import { SYNTH_MODEL } from './synth.js';
import { TFSIMPLE_STRING_MODEL } from './tfsimple-string.js';
import { TFSIMPLE_MODEL } from './tfsimple.js';
import { SHAPE_ONLY_ZOO_MODELS } from './zoo-models.js';

/**
 * REFERENCE_MODELS are the models the reference server serves by default: the model zoo
 * (model-zoo.md 2), computed for iris, tfsimple, tfsimple_string, echo, add10 and synth, and by
 * shape only for the others.
 */
export const REFERENCE_MODELS: readonly ReferenceModel[] = [
  IRIS_MODEL,
  TFSIMPLE_MODEL,
  ECHO_MODEL,
  TFSIMPLE_STRING_MODEL,
  ADD10_MODEL,
  SYNTH_MODEL,
  ...SHAPE_ONLY_ZOO_MODELS,
];

/** modelsByName indexes models by name; a later model with the same name wins. */
export function modelsByName(models: readonly ReferenceModel[]): ReadonlyMap<string, ReferenceModel> {
  return new Map(models.map((m) => [m.name, m]));
}
