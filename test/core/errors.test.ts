// The closed set of coded errors: each class has its stable code and exit code from the one
// table, and an error rebuilt from {code, message} (as it crosses a worker thread) is the same class.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  codedError,
  ERROR_CODES,
  errorCodeOf,
  exitCodeOf,
  InputDuringRunError,
  InternalError,
  LoadgenError,
  NotReadyError,
  RunFailedError,
  SloFailedError,
  UsageError,
  type ErrorCode,
} from '../../src/core/errors.js';

const TABLE: ReadonlyArray<[Class: new (m: string) => LoadgenError, code: ErrorCode, exit: number]> = [
  [UsageError, 'usage', 2],
  [InputDuringRunError, 'input-during-run', 2],
  [NotReadyError, 'not-ready', 3],
  [SloFailedError, 'slo-failed', 99],
  [RunFailedError, 'run-failed', 1],
  [InternalError, 'internal', 1],
];

test('every coded error carries its stable code and exit code', () => {
  assert.deepEqual(Object.keys(ERROR_CODES).sort(), TABLE.map(([, code]) => code).sort());
  for (const [Class, code, exit] of TABLE) {
    const err = new Class('m');
    assert.equal(err.code, code);
    assert.equal(err.exitCode, exit);
    assert.equal(errorCodeOf(err), code);
    assert.equal(exitCodeOf(err), exit);
  }
});

test('an error rebuilt from {code, message} is the same class with the same message', () => {
  for (const [Class, code] of TABLE) {
    const back = codedError(errorCodeOf(new Class('why')), 'why');
    assert.ok(back instanceof Class, code);
    assert.equal(back.message, 'why');
  }
});

test('an error outside the set is internal: exit 1', () => {
  assert.equal(errorCodeOf(new Error('boom')), 'internal');
  assert.equal(exitCodeOf(new TypeError('x')), 1);
  assert.equal(exitCodeOf('a string'), 1);
  assert.ok(codedError('no-such-code' as ErrorCode, 'm') instanceof InternalError);
});
