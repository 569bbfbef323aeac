/**
 * Model instances: the Seldon suite loads many copies of one model type under numbered names
 * (`iris0` ... `iris9`, model-zoo.md 1), versioned when bypassing Envoy (`iris0_1`). The reference
 * server can serve such names as renamed copies of the type's model.
 */
import type { ReferenceModel } from './reference-model.js';

/** renameModel is model served under another name (same metadata and computation). */
export function renameModel(model: ReferenceModel, name: string): ReferenceModel {
  return { ...model, name };
}

/**
 * instanceType finds the model type a name is an instance of: the name itself, else the name
 * without a `_<version>` suffix, else the longest type name that the remaining name starts with
 * followed only by digits (`add100` is instance 0 of `add10`, `iris7` instance 7 of `iris`).
 */
export function instanceType(name: string, types: ReadonlyMap<string, ReferenceModel>): ReferenceModel | undefined {
  const exact = types.get(name);
  if (exact !== undefined) return exact;
  const base = name.replace(/_\d+$/, '');
  const unversioned = types.get(base);
  if (unversioned !== undefined) return unversioned;
  let end = base.length;
  while (end > 0 && base.charCodeAt(end - 1) >= 48 && base.charCodeAt(end - 1) <= 57) end--;
  for (let cut = base.length - 1; cut >= end && cut > 0; cut--) {
    const type = types.get(base.slice(0, cut));
    if (type !== undefined) return type;
  }
  return undefined;
}
