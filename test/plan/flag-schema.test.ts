import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asList, camelCase, envName, flagsFrom, type FlagTable } from '../../src/plan/flag-schema.js';
import { UsageError } from '../../src/core/errors.js';

const TABLE = {
  'max-in-flight': { type: 'number' },
  header: { alias: 'H', type: 'string', repeatable: true },
  files: { type: 'string', array: true, positional: true },
  skipTLS: { type: 'boolean' },
  'load-schedule': { type: 'string', default: 'const' },
  duration: { alias: 'd', type: 'string' },
} as const satisfies FlagTable;

test('camelCase matches yargs: max-in-flight -> maxInFlight, skipTLS and http2 unchanged', () => {
  assert.deepEqual(['max-in-flight', 'skipTLS', 'http2', 'root-certs'].map(camelCase), ['maxInFlight', 'skipTLS', 'http2', 'rootCerts']);
});

test("flagsFrom keeps the table's flags by their camelCase names and drops aliases, kebab duplicates, _ and $0", () => {
  const argv = { _: ['attack'], $0: 'loadgen', 'max-in-flight': 3, maxInFlight: 3, H: 'a: b', header: 'a: b', skipTLS: true, other: 1 };
  assert.deepEqual(flagsFrom(TABLE, argv), { maxInFlight: 3, header: 'a: b', skipTLS: true, loadSchedule: 'const' });
});

test('flagsFrom: a repeatable flag keeps every value; a scalar flag given several times takes the last (k6, vegeta)', () => {
  assert.deepEqual(flagsFrom(TABLE, { header: ['a: 1', 'b: 2'], files: ['x'], loadSchedule: 'step' }), { header: ['a: 1', 'b: 2'], files: ['x'], loadSchedule: 'step' });
  // what yargs parses a repeated flag into                     the value the command gets
  const cases: Array<[Record<string, unknown>, Record<string, unknown>]> = [
    [{ maxInFlight: [1, 2] }, { maxInFlight: 2 }],
    [{ maxInFlight: [5, 1, 3] }, { maxInFlight: 3 }],
    [{ duration: ['1s', '2s'] }, { duration: '2s' }],
    [{ loadSchedule: ['step', 'line'] }, { loadSchedule: 'line' }],
    [{ skipTLS: [true, false] }, { skipTLS: false }],
  ];
  for (const [argv, want] of cases) assert.deepEqual(flagsFrom(TABLE, argv), { loadSchedule: 'const', ...want }, JSON.stringify(argv));
  assert.throws(() => flagsFrom(TABLE, { maxInFlight: '3' }), /parsed as string, declared number/);
});

test('flagsFrom: a demanded flag that no source gave is one UsageError naming the flag, its env var and the config key', () => {
  const table = { url: { type: 'string', demandOption: true }, host: { type: 'string', positional: true, demandOption: true } } as const satisfies FlagTable;
  assert.throws(
    () => flagsFrom(table, { host: 'h:1' }),
    (e: unknown) => e instanceof UsageError && e.message === 'Missing required argument: url (give it as --url, set LOADGEN_URL, or put "url:" in the --config file)',
  );
  assert.throws(() => flagsFrom(table, { url: 'u' }), (e: unknown) => e instanceof UsageError && /host \(give it as the host argument, set LOADGEN_HOST/.test(e.message));
});

test('envName: LOADGEN_ and the flag in upper snake case, camelCase flags split at their capitals', () => {
  assert.deepEqual(['rate', 'max-in-flight', 'skipTLS', 'http2', 'skipFirst', 'root-certs'].map(envName), [
    'LOADGEN_RATE',
    'LOADGEN_MAX_IN_FLIGHT',
    'LOADGEN_SKIP_TLS',
    'LOADGEN_HTTP2',
    'LOADGEN_SKIP_FIRST',
    'LOADGEN_ROOT_CERTS',
  ]);
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
