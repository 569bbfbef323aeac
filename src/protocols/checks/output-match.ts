/**
 * matchOutputs compares the outputs found in a response, whatever its protocol, with the expected
 * outputs of the model type, and returns the first mismatch as a short, stable check failure
 * reason (`check: missing output "OUTPUT1"`), or null. The per-protocol checks decode their
 * responses into ResponseOutput values and call it.
 */
import type { ExpectedOutputs } from '../../payloads/expected-outputs.js';

/** ResponseOutput is one output as a response carries it. */
export interface ResponseOutput {
  /** name is undefined for a protocol's single unnamed output (TF Serving unwrapped, Seldon v1). */
  readonly name: string | undefined;
  /** datatype is undefined when the protocol does not carry one (TF Serving, Seldon v1). */
  readonly datatype: string | undefined;
  readonly shape: readonly number[];
}

/** CHECK_PREFIX starts every check failure reason. */
export const CHECK_PREFIX = 'check: ';

/**
 * matchOutputs checks that every expected output is present (an unnamed output stands for the
 * only expected one) with the expected datatype and shape, where those are given. Without
 * expectations (null) it only asks for at least one output. Extra outputs are fine.
 */
export function matchOutputs(outputs: readonly ResponseOutput[], expect: ExpectedOutputs | null): string | null {
  if (outputs.length === 0) return `${CHECK_PREFIX}no outputs`;
  if (expect === null) return null;
  const anonymous = outputs.length === 1 && outputs[0].name === undefined && expect.outputs.length === 1;
  for (const want of expect.outputs) {
    const got = anonymous ? outputs[0] : outputs.find((o) => o.name === want.name);
    if (got === undefined) return `${CHECK_PREFIX}missing output "${want.name}"`;
    if (want.datatype !== undefined && got.datatype !== undefined && got.datatype !== want.datatype) {
      return `${CHECK_PREFIX}output "${want.name}" datatype ${got.datatype}, expected ${want.datatype}`;
    }
    if (want.shape !== undefined && !sameShape(got.shape, want.shape)) {
      return `${CHECK_PREFIX}output "${want.name}" shape ${JSON.stringify(got.shape)}, expected ${JSON.stringify(want.shape)}`;
    }
  }
  return null;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** statusProblem is the failure reason for a non-200 status, or null. */
export function statusProblem(status: number): string | null {
  return status === 200 ? null : `${CHECK_PREFIX}status ${status}`;
}

/** parseJsonObject parses body as a JSON object, or returns the failure reason as a string. */
export function parseJsonObject(body: Buffer): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return `${CHECK_PREFIX}body is not JSON`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${CHECK_PREFIX}body is not a JSON object`;
  return value as Record<string, unknown>;
}
