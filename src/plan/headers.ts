import { UsageError } from '../core/errors.js';

/** parseHeaderFlags reads repeated `--header "Key: Value"` flags, keeping the name's case. */
export function parseHeaderFlags(values: string | readonly string[] | undefined): Array<[string, string]> {
  return ([] as string[]).concat(values ?? []).map((h) => {
    const i = h.indexOf(':');
    const name = i < 0 ? '' : h.slice(0, i).trim();
    const value = i < 0 ? '' : h.slice(i + 1).trim();
    if (name === '' || value === '') throw new UsageError(`--header: "${h}" is not a header; use --header "Name: value"`);
    return [name, value];
  });
}
