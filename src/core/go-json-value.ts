/**
 * GoJsonValue is what the Go-compatible JSON encoder (reporters/go-format.ts goJson) encodes. A Map
 * is an object whose keys keep insertion order (use it when keys look like integers, which plain
 * JS objects would reorder); a bigint is an integer. It lives in core because the run record
 * carries ghz's `options` object in this form.
 */
export type GoJsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | readonly GoJsonValue[]
  | ReadonlyMap<string, GoJsonValue>
  | { readonly [key: string]: GoJsonValue };
