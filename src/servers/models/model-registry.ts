/**
 * The reference server's model registry: the models it serves, by name.
 */
import { ECHO_MODEL } from './echo.js';
import { IRIS_MODEL } from './iris.js';
import type { ReferenceModel } from './reference-model.js';
import { TFSIMPLE_MODEL } from './tfsimple.js';

/** REFERENCE_MODELS are the models the reference server serves by default. */
export const REFERENCE_MODELS: readonly ReferenceModel[] = [IRIS_MODEL, TFSIMPLE_MODEL, ECHO_MODEL];

/** modelsByName indexes models by name; a later model with the same name wins. */
export function modelsByName(models: readonly ReferenceModel[]): ReadonlyMap<string, ReferenceModel> {
  return new Map(models.map((m) => [m.name, m]));
}
