/**
 * envLayer: LOADGEN_<FLAG> variables checked against the flag table, repeatable flags one entry
 * per line, empty variables unset, and unusedEnv lists the LOADGEN_* names that are no flag.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { envLayer, unusedEnv } from '../../src/plan/env-layer.js';
import type { FlagTable } from '../../src/plan/flag-schema.js';

const TABLE = {
  rate: { type: 'string' },
  'max-in-flight': { type: 'number' },
  header: { alias: 'H', type: 'string', repeatable: true },
  input: { type: 'string', repeatable: true },
  http2: { type: 'boolean' },
  skipTLS: { type: 'boolean' },
} as const satisfies FlagTable;

function values(env: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries([...envLayer(TABLE, env)].map(([name, { value, source }]) => [name, [value, source.kind === 'env' ? source.variable : source.kind]]));
}

test('LOADGEN_* variables become typed flag values, each with its variable as source', () => {
  assert.deepEqual(values({ LOADGEN_RATE: '200', LOADGEN_MAX_IN_FLIGHT: '64', LOADGEN_HTTP2: 'false', LOADGEN_SKIP_TLS: '1', PATH: '/bin' }), {
    rate: ['200', 'LOADGEN_RATE'],
    'max-in-flight': [64, 'LOADGEN_MAX_IN_FLIGHT'],
    http2: [false, 'LOADGEN_HTTP2'],
    skipTLS: [true, 'LOADGEN_SKIP_TLS'],
  });
});

test('a repeatable flag: one entry per line (commas stay inside an entry), blank lines skipped; an empty variable is unset', () => {
  assert.deepEqual(values({ LOADGEN_HEADER: 'Accept: a, b\nX-Id: 1\n', LOADGEN_INPUT: 'x:FP32:1,4', LOADGEN_RATE: '' }), {
    header: [['Accept: a, b', 'X-Id: 1'], 'LOADGEN_HEADER'],
    input: [['x:FP32:1,4'], 'LOADGEN_INPUT'],
  });
});

test('a variable of the wrong type is one UsageError naming it and the fix', () => {
  const cases: Array<[Record<string, string>, string]> = [
    [{ LOADGEN_MAX_IN_FLIGHT: 'many' }, 'LOADGEN_MAX_IN_FLIGHT: max-in-flight expects a number, got "many" (fix: LOADGEN_MAX_IN_FLIGHT=10)'],
    [{ LOADGEN_MAX_IN_FLIGHT: ' ' }, 'LOADGEN_MAX_IN_FLIGHT: max-in-flight expects a number, got " " (fix: LOADGEN_MAX_IN_FLIGHT=10)'],
    [{ LOADGEN_HTTP2: 'yes' }, 'LOADGEN_HTTP2: http2 expects true or false, got "yes" (fix: LOADGEN_HTTP2=true)'],
  ];
  for (const [env, message] of cases) assert.throws(() => envLayer(TABLE, env), (e: unknown) => e instanceof UsageError && e.message === message, message);
});

test('unusedEnv: LOADGEN_* names that are no flag of the table (LOADGEN_CONFIG and LOADGEN_DEBUG are known)', () => {
  assert.deepEqual(unusedEnv(TABLE, { LOADGEN_RAET: '1', LOADGEN_RATE: '1', LOADGEN_CONFIG: 'c.yaml', LOADGEN_DEBUG: '1', LOADGEN_RPS: '3', HOME: '/' }), ['LOADGEN_RAET', 'LOADGEN_RPS']);
});
