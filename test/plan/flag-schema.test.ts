import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asList, camelCase, flagsFrom, type FlagTable } from '../../src/plan/flag-schema.js';
import { UsageError } from '../../src/core/errors.js';

const TABLE = {
  'max-in-flight': { type: 'number' },
  header: { alias: 'H', type: 'string', repeatable: true },
  files: { type: 'string', array: true, positional: true },
  skipTLS: { type: 'boolean' },
  'load-schedule': { type: 'string', default: 'const' },
} as const satisfies FlagTable;

test('camelCase matches yargs: max-in-flight -> maxInFlight, skipTLS and http2 unchanged', () => {
  assert.deepEqual(['max-in-flight', 'skipTLS', 'http2', 'root-certs'].map(camelCase), ['maxInFlight', 'skipTLS', 'http2', 'rootCerts']);
});

test("flagsFrom keeps the table's flags by their camelCase names and drops aliases, kebab duplicates, _ and $0", () => {
  const argv = { _: ['attack'], $0: 'loadgen', 'max-in-flight': 3, maxInFlight: 3, H: 'a: b', header: 'a: b', skipTLS: true, other: 1 };
  assert.deepEqual(flagsFrom(TABLE, argv), { maxInFlight: 3, header: 'a: b', skipTLS: true, loadSchedule: 'const' });
});

test('flagsFrom: a repeatable flag may come as an array; a scalar flag given twice is bad input', () => {
  assert.deepEqual(flagsFrom(TABLE, { header: ['a: 1', 'b: 2'], files: ['x'], loadSchedule: 'step' }), { header: ['a: 1', 'b: 2'], files: ['x'], loadSchedule: 'step' });
  assert.throws(() => flagsFrom(TABLE, { maxInFlight: [1, 2] }), (e: unknown) => e instanceof UsageError && /--max-in-flight: give it once/.test(e.message));
  assert.throws(() => flagsFrom(TABLE, { maxInFlight: '3' }), /parsed as string, declared number/);
});

test('asList reads a repeatable flag', () => {
  assert.deepEqual([asList(undefined), asList('a'), asList(['a', 'b'])], [[], ['a'], ['a', 'b']]);
});

test('FlagsOf: a defaulted flag is always there, others optional (a compile-time check)', () => {
  const flags = flagsFrom(TABLE, {});
  const schedule: string = flags.loadSchedule;
  const inFlight: number | undefined = flags.maxInFlight;
  assert.deepEqual([schedule, inFlight], ['const', undefined]);
});
