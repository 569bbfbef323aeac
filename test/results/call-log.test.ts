// The gRPC call log at the end of a run: the workers' logs merge by end time into columns sized
// for exactly the calls kept, totals cover every call, and full columns are handed over, not copied.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CallLog, mergeCallLogs } from '../../src/results/call-log.js';

function logOf(ends: number[], maxDetails?: number): CallLog {
  const log = new CallLog(0n, 0, maxDetails);
  for (const end of ends) log.record(end, end / 10, end % 7 === 0 ? 'Unavailable' : 'OK', end % 7 === 0 ? 'down' : '');
  return log;
}

test('merging logs interleaves every kept call by end time, columns exactly as long as the calls', () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.integer({ min: 1, max: 1e6 }), { maxLength: 300 }).map((a) => a.sort((x, y) => x - y)), { minLength: 2, maxLength: 4 }), (workers) => {
      const merged = mergeCallLogs(workers.map((ends) => logOf(ends).snapshot()), 0n);
      const all = workers.flat().sort((x, y) => x - y);
      assert.equal(merged.count, all.length);
      assert.equal(merged.calls.length, all.length);
      for (const column of [merged.calls.endOffsetNs, merged.calls.latencyNs, merged.calls.statusIndex, merged.calls.errorIndex]) assert.equal(column.length, all.length);
      assert.deepEqual([...merged.calls.endOffsetNs], all);
      const unavailable = all.filter((e) => e % 7 === 0).length;
      assert.equal(merged.statusCounts.get('Unavailable') ?? 0, unavailable);
      assert.equal(merged.errorCounts.get('down') ?? 0, unavailable);
    }),
  );
});

test('a log at its limit hands its columns over uncopied; one log is the merge; calls past the limit are counted', () => {
  const log = logOf([1, 2, 3, 4, 5], 3);
  const columns = log.calls();
  const snap = log.snapshot();
  assert.equal(snap.count, 5);
  assert.equal(snap.calls.length, 3);
  assert.equal(snap.calls.latencyNs, columns.latencyNs, 'full columns are the log own');
  assert.equal(mergeCallLogs([snap], 0n), snap);
  const partial = logOf([1, 2]).snapshot();
  assert.equal(partial.calls.latencyNs.length, 2, 'a log below its capacity is trimmed to its calls');
});
